/**
 * What these screens need from the session, in one place: who is signed in, their
 * organizations, the current one, what they may do there, and switching. Adapts the shell's
 * `useSession()` (src/app/session.ts), so that tests can stand in a session of their own.
 */
import { useSession, type Permission } from '../../app/session';

export interface OrgSessionOrganization {
  readonly id: string;
  readonly name: string;
  readonly role?: string;
}

export interface OrgSession {
  /** The signed-in person's id; the key of their wizard draft. */
  readonly userId: string;
  readonly organizations: readonly OrgSessionOrganization[];
  readonly currentOrganization: OrgSessionOrganization | null;
  can(permission: Permission): boolean;
  switchOrganization(id: string): void | Promise<void>;
  /** Reads `/me` again: after creating, deleting or restoring an organization. */
  refreshMe(): Promise<unknown>;
}

/** The session as these screens see it. */
export function useOrgSession(): OrgSession {
  const session = useSession();
  return {
    userId: session.user?.id ?? 'anonymous',
    organizations: session.organizations,
    currentOrganization: session.currentOrganization,
    can: session.can,
    switchOrganization: session.switchOrganization,
    refreshMe: session.refreshMe,
  };
}
