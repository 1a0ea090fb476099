/**
 * Who may do what with ZRA Smart Invoice, and in which organization: the one place the ZRA
 * screens (and the invoice's ZRA panel) read the session (`app/session.ts`).
 */
import { useSession, type Permission } from '../../app/session';

export type ZraPermission = Extract<Permission, 'zra:manage' | 'invoices:read' | 'organization:read'>;

export interface ZraAccess {
  /** `loading` while the session is being restored; `ready` once it is known. */
  readonly status: 'loading' | 'ready';
  /** The organization the person is working in; `null` when signed out or a member of none. */
  readonly organizationId: string | null;
  /** Whether the person's role in that organization grants `permission`. */
  can(permission: ZraPermission): boolean;
}

/** The session as the ZRA screens need it. */
export function useZraAccess(): ZraAccess {
  const session = useSession();
  return {
    status: session.status === 'loading' ? 'loading' : 'ready',
    organizationId: session.status === 'signed_in' ? (session.currentOrganization?.id ?? null) : null,
    can: session.can,
  };
}
