import { useEffect, useRef, useState } from 'preact/hooks';
import { listSyncs, syncWallet, type SyncRun } from '../../api/mobileMoney';
import { ProblemNotice } from '../../components/ProblemNotice';
import { useAction } from '../../components/useAction';
import { finished } from './display';
import { t } from './messages';

/** How often a running sync is read again. */
export const POLL_MS = 1500;

interface SyncNowProps {
  readonly orgId: string;
  readonly walletId: string;
  readonly walletName: string;
  /** Called once the sync has finished, so the screen reloads what it shows. */
  readonly onFinished: (run: SyncRun) => void;
}

/** "Sync now": queues a sync, then shows its progress until it has finished. */
export function SyncNow({ orgId, walletId, walletName, onFinished }: SyncNowProps) {
  const [run, setRun] = useState<SyncRun | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const start = useAction(async () => {
    setRun(await syncWallet(orgId, walletId));
  });
  useEffect(() => {
    if (run === null || finished(run.status)) {
      return undefined;
    }
    timer.current = setTimeout(() => {
      void listSyncs(orgId, walletId, { limit: 1 })
        .then((page) => {
          const latest = page.items.find((item) => item.id === run.id) ?? page.items[0];
          if (latest !== undefined) {
            setRun(latest);
            if (finished(latest.status)) {
              onFinished(latest);
            }
          }
        })
        .catch(() => setRun({ ...run }));
    }, POLL_MS);
    return () => clearTimeout(timer.current);
  }, [run]);
  const running = run !== null && !finished(run.status);
  return (
    <div class="wallets-sync" data-testid="sync-now">
      <button type="button" class="button" disabled={running || start.busy} onClick={() => void start.run()} aria-label={running ? t('wallets.sync.runningLabel', { name: walletName }) : t('wallets.sync.label', { name: walletName })}>
        {running ? t('wallets.sync.running') : t('wallets.sync.now')}
      </button>
      <ProblemNotice error={start.failure} />
      <div role="status">
        {run !== null && running && (
          <>
            <progress class="wallets-progress" max={1} value={run.progress ?? undefined} aria-label={t('wallets.sync.progress')} />
            <p>{t('wallets.sync.fetched', { count: run.fetched, added: run.added })}</p>
          </>
        )}
        {run !== null && run.status === 'succeeded' && <p>{t('wallets.sync.done', { added: run.added, updated: run.updated })}</p>}
        {run !== null && run.status === 'failed' && <p class="notice">{t('wallets.sync.failed', { errors: errorText(run) })}</p>}
      </div>
    </div>
  );
}

/** The errors of a failed run, in words. */
export function errorText(run: SyncRun): string {
  return run.errors.map((error) => String(error['message'] ?? error['code'] ?? '')).join(' ');
}
