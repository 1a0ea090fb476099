import { Fragment, type ComponentChildren } from 'preact';
import { Link } from '../../app/Link';
import { useSession, type Permission } from '../../app/session';
import { Skeleton } from '../../components/States';
import { t } from './messages';
import { SALES_PATHS } from './paths';
import './customers.css';

/** What a customer or item screen's body gets once the person may see it. */
export interface SalesScope {
  readonly orgId: string;
  readonly can: (permission: Permission) => boolean;
}

interface SalesFrameProps {
  /** The `id` of the screen's `<h1>`. */
  readonly titleId: string;
  readonly title: string;
  /** Which of the frame's own links is this screen, if any. */
  readonly current?: 'customers' | 'items';
  /** What the person needs to see this screen. */
  readonly permission: Permission;
  /** Buttons and links beside the title. */
  readonly actions?: (scope: SalesScope) => ComponentChildren;
  readonly children: (scope: SalesScope) => ComponentChildren;
}

/**
 * The frame of every customer and item screen: its title, links between customers and
 * items, and the check that the person is in an organization whose role lets them see it.
 * The one place these screens read the session.
 */
export function SalesFrame({ titleId, title, current, permission, actions, children }: SalesFrameProps) {
  const session = useSession();
  const orgId = session.status === 'signed_in' ? (session.currentOrganization?.id ?? null) : null;
  const scope = orgId === null ? null : { orgId, can: session.can };
  const allowed = scope !== null && session.can(permission);
  const links = [
    { key: 'customers', href: SALES_PATHS.customers, label: t('sales.link.customers'), shown: session.can('customers:read') },
    { key: 'items', href: SALES_PATHS.items, label: t('sales.link.items'), shown: session.can('invoices:read') },
  ].filter((link) => link.shown);

  return (
    <section class="screen sales" aria-labelledby={titleId}>
      <div class="screen__header">
        <h1 id={titleId}>{title}</h1>
        {allowed && actions !== undefined && <div class="sales-actions">{actions(scope)}</div>}
      </div>
      {allowed && links.length > 1 && (
        <nav class="sales-nav" aria-label={t('sales.navLabel')}>
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
        <p class="notice">{t('sales.noOrganization')}</p>
      ) : !allowed ? (
        <p class="notice">{t('sales.notAllowed')}</p>
      ) : (
        // Another organization is other customers: nothing typed or loaded for one carries over.
        <Fragment key={scope.orgId}>{children(scope)}</Fragment>
      )}
    </section>
  );
}
