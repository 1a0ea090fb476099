/**
 * An organization's team: members, invitations, roles, the security audit log and the
 * sign-in requirements. Every call is addressed under `/api/v1/orgs/{org_id}/...`.
 */
import { api } from './client';
import type { components } from './schema';

type Schemas = components['schemas'];

export type Member = Schemas['MemberOut'];
export type MemberPage = Schemas['MemberPage'];
export type Invitation = Schemas['InvitationOut'];
export type InvitationPage = Schemas['InvitationPage'];
export type Role = Schemas['RoleOut'];
export type RoleIn = Schemas['RoleIn'];
export type RoleUpdate = Schemas['RoleUpdate'];
export type AuditEntry = Schemas['AuditEntry'];
export type AuditPage = Schemas['AuditPage'];
export type OrganizationSecurity = Schemas['OrganizationSecurity'];

export interface MemberQuery {
  readonly role?: string | undefined;
  readonly status?: 'active' | 'deactivated' | undefined;
  readonly q?: string | undefined;
  readonly sort?: 'name' | 'email' | 'joined';
  readonly order?: 'asc' | 'desc';
  readonly cursor?: string | null;
  readonly limit?: number;
}

export function listMembers(orgId: string, query: MemberQuery, signal?: AbortSignal): Promise<MemberPage> {
  return api.call('get', '/api/v1/orgs/{org_id}/members', {
    path: { org_id: orgId },
    query: { ...query, cursor: query.cursor ?? undefined, q: query.q === '' ? undefined : query.q },
    signal,
  });
}

export function changeMemberRole(orgId: string, userId: string, role: string): Promise<Member> {
  return api.call('patch', '/api/v1/orgs/{org_id}/members/{user_id}', {
    path: { org_id: orgId, user_id: userId },
    body: { role },
  });
}

export function deactivateMember(orgId: string, userId: string): Promise<Member> {
  return api.call('post', '/api/v1/orgs/{org_id}/members/{user_id}/deactivate', { path: { org_id: orgId, user_id: userId } });
}

export function reactivateMember(orgId: string, userId: string): Promise<Member> {
  return api.call('post', '/api/v1/orgs/{org_id}/members/{user_id}/reactivate', { path: { org_id: orgId, user_id: userId } });
}

export function listInvitations(
  orgId: string,
  query: { readonly q?: string; readonly cursor?: string | null; readonly limit?: number },
  signal?: AbortSignal,
): Promise<InvitationPage> {
  return api.call('get', '/api/v1/orgs/{org_id}/invitations', {
    path: { org_id: orgId },
    query: { q: query.q === '' ? undefined : query.q, cursor: query.cursor ?? undefined, limit: query.limit },
    signal,
  });
}

export function invite(orgId: string, email: string, role: string): Promise<Invitation> {
  return api.call('post', '/api/v1/orgs/{org_id}/invitations', { path: { org_id: orgId }, body: { email, role } });
}

export function resendInvitation(orgId: string, invitationId: string): Promise<Invitation> {
  return api.call('post', '/api/v1/orgs/{org_id}/invitations/{invitation_id}/resend', {
    path: { org_id: orgId, invitation_id: invitationId },
  });
}

export function revokeInvitation(orgId: string, invitationId: string): Promise<undefined> {
  return api.call('delete', '/api/v1/orgs/{org_id}/invitations/{invitation_id}', {
    path: { org_id: orgId, invitation_id: invitationId },
  });
}

export function listRoles(orgId: string, signal?: AbortSignal): Promise<Role[]> {
  return api.call('get', '/api/v1/orgs/{org_id}/roles', { path: { org_id: orgId }, signal });
}

export function createRole(orgId: string, role: RoleIn): Promise<Role> {
  return api.call('post', '/api/v1/orgs/{org_id}/roles', { path: { org_id: orgId }, body: role });
}

export function updateRole(orgId: string, key: string, changes: RoleUpdate): Promise<Role> {
  return api.call('patch', '/api/v1/orgs/{org_id}/roles/{role_key}', { path: { org_id: orgId, role_key: key }, body: changes });
}

export function deleteRole(orgId: string, key: string): Promise<undefined> {
  return api.call('delete', '/api/v1/orgs/{org_id}/roles/{role_key}', { path: { org_id: orgId, role_key: key } });
}

export interface AuditQuery {
  readonly event_type?: string | undefined;
  readonly user_id?: string | undefined;
  /** Inclusive instant, ISO 8601 with its offset. */
  readonly from?: string | undefined;
  /** Exclusive instant, ISO 8601 with its offset. */
  readonly to?: string | undefined;
  readonly cursor?: string | null;
  readonly limit?: number;
}

export function auditLog(orgId: string, query: AuditQuery, signal?: AbortSignal): Promise<AuditPage> {
  return api.call('get', '/api/v1/orgs/{org_id}/audit-log', {
    path: { org_id: orgId },
    query: { ...query, cursor: query.cursor ?? undefined },
    signal,
  });
}

export function getOrganizationSecurity(orgId: string, signal?: AbortSignal): Promise<OrganizationSecurity> {
  return api.call('get', '/api/v1/orgs/{org_id}/security', { path: { org_id: orgId }, signal });
}

export function setOrganizationSecurity(orgId: string, settings: OrganizationSecurity): Promise<OrganizationSecurity> {
  return api.call('put', '/api/v1/orgs/{org_id}/security', { path: { org_id: orgId }, body: settings });
}
