import { Fragment, type ComponentChildren } from 'preact';
import { Link } from '../../app/Link';
import { Skeleton } from '../../components/States';
import { t } from './messages';
import { useLedgerAccess, type LedgerAccess, type LedgerPermission } from './access';
import { LEDGER_PATHS } from './paths';
import './ledger.css';

/** What a ledger screen's body gets once the person may see it. */
export interface LedgerScope {
  readonly orgId: string;
  readonly access: LedgerAccess;
}

interface LedgerFrameProps {
  /** The `id` of the screen's `<h1>`. */
  readonly titleId: string;
  readonly title: string;
  /** Which of the ledger's own links is this screen, if any. */
  readonly current?: 'chart' | 'journal' | 'newEntry' | 'trialBalance';
  /** What the person needs to see this screen; `ledger:read` for most. */
  readonly permission?: LedgerPermission;
  /** Buttons beside the title. */
  readonly actions?: (scope: LedgerScope) => ComponentChildren;
  readonly children: (scope: LedgerScope) => ComponentChildren;
}

/**
 * The frame of every ledger screen: its title, the ledger's own links (chart, journal, new
 * entry, trial balance), and the check that the person is in an organization and may see it.
 */
export function LedgerFrame({ titleId, title, current, permission = 'ledger:read', actions, children }: LedgerFrameProps) {
  const access = useLedgerAccess();
  const scope = access.organizationId === null ? null : { orgId: access.organizationId, access };
  const allowed = scope !== null && access.can('ledger:read') && access.can(permission);

  return (
    <section class="screen ledger" aria-labelledby={titleId}>
      <div class="screen__header">
        <h1 id={titleId}>{title}</h1>
        {allowed && actions?.(scope)}
      </div>
      {allowed && <LedgerNav current={current} access={access} />}
      {access.status === 'loading' ? (
        <Skeleton label={t('screen.loading')} lines={4} />
      ) : scope === null ? (
        <p class="notice">{t('ledger.noOrganization')}</p>
      ) : !allowed ? (
        <p class="notice">{t('ledger.notAllowed')}</p>
      ) : (
        // Another organization is other books: nothing typed or loaded for one carries over.
        <Fragment key={scope.orgId}>{children(scope)}</Fragment>
      )}
    </section>
  );
}

function LedgerNav({ current, access }: { readonly current: LedgerFrameProps['current']; readonly access: LedgerAccess }) {
  return (
    <nav class="ledger-nav" aria-label={t('ledger.navLabel')}>
      <ul>
        <li>
          <Link href={LEDGER_PATHS.chart} current={current === 'chart'}>
            {t('ledger.chart.title')}
          </Link>
        </li>
        <li>
          <Link href={LEDGER_PATHS.journal} current={current === 'journal'}>
            {t('ledger.journalList.title')}
          </Link>
        </li>
        {access.can('ledger:post') && (
          <li>
            <Link href={LEDGER_PATHS.newEntry} current={current === 'newEntry'}>
              {t('ledger.entry.newTitle')}
            </Link>
          </li>
        )}
        <li>
          <Link href={LEDGER_PATHS.trialBalance} current={current === 'trialBalance'}>
            {t('ledger.tb.title')}
          </Link>
        </li>
      </ul>
    </nav>
  );
}
