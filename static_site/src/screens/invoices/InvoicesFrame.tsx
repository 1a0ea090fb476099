import { Fragment, type ComponentChildren } from 'preact';
import { Link } from '../../app/Link';
import { Skeleton } from '../../components/States';
import { t } from './messages';
import { useInvoiceAccess, type InvoiceAccess, type InvoicePermission } from './access';
import { INVOICE_PATHS } from './paths';
import './invoices.css';

/** What an invoice screen's body gets once the person may see it. */
export interface InvoiceScope {
  readonly orgId: string;
  readonly access: InvoiceAccess;
}

interface InvoicesFrameProps {
  /** The `id` of the screen's `<h1>`. */
  readonly titleId: string;
  readonly title: string;
  /** What the person needs to see this screen besides `invoices:read`. */
  readonly permission?: InvoicePermission;
  /** A link back, above the title (the invoice a payment is for); `null` for none; the list by default. */
  readonly back?: { readonly href: string; readonly label: string } | null | undefined;
  /** Buttons beside the title. */
  readonly actions?: (scope: InvoiceScope) => ComponentChildren;
  readonly children: (scope: InvoiceScope) => ComponentChildren;
}

/** The frame of every invoice screen: its title, and the check that the person may see it. */
export function InvoicesFrame({ titleId, title, permission = 'invoices:read', back, actions, children }: InvoicesFrameProps) {
  const access = useInvoiceAccess();
  const scope = access.organizationId === null ? null : { orgId: access.organizationId, access };
  const allowed = scope !== null && access.can('invoices:read') && access.can(permission);

  return (
    <section class="screen invoices" aria-labelledby={titleId}>
      {back !== null && (
        <p class="invoices__back">
          <Link href={back?.href ?? INVOICE_PATHS.list}>{back?.label ?? t('invoices.backToList')}</Link>
        </p>
      )}
      <div class="screen__header">
        <h1 id={titleId}>{title}</h1>
        {allowed && actions?.(scope)}
      </div>
      {access.status === 'loading' ? (
        <Skeleton label={t('screen.loading')} lines={4} />
      ) : scope === null ? (
        <p class="notice">{t('invoices.noOrganization')}</p>
      ) : !allowed ? (
        <p class="notice">{t('invoices.notAllowed')}</p>
      ) : (
        // Another organization is other books: nothing typed or loaded for one carries over.
        <Fragment key={scope.orgId}>{children(scope)}</Fragment>
      )}
    </section>
  );
}
