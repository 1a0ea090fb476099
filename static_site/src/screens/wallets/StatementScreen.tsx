import { useCallback, useEffect, useState } from 'preact/hooks';
import { getStatement, getWallet, importStatement, uploadStatement, type StatementImport } from '../../api/mobileMoney';
import { Link } from '../../app/Link';
import type { ScreenProps } from '../../app/routes';
import { useResource } from '../../app/useResource';
import { ProblemNotice } from '../../components/ProblemNotice';
import { Skeleton } from '../../components/States';
import { useAction } from '../../components/useAction';
import { formatDateTime } from '../../format/dates';
import { money } from './display';
import { t } from './messages';
import { WALLET_PATHS, walletPath } from './paths';
import { POLL_MS } from './SyncNow';
import { WalletsFrame, type WalletScope } from './WalletsFrame';

/** Airtel's statement exports the server reads. */
export const STATEMENT_ACCEPT = '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * `/wallets/:walletId/statement`: upload an Airtel statement export (CSV or XLSX), see its
 * problem rows and how many rows are new, then import it and follow its progress. A file with
 * problems is not imported at all.
 */
export default function StatementScreen({ params }: ScreenProps) {
  const walletId = params['walletId'] ?? '';
  return <WalletsFrame titleId="statement-title" title={t('wallets.statement.title')} current="other" children={(scope) => <Statement scope={scope} walletId={walletId} />} />;
}

function Statement({ scope, walletId }: { readonly scope: WalletScope; readonly walletId: string }) {
  const { orgId } = scope;
  const load = useCallback((signal: AbortSignal) => getWallet(orgId, walletId, signal), [orgId, walletId]);
  const wallet = useResource(load);
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<StatementImport | null>(null);
  const upload = useAction(async () => {
    if (file !== null) {
      setPreview(await uploadStatement(orgId, walletId, file));
    }
  });
  const start = useAction(async () => {
    if (preview !== null) {
      setPreview(await importStatement(orgId, walletId, preview.id));
    }
  });
  useEffect(() => {
    if (preview === null || preview.status !== 'importing') {
      return undefined;
    }
    const timer = setTimeout(() => {
      void getStatement(orgId, walletId, preview.id)
        .then(setPreview)
        .catch(() => setPreview({ ...preview }));
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [preview]);
  if (!scope.canManage) {
    return <p class="notice">{t('wallets.notAllowedManage')}</p>;
  }
  if (wallet.data === undefined) {
    return wallet.error === undefined ? <Skeleton label={t('screen.loading')} lines={3} /> : <ProblemNotice error={wallet.error} />;
  }
  return (
    <>
      <p>
        {t('wallets.statement.intro', { name: wallet.data.name })} <Link href={walletPath(walletId)}>{t('wallets.statement.back')}</Link>
      </p>
      <form
        class="form"
        noValidate
        aria-label={t('wallets.statement.upload')}
        onSubmit={(event) => {
          event.preventDefault();
          void upload.run();
        }}
      >
        <label class="field" for="statement-file">
          <span class="field__label">{t('wallets.statement.file')}</span>
        </label>
        <p class="field__hint" id="statement-file-hint">
          {t('wallets.statement.fileHint')}
        </p>
        <input
          id="statement-file"
          class="input"
          type="file"
          accept={STATEMENT_ACCEPT}
          aria-describedby="statement-file-hint"
          onChange={(event) => {
            setFile((event.target as HTMLInputElement).files?.[0] ?? null);
            setPreview(null);
          }}
        />
        <ProblemNotice error={upload.failure} />
        <button type="submit" class="button" disabled={file === null || upload.busy}>
          {upload.busy ? t('wallets.statement.reading') : t('wallets.statement.upload')}
        </button>
      </form>
      {preview !== null && <Preview preview={preview} busy={start.busy} onImport={() => void start.run()} />}
      <ProblemNotice error={start.failure} />
    </>
  );
}

function Preview({ preview, busy, onImport }: { readonly preview: StatementImport; readonly busy: boolean; readonly onImport: () => void }) {
  const problems = preview.problems;
  return (
    <div class="wallets-preview" data-testid="statement-preview">
      <h2>{t('wallets.statement.previewTitle', { file: preview.file_name })}</h2>
      <p>{t('wallets.statement.counts', { total: preview.rows_total, valid: preview.rows_valid, known: preview.rows_known, fresh: preview.rows_new })}</p>
      {problems.length > 0 && (
        <div class="notice notice--error" data-testid="statement-problems">
          <p class="notice__title">{t('wallets.statement.problemsTitle', { count: problems.length })}</p>
          <ul>
            {problems.map((problem, index) => (
              <li key={index}>
                {problem.field}: {problem.message}
              </li>
            ))}
          </ul>
          <p>{t('wallets.statement.fixAndRetry')}</p>
        </div>
      )}
      {preview.rows != null && preview.rows.length > 0 && (
        <div class="wallets-table" tabIndex={0} role="region" aria-label={t('wallets.statement.rows')}>
          <table>
            <caption>{t('wallets.statement.rows')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('wallets.statement.line')}</th>
                <th scope="col">{t('wallets.statement.when')}</th>
                <th scope="col">{t('wallets.statement.amount')}</th>
                <th scope="col">{t('wallets.statement.who')}</th>
                <th scope="col">{t('wallets.statement.state')}</th>
              </tr>
            </thead>
            <tbody>
              {preview.rows.map((row) => (
                <tr key={row.line}>
                  <td>{row.line}</td>
                  <td>{formatDateTime(row.occurred_at)}</td>
                  <td>
                    {row.direction === 'in' ? '+' : '−'}
                    {money(row.amount)}
                  </td>
                  <td>{row.counterparty_name}</td>
                  <td>{row.known ? t('wallets.statement.known') : t('wallets.statement.new')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {preview.status === 'previewed' && problems.length === 0 && (
        <button type="button" class="button" disabled={busy} onClick={onImport}>
          {t('wallets.statement.import', { count: preview.rows_new })}
        </button>
      )}
      <div role="status">
        {preview.status === 'importing' && (
          <>
            <progress class="wallets-progress" max={1} value={preview.progress} aria-label={t('wallets.statement.progress')} />
            <p>{t('wallets.statement.importing', { done: preview.rows_done, total: preview.rows_valid })}</p>
          </>
        )}
        {preview.status === 'imported' && (
          <p>
            {t('wallets.statement.imported', { fresh: preview.rows_new })} <Link href={WALLET_PATHS.inbox}>{t('wallets.inbox.open')}</Link>
          </p>
        )}
        {preview.status === 'failed' && <p class="notice notice--error">{t('wallets.statement.failed')}</p>}
      </div>
    </div>
  );
}
