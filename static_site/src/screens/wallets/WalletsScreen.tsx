import { useCallback, useMemo } from 'preact/hooks';
import { listWallets, type Wallet } from '../../api/mobileMoney';
import { Link } from '../../app/Link';
import { useResource } from '../../app/useResource';
import { ProblemNotice } from '../../components/ProblemNotice';
import { EmptyState, Skeleton } from '../../components/States';
import { formatDateTime } from '../../format/dates';
import { recentKey } from '../../offline/recent';
import { money } from './display';
import { t, tCount } from './messages';
import { statementPath, WALLET_PATHS, walletPath } from './paths';
import { SyncNow } from './SyncNow';
import { WalletsFrame, type WalletScope } from './WalletsFrame';

/** How long the wallet list stays on the phone for offline reading. */
export const WALLETS_TTL_MS = 7 * 24 * 3_600_000;

/** `/wallets`: the linked Airtel Money wallets, each with its balance, last sync and "Sync now". */
export default function WalletsScreen() {
  return <WalletsFrame titleId="wallets-title" title={t('nav.wallets')} current="wallets" children={(scope) => <Wallets scope={scope} />} />;
}

function Wallets({ scope }: { readonly scope: WalletScope }) {
  const { orgId, canManage } = scope;
  const load = useCallback((signal: AbortSignal) => listWallets(orgId, signal), [orgId]);
  // Kept on the phone, so the balances can be read offline (marked as a saved copy).
  const saved = useMemo(() => recentKey<Wallet[]>('wallets.list', orgId, WALLETS_TTL_MS), [orgId]);
  const wallets = useResource(load, saved);
  if (wallets.data === undefined) {
    return wallets.error === undefined ? <Skeleton label={t('screen.loading')} lines={4} /> : <ProblemNotice error={wallets.error} />;
  }
  return (
    <div class="wallets-list">
      {wallets.savedAt !== undefined && !wallets.loading && (
        <>
          <p class="muted">{t('offline.savedCopy', { time: formatDateTime(wallets.savedAt) })}</p>
          <ProblemNotice error={wallets.error} />
        </>
      )}
      {canManage && (
        <p>
          <Link href={WALLET_PATHS.link} class="button">
            {t('wallets.link.title')}
          </Link>
        </p>
      )}
      {wallets.data.length === 0 ? (
        <EmptyState title={t('wallets.list.emptyTitle')} body={t('wallets.list.emptyBody')} />
      ) : (
        <ul class="wallets-rows" aria-label={t('nav.wallets')}>
          {wallets.data.map((wallet) => (
            <WalletRow key={wallet.id} wallet={wallet} scope={scope} onSynced={wallets.reload} />
          ))}
        </ul>
      )}
    </div>
  );
}

function WalletRow({ wallet, scope, onSynced }: { readonly wallet: Wallet; readonly scope: WalletScope; readonly onSynced: () => void }) {
  return (
    <li class="wallets-row" data-testid="wallet">
      <p>
        <Link href={walletPath(wallet.id)}>
          <strong>{wallet.name}</strong>
        </Link>{' '}
        · {wallet.msisdn} · {t(`wallets.environment.${wallet.environment}` as 'wallets.environment.live')}
      </p>
      <p>
        {t('wallets.balance')}: <span class="wallets-amount">{wallet.balance === null ? t('wallets.balanceUnknown') : money(wallet.balance)}</span>
        {wallet.balance_at !== null && <span class="muted"> ({formatDateTime(wallet.balance_at)})</span>}
      </p>
      <p class="muted">
        {wallet.last_synced_at === null ? t('wallets.neverSynced') : t('wallets.lastSync', { at: formatDateTime(wallet.last_synced_at) })}
      </p>
      {wallet.uncategorised !== undefined && wallet.uncategorised > 0 && (
        <p>
          <Link href={WALLET_PATHS.inbox}>{tCount('wallets.toCategorise', wallet.uncategorised)}</Link>
        </p>
      )}
      <div class="wallets-actions">
        {scope.canManage && <SyncNow orgId={scope.orgId} walletId={wallet.id} walletName={wallet.name} onFinished={onSynced} />}
        {scope.canManage && <Link href={statementPath(wallet.id)}>{t('wallets.statement.title')}</Link>}
      </div>
    </li>
  );
}
