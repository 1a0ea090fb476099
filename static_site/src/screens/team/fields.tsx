import { useCallback } from 'preact/hooks';
import { listRoles, type Role } from '../../api/team';
import { useResource, type Resource } from '../../app/useResource';

/** The organization's roles (built-in, most powerful first, then custom). */
export function useRoles(orgId: string): Resource<Role[]> {
  const load = useCallback((signal: AbortSignal) => listRoles(orgId, signal), [orgId]);
  return useResource(load);
}

/** A role's name from its key, or the key while the roles are not known. */
export function roleName(roles: readonly Role[] | undefined, key: string): string {
  return roles?.find((role) => role.key === key)?.name ?? key;
}

/** The roles the person may grant: those within their own permissions (the API checks the same). */
export function grantable(roles: readonly Role[], own: readonly string[]): readonly Role[] {
  return roles.filter((role) => role.permissions.every((permission) => own.includes(permission)));
}
