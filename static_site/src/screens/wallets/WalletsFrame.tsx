import { Fragment, type ComponentChildren } from 'preact';
import { Link } from '../../app/Link';
import { useSession } from '../../app/session';
import { Skeleton } from '../../components/States';
import { t } from './messages';
import { WALLET_PATHS } from './paths';
import './wallets.css';

/** What a Wallets screen's body gets once the person may see it. */
export interface WalletScope {
  readonly orgId: string;
  /** The role may link, sync, categorise and change rules (`mobile_money:manage`). */
  readonly canManage: boolean;
  /** The role may read the chart of accounts (the names of the accounts suggested). */
  readonly canReadLedger: boolean;
}

interface WalletsFrameProps {
  readonly titleId: string;
  readonly title: string;
  readonly current: 'wallets' | 'inbox' | 'rules' | 'other';
  readonly children: (scope: WalletScope) => ComponentChildren;
}

/** The frame of every Wallets screen: its title, the section's own links, and the permission check. */
export function WalletsFrame({ titleId, title, current, children }: WalletsFrameProps) {
  const session = useSession();
  const orgId = session.status === 'signed_in' ? (session.currentOrganization?.id ?? null) : null;
  const allowed = orgId !== null && session.can('mobile_money:read');
  return (
    <section class="screen wallets" aria-labelledby={titleId}>
      <div class="screen__header">
        <h1 id={titleId}>{title}</h1>
      </div>
      {allowed && (
        <nav class="wallets-nav" aria-label={t('wallets.navLabel')}>
          <ul>
            <li>
              <Link href={WALLET_PATHS.wallets} current={current === 'wallets'}>
                {t('nav.wallets')}
              </Link>
            </li>
            <li>
              <Link href={WALLET_PATHS.inbox} current={current === 'inbox'}>
                {t('wallets.inbox.title')}
              </Link>
            </li>
            <li>
              <Link href={WALLET_PATHS.rules} current={current === 'rules'}>
                {t('wallets.rules.title')}
              </Link>
            </li>
          </ul>
        </nav>
      )}
      {session.status === 'loading' ? (
        <Skeleton label={t('screen.loading')} lines={4} />
      ) : orgId === null ? (
        <p class="notice">{t('wallets.noOrganization')}</p>
      ) : !allowed ? (
        <p class="notice">{t('wallets.notAllowed')}</p>
      ) : (
        <Fragment key={orgId}>{children({ orgId, canManage: session.can('mobile_money:manage'), canReadLedger: session.can('ledger:read') })}</Fragment>
      )}
    </section>
  );
}
