/**
 * Who may do what in the ledger, and in which organization: the one place the ledger screens
 * read the session (`app/session.ts`).
 */
import { useSession, type Permission } from '../../app/session';

export type LedgerPermission = Extract<Permission, 'ledger:read' | 'ledger:post' | 'accounts:manage' | 'periods:manage' | 'ledger:export'>;

export interface LedgerAccess {
  /** `loading` while the session is being restored; `ready` once it is known. */
  readonly status: 'loading' | 'ready';
  /** The organization the person is working in; `null` when signed out or a member of none. */
  readonly organizationId: string | null;
  /** Whether the person's role in that organization grants `permission`. */
  can(permission: LedgerPermission): boolean;
}

/** The session as the ledger needs it. */
export function useLedgerAccess(): LedgerAccess {
  const session = useSession();
  return {
    status: session.status === 'loading' ? 'loading' : 'ready',
    organizationId: session.status === 'signed_in' ? (session.currentOrganization?.id ?? null) : null,
    can: session.can,
  };
}
