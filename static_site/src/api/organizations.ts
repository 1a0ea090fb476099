/**
 * The organization endpoints (onboarding, profile, logo, export, deletion and restore),
 * typed by the API schema.
 */
import { api } from './client';
import type { RequestBodyOf, ResponseOf } from './paths';

// Named by the paths that carry them, not by the API's schema names, which may change.
export type OnboardingStarted = ResponseOf<'/api/v1/organizations', 'post'>;
export type OnboardingStatus = ResponseOf<'/api/v1/onboarding/{instance_id}', 'get'>;
export type OrganizationSummary = ResponseOf<'/api/v1/organizations', 'get'>[number];
export type DeletionScheduled = ResponseOf<'/api/v1/orgs/{org_id}', 'delete'>;
export type BusinessProfile = RequestBodyOf<'/api/v1/organizations', 'post'>;
export type BusinessType = BusinessProfile['business_type'];
export type Address = BusinessProfile['physical_address'];
export type Province = Address['province'];
export type ProfileOut = ResponseOf<'/api/v1/orgs/{org_id}/profile', 'get'>;
export type ProfilePatch = RequestBodyOf<'/api/v1/orgs/{org_id}/profile', 'patch'>;

/** The onboarding steps in the order the orchestration runs them (steps.py). */
export const ONBOARDING_STEPS = [
  'create_organization',
  'provision_schema',
  'seed_chart',
  'default_settings',
  'owner_membership',
  'welcome_email',
] as const;

export type OnboardingStep = (typeof ONBOARDING_STEPS)[number];

/** `POST /api/v1/organizations`: starts onboarding (202); poll the status. */
export function startOnboarding(profile: BusinessProfile, idempotencyKey: string): Promise<OnboardingStarted> {
  return api.call('post', '/api/v1/organizations', {
    body: profile,
    headers: { 'Idempotency-Key': idempotencyKey },
  });
}

/** `GET /api/v1/onboarding/{instance_id}`: where the run is. */
export function onboardingStatus(instanceId: string, signal?: AbortSignal): Promise<OnboardingStatus> {
  return api.call('get', '/api/v1/onboarding/{instance_id}', { path: { instance_id: instanceId }, signal });
}

export function listOrganizations(signal?: AbortSignal): Promise<OrganizationSummary[]> {
  return api.call('get', '/api/v1/organizations', { signal });
}

export function getProfile(orgId: string, signal?: AbortSignal): Promise<ProfileOut> {
  return api.call('get', '/api/v1/orgs/{org_id}/profile', { path: { org_id: orgId }, signal });
}

export function updateProfile(orgId: string, changes: ProfilePatch): Promise<ProfileOut> {
  return api.call('patch', '/api/v1/orgs/{org_id}/profile', { path: { org_id: orgId }, body: changes });
}

/** `PUT …/profile/logo` as multipart, field `logo` (PNG, JPEG or WebP, 1 MB by default). */
export async function uploadLogo(orgId: string, logo: Blob, fileName: string): Promise<void> {
  const form = new FormData();
  form.append('logo', logo, fileName);
  await api.call('put', '/api/v1/orgs/{org_id}/profile/logo', { path: { org_id: orgId }, body: form, timeoutMs: 60_000 });
}

/** The logo image, fetched with the session's credentials (an `<img src>` would have none). */
export async function getLogo(orgId: string, signal?: AbortSignal): Promise<Blob> {
  const file = await api.download('/api/v1/orgs/{org_id}/profile/logo', { path: { org_id: orgId }, accept: 'image/*', signal });
  return file.blob;
}

/** `GET …/export`: every record and file, as a zip; slow data needs a long timeout. */
export async function exportOrganization(orgId: string, signal?: AbortSignal): Promise<{ blob: Blob; fileName: string }> {
  const file = await api.download('/api/v1/orgs/{org_id}/export', {
    path: { org_id: orgId },
    accept: 'application/zip',
    signal,
    timeoutMs: 300_000,
  });
  return { blob: file.blob, fileName: file.fileName ?? 'intellifin-export.zip' };
}

export function deleteOrganization(orgId: string, confirmName: string): Promise<DeletionScheduled> {
  return api.call('delete', '/api/v1/orgs/{org_id}', { path: { org_id: orgId }, body: { confirm_name: confirmName } });
}

export async function restoreOrganization(orgId: string): Promise<void> {
  await api.call('post', '/api/v1/orgs/{org_id}/restore', { path: { org_id: orgId } });
}
