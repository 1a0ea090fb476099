import { Fragment, type ComponentChildren } from 'preact';
import { Link } from '../../app/Link';
import { useSession, type Permission } from '../../app/session';
import { Skeleton } from '../../components/States';
import { t } from './messages';
import { EXPENSE_PATHS } from './paths';
import './expenses.css';

/** What an expense, bill or supplier screen's body gets once the person may see it. */
export interface ExpensesScope {
  readonly orgId: string;
  readonly can: (permission: Permission) => boolean;
}

type FrameLink = 'expenses' | 'bills' | 'suppliers' | 'aging';

interface ExpensesFrameProps {
  readonly titleId: string;
  readonly title: string;
  readonly current?: FrameLink;
  readonly permission: Permission;
  readonly actions?: (scope: ExpensesScope) => ComponentChildren;
  readonly children: (scope: ExpensesScope) => ComponentChildren;
}

/**
 * The frame of every expense, bill and supplier screen: its title, the links between them,
 * and the check that the person is in an organization whose role lets them see it. The one
 * place these screens read the session (as SalesFrame does for customers).
 */
export function ExpensesFrame({ titleId, title, current, permission, actions, children }: ExpensesFrameProps) {
  const session = useSession();
  const orgId = session.status === 'signed_in' ? (session.currentOrganization?.id ?? null) : null;
  const scope = orgId === null ? null : { orgId, can: session.can };
  const allowed = scope !== null && session.can(permission);
  const links = [
    { key: 'expenses', href: EXPENSE_PATHS.expenses, label: t('exp.link.expenses'), shown: session.can('expenses:read') },
    { key: 'bills', href: EXPENSE_PATHS.bills, label: t('exp.link.bills'), shown: session.can('expenses:read') },
    { key: 'suppliers', href: EXPENSE_PATHS.suppliers, label: t('exp.link.suppliers'), shown: session.can('suppliers:read') },
    { key: 'aging', href: EXPENSE_PATHS.aging, label: t('exp.link.aging'), shown: session.can('suppliers:read') },
  ].filter((link) => link.shown);

  return (
    <section class="screen expenses" aria-labelledby={titleId}>
      <div class="screen__header">
        <h1 id={titleId}>{title}</h1>
        {allowed && actions !== undefined && <div class="expenses-actions">{actions(scope)}</div>}
      </div>
      {allowed && links.length > 1 && (
        <nav class="expenses-nav" aria-label={t('exp.navLabel')}>
          <ul>
            {links.map((link) => (
              <li key={link.key}>
                <Link href={link.href} current={current === link.key}>
                  {link.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      )}
      {session.status === 'loading' ? (
        <Skeleton label={t('screen.loading')} lines={4} />
      ) : scope === null ? (
        <p class="notice">{t('exp.noOrganization')}</p>
      ) : !allowed ? (
        <p class="notice">{t('exp.notAllowed')}</p>
      ) : (
        <Fragment key={scope.orgId}>{children(scope)}</Fragment>
      )}
    </section>
  );
}
