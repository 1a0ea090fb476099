import { useCallback, useState } from 'preact/hooks';
import { getWallet, listSyncs, unlinkWallet, type SyncRun, type Wallet } from '../../api/mobileMoney';
import { Link } from '../../app/Link';
import { navigate } from '../../app/router';
import type { ScreenProps } from '../../app/routes';
import { useResource } from '../../app/useResource';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ProblemNotice } from '../../components/ProblemNotice';
import { showToast } from '../../components/toasts';
import { EmptyState, Skeleton } from '../../components/States';
import { useCursorPages, type PageQuery } from '../../components/useCursorPages';
import { formatDateTime } from '../../format/dates';
import { money } from './display';
import { t } from './messages';
import { Pages } from './Pages';
import { statementPath, WALLET_PATHS } from './paths';
import { errorText, SyncNow } from './SyncNow';
import { WalletsFrame, type WalletScope } from './WalletsFrame';

/** `/wallets/:walletId`: one wallet, "Sync now" with its progress, and its sync history. */
export default function WalletScreen({ params }: ScreenProps) {
  const walletId = params['walletId'] ?? '';
  return <WalletsFrame titleId="wallet-title" title={t('wallets.wallet.title')} current="other" children={(scope) => <WalletDetail scope={scope} walletId={walletId} />} />;
}

function WalletDetail({ scope, walletId }: { readonly scope: WalletScope; readonly walletId: string }) {
  const { orgId } = scope;
  const load = useCallback((signal: AbortSignal) => getWallet(orgId, walletId, signal), [orgId, walletId]);
  const wallet = useResource(load);
  const loadSyncs = useCallback(
    async ({ cursor, signal }: PageQuery) => {
      const page = await listSyncs(orgId, walletId, { cursor, limit: 10 }, signal);
      return { items: page.items, nextCursor: page.next_cursor };
    },
    [orgId, walletId],
  );
  const syncs = useCursorPages<SyncRun>(loadSyncs);
  if (wallet.data === undefined) {
    return wallet.error === undefined ? <Skeleton label={t('screen.loading')} lines={4} /> : <ProblemNotice error={wallet.error} />;
  }
  const reload = (): void => {
    wallet.reload();
    syncs.reload();
  };
  return (
    <>
      <Summary wallet={wallet.data} />
      {scope.canManage && (
        <div class="wallets-actions">
          <SyncNow orgId={orgId} walletId={walletId} walletName={wallet.data.name} onFinished={reload} />
          <Link href={statementPath(walletId)}>{t('wallets.statement.title')}</Link>
        </div>
      )}
      <p>
        <Link href={WALLET_PATHS.inbox}>{t('wallets.inbox.open')}</Link>
      </p>
      <h2 id="wallet-syncs">{t('wallets.syncs.title')}</h2>
      <ProblemNotice error={syncs.error} />
      {syncs.rows.length === 0 && syncs.loading ? (
        <Skeleton label={t('screen.loading')} lines={3} />
      ) : syncs.rows.length === 0 ? (
        <EmptyState title={t('wallets.syncs.emptyTitle')} body={t('wallets.syncs.emptyBody')} />
      ) : (
        <ul class="wallets-rows" aria-labelledby="wallet-syncs">
          {syncs.rows.map((run) => (
            <SyncRow key={run.id} run={run} />
          ))}
        </ul>
      )}
      <Pages paging={syncs.paging} loading={syncs.loading} />
      {scope.canManage && <Unlink orgId={orgId} wallet={wallet.data} />}
    </>
  );
}

/** Unlinks the wallet: its syncs stop; its transactions and the entries posted stay in the books. */
function Unlink({ orgId, wallet }: { readonly orgId: string; readonly wallet: Wallet }) {
  const [asking, setAsking] = useState(false);
  return (
    <>
      <p>
        <button type="button" class="button button--quiet" onClick={() => setAsking(true)}>
          {t('wallets.unlink.button')}
        </button>
      </p>
      {asking && (
        <ConfirmDialog
          title={t('wallets.unlink.title', { name: wallet.name })}
          confirmLabel={t('wallets.unlink.confirm')}
          onClose={() => setAsking(false)}
          onConfirm={async () => {
            await unlinkWallet(orgId, wallet.id);
            showToast(t('wallets.unlink.done', { name: wallet.name }), 'success');
            navigate(WALLET_PATHS.wallets);
          }}
        >
          <p>{t('wallets.unlink.body')}</p>
        </ConfirmDialog>
      )}
    </>
  );
}

function Summary({ wallet }: { readonly wallet: Wallet }) {
  return (
    <dl class="wallets-row" data-testid="wallet-summary">
      <dt>{t('wallets.link.name')}</dt>
      <dd>{wallet.name}</dd>
      <dt>{t('wallets.link.msisdn')}</dt>
      <dd>{wallet.msisdn}</dd>
      <dt>{t('wallets.link.environment')}</dt>
      <dd>{t(`wallets.environment.${wallet.environment}` as 'wallets.environment.live')}</dd>
      <dt>{t('wallets.balance')}</dt>
      <dd class="wallets-amount">{wallet.balance === null ? t('wallets.balanceUnknown') : money(wallet.balance)}</dd>
      <dt>{t('wallets.lastSyncLabel')}</dt>
      <dd>{wallet.last_synced_at === null ? t('wallets.neverSynced') : formatDateTime(wallet.last_synced_at)}</dd>
      <dt>{t('wallets.clientId')}</dt>
      <dd>{wallet.client_id_hint}</dd>
    </dl>
  );
}

function SyncRow({ run }: { readonly run: SyncRun }) {
  return (
    <li class="wallets-row" data-testid="sync-run">
      <p>
        <strong>{t(`wallets.syncStatus.${run.status}` as 'wallets.syncStatus.succeeded')}</strong> · <time dateTime={run.requested_at}>{formatDateTime(run.requested_at)}</time> ·{' '}
        {t(`wallets.trigger.${run.trigger}` as 'wallets.trigger.manual')}
      </p>
      <p class="muted">{t('wallets.syncs.counts', { fetched: run.fetched, added: run.added, updated: run.updated })}</p>
      {run.duration_ms !== null && <p class="muted">{t('wallets.syncs.duration', { seconds: (run.duration_ms / 1000).toFixed(1) })}</p>}
      {run.progress !== null && run.status === 'running' && <progress class="wallets-progress" max={1} value={run.progress} aria-label={t('wallets.sync.progress')} />}
      {run.errors.length > 0 && <p class="notice">{errorText(run)}</p>}
    </li>
  );
}
