/**
 * Who may do what with invoices, and in which organization: the one place the invoice
 * screens read the session (`app/session.ts`).
 */
import { useSession, type Permission } from '../../app/session';

export type InvoicePermission = Extract<
  Permission,
  'invoices:read' | 'invoices:create' | 'invoices:issue' | 'invoices:void' | 'payments:record' | 'customers:read' | 'ledger:read'
>;

export interface InvoiceAccess {
  /** `loading` while the session is being restored; `ready` once it is known. */
  readonly status: 'loading' | 'ready';
  /** The organization the person is working in; `null` when signed out or a member of none. */
  readonly organizationId: string | null;
  /** Whether the person's role in that organization grants `permission`. */
  can(permission: InvoicePermission): boolean;
}

/** The session as the invoice screens need it. */
export function useInvoiceAccess(): InvoiceAccess {
  const session = useSession();
  return {
    status: session.status === 'loading' ? 'loading' : 'ready',
    organizationId: session.status === 'signed_in' ? (session.currentOrganization?.id ?? null) : null,
    can: session.can,
  };
}
