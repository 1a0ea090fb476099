import { useState } from 'preact/hooks';
import { ApiProblem } from '../../api/client';
import { importCustomers, type ImportProblem, type ImportResult } from '../../api/customers';
import { Link } from '../../app/Link';
import { DataTable, type Column } from '../../components/DataTable';
import { FileUpload, formatBytes } from '../../components/FileUpload';
import { ProblemNotice } from '../../components/ProblemNotice';
import { useAction } from '../../components/useAction';
import { t, tCount, type PlainMessageKey } from './messages';
import { SALES_PATHS } from './paths';
import { SalesFrame, type SalesScope } from './SalesFrame';

/** What a CSV file may be called by the phone or computer that chose it. */
const CSV_TYPES: readonly string[] = ['text/csv', 'application/csv', 'application/vnd.ms-excel', 'text/plain'];
/** The API reads up to 2,000,000 characters; a file much larger cannot be one it takes. */
const MAX_BYTES = 2 * 1024 * 1024;

/** Row problems whose code these screens say in the person's language; the others (duplicates, which name a row or a customer) keep the server's words. */
const ROW_CODES: Readonly<Record<string, PlainMessageKey>> = {
  kind_invalid: 'customers.error.kind',
  terms_invalid: 'customers.error.terms',
  terms_out_of_range: 'customers.error.terms',
  name_invalid: 'customers.error.name',
  tpin_invalid: 'customers.error.tpin',
  phone_invalid: 'customers.error.phone',
  email_invalid: 'customers.error.email',
  currency_invalid: 'customers.error.currency',
};

const DUPLICATE_CODES = new Set(['duplicate_in_file', 'duplicate_customer']);

/** Refusals of the whole file. */
const FILE_CODES: Readonly<Record<string, PlainMessageKey>> = {
  columns_missing: 'customers.import.columnsMissing',
  too_many_rows: 'customers.import.tooManyRows',
};

/**
 * `/customers/import`: a CSV file is checked first (the server lists every bad row: row
 * number, column, reason, and duplicates by TPIN, e-mail or phone), then its good rows are
 * imported when the person says so.
 */
export default function ImportScreen() {
  return (
    <SalesFrame
      titleId="customers-import-title"
      title={t('customers.import.title')}
      current="customers"
      permission="customers:manage"
      children={(scope) => <Import scope={scope} />}
    />
  );
}

type Step =
  | { readonly step: 'choose' }
  | { readonly step: 'checked'; readonly text: string; readonly preview: ImportResult }
  | { readonly step: 'imported'; readonly result: ImportResult };

function Import({ scope }: { readonly scope: SalesScope }) {
  const [file, setFile] = useState<File | null>(null);
  const [step, setStep] = useState<Step>({ step: 'choose' });
  const [unreadable, setUnreadable] = useState(false);

  const check = useAction(async (chosen: File) => {
    setUnreadable(false);
    let text: string;
    try {
      text = await chosen.text();
    } catch {
      setUnreadable(true);
      return;
    }
    setStep({ step: 'checked', text, preview: await importCustomers(scope.orgId, text, true) });
  });
  const commit = useAction(async (text: string) => {
    setStep({ step: 'imported', result: await importCustomers(scope.orgId, text, false) });
  });

  const choose = (chosen: File | null): void => {
    setFile(chosen);
    setStep({ step: 'choose' });
    check.clear();
    commit.clear();
  };

  return (
    <div class="sales-import">
      <p>{t('customers.import.intro')}</p>
      <p class="muted">{t('customers.import.columns')}</p>
      {step.step !== 'imported' && (
        <>
          <FileUpload
            label={t('customers.import.file')}
            file={file}
            onChange={choose}
            accept={CSV_TYPES}
            maxBytes={MAX_BYTES}
            hint={t('customers.import.fileHint', { limit: formatBytes(MAX_BYTES) })}
            wrongType={(name) => t('customers.import.wrongType', { name })}
          />
          {file !== null && step.step === 'choose' && (
            <div class="form__actions">
              <button type="button" class="button" disabled={check.busy} onClick={() => void check.run(file)}>
                {check.busy ? t('customers.import.checking') : t('customers.import.check')}
              </button>
            </div>
          )}
          {unreadable && (
            <p class="notice notice--error" role="alert">
              {t('customers.import.unreadable')}
            </p>
          )}
          <FileFailure error={check.failure} />
        </>
      )}
      {step.step === 'checked' && (
        <Preview
          preview={step.preview}
          busy={commit.busy}
          onImport={() => void commit.run(step.text)}
          failure={commit.failure}
        />
      )}
      {step.step === 'imported' && <Imported result={step.result} onAgain={() => choose(null)} />}
    </div>
  );
}

