import { useState } from 'preact/hooks';
import { importSuppliers, type SupplierImportResult } from '../../api/purchases';
import { Link } from '../../app/Link';
import { FileUpload } from '../../components/FileUpload';
import { ProblemNotice } from '../../components/ProblemNotice';
import { ExpensesFrame, type ExpensesScope } from '../expenses/ExpensesFrame';
import { t } from '../expenses/messages';
import { EXPENSE_PATHS } from '../expenses/paths';

const CSV_TYPES: readonly string[] = ['text/csv', 'application/csv', 'application/vnd.ms-excel', 'text/plain'];

/** `/suppliers/import`: a CSV file checked first (every bad row listed), then its good rows saved. */
export default function SupplierImportScreen() {
  return (
    <ExpensesFrame titleId="supplier-import-title" title={t('sup.import.title')} current="suppliers" permission="suppliers:manage" children={(scope) => <Import scope={scope} />} />
  );
}

function Import({ scope }: { readonly scope: ExpensesScope }) {
  const [file, setFile] = useState<File | null>(null);
  const [csv, setCsv] = useState<string | null>(null);
  const [result, setResult] = useState<SupplierImportResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(undefined);

  const run = async (preview: boolean): Promise<void> => {
    setBusy(true);
    setFailure(undefined);
    try {
      const text = csv ?? (file === null ? '' : await file.text());
      setCsv(text);
      setResult(await importSuppliers(scope.orgId, text, preview));
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="expenses-import">
      <p>{t('sup.import.intro')}</p>
      {result?.saved !== true && (
        <FileUpload
          label={t('sup.import.file')}
          file={file}
          onChange={(chosen) => {
            setFile(chosen);
            setCsv(null);
            setResult(null);
          }}
          accept={CSV_TYPES}
          hint={t('sup.import.fileHint')}
          wrongType={(name) => t('sup.import.wrongType', { name })}
        />
      )}
      {file !== null && result === null && (
        <button type="button" class="button" disabled={busy} onClick={() => void run(true)}>
          {busy ? t('sup.import.checking') : t('sup.import.check')}
        </button>
      )}
      <ProblemNotice error={failure} />
      {result !== null && (
        <section aria-live="polite">
          <p>{result.saved ? t('sup.import.done', { count: String(result.good) }) : t('sup.import.checked', { good: String(result.good), rows: String(result.rows) })}</p>
          {result.problems.length > 0 && (
            <div class="data-table__scroll">
              <table>
                <caption>{t('sup.import.problems')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('sup.import.row')}</th>
                    <th scope="col">{t('sup.import.field')}</th>
                    <th scope="col">{t('sup.import.reason')}</th>
                  </tr>
                </thead>
                <tbody>
                  {result.problems.map((problem) => (
                    <tr key={`${problem.row}-${problem.field}-${problem.code}`}>
                      <td>{problem.row}</td>
                      <td>{problem.field}</td>
                      <td>{problem.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {!result.saved && result.good > 0 && (
            <button type="button" class="button" disabled={busy} onClick={() => void run(false)}>
              {t('sup.import.commit', { count: String(result.good) })}
            </button>
          )}
          {result.saved && <Link href={EXPENSE_PATHS.suppliers}>{t('sup.import.toList')}</Link>}
        </section>
      )}
    </div>
  );
}