/** A refusal of the whole file in words; any other failure as usual. */
function FileFailure({ error }: { readonly error: unknown }) {
  if (error instanceof ApiProblem && error.errors !== undefined && error.errors.length > 0) {
    return (
      <div class="notice notice--error" role="alert">
        <p class="notice__title">{error.title}</p>
        <ul>
          {error.errors.map((problem) => {
            const key = FILE_CODES[problem.code];
            return <li key={problem.code}>{key === undefined ? problem.message : t(key)}</li>;
          })}
        </ul>
      </div>
    );
  }
  return <ProblemNotice error={error} />;
}

function reasonOf(problem: ImportProblem): string {
  const key = ROW_CODES[problem.code];
  return key === undefined ? problem.message : t(key);
}

function badRows(result: ImportResult): number {
  return new Set(result.problems.map((problem) => problem.row)).size;
}

function ProblemTable({ problems }: { readonly problems: readonly ImportProblem[] }) {
  const columns: Column<ImportProblem>[] = [
    { key: 'row', label: t('customers.import.col.row'), numeric: true, render: (problem) => String(problem.row) },
    { key: 'field', label: t('customers.import.col.field'), render: (problem) => problem.field },
    {
      key: 'reason',
      label: t('customers.import.col.reason'),
      render: (problem) => (
        <>
          {DUPLICATE_CODES.has(problem.code) && <strong>{t('customers.import.duplicate')}: </strong>}
          {reasonOf(problem)}
        </>
      ),
    },
  ];
  return (
    <DataTable
      caption={t('customers.import.problemsCaption')}
      columns={columns}
      rows={problems}
      rowKey={(problem) => `${problem.row}-${problem.field}-${problem.code}`}
    />
  );
}

interface PreviewProps {
  readonly preview: ImportResult;
  readonly busy: boolean;
  readonly onImport: () => void;
  readonly failure: unknown;
}

function Preview({ preview, busy, onImport, failure }: PreviewProps) {
  const bad = badRows(preview);
  return (
    <section class="sales-import" aria-labelledby="import-preview-title">
      <h2 id="import-preview-title">{t('customers.import.previewTitle')}</h2>
      <p role="status">
        {tCount('customers.import.rows', preview.rows)} {tCount('customers.import.good', preview.good)}
      </p>
      {bad === 0 ? <p>{t('customers.import.noProblems')}</p> : <p>{tCount('customers.import.bad', bad)}</p>}
      {bad > 0 && <ProblemTable problems={preview.problems} />}
      {preview.good === 0 ? (
        <p class="notice">{t('customers.import.nothingToImport')}</p>
      ) : (
        <div class="form__actions">
          <button type="button" class="button" disabled={busy} onClick={onImport}>
            {busy ? t('customers.import.importing') : tCount('customers.import.commit', preview.good)}
          </button>
        </div>
      )}
      <FileFailure error={failure} />
    </section>
  );
}

function Imported({ result, onAgain }: { readonly result: ImportResult; readonly onAgain: () => void }) {
  const bad = badRows(result);
  return (
    <section class="sales-import" aria-labelledby="import-done-title">
      <h2 id="import-done-title" class="notice__title">
        {tCount('customers.import.done', result.good)}
      </h2>
      {bad > 0 && (
        <>
          <p>{tCount('customers.import.skipped', bad)}</p>
          <ProblemTable problems={result.problems} />
        </>
      )}
      <div class="form__actions">
        <Link href={SALES_PATHS.customers} class="button">
          {t('customers.import.toList')}
        </Link>
        <button type="button" class="button button--quiet" onClick={onAgain}>
          {t('customers.import.again')}
        </button>
      </div>
    </section>
  );
}
