/**
 * Which organization a piece of offline data belongs to, and the upgrade of data saved before
 * it said so (database version 1). Pure: no IndexedDB here, so each rule has its test.
 */

/** The organization an API path is about (`/api/v1/orgs/{org_id}/…`), or null. */
export function organizationOfPath(path: string): string | null {
  const match = /^\/api\/v1\/orgs\/([^/?#]+)/.exec(path);
  return match?.[1] === undefined ? null : decodeURIComponent(match[1]);
}

/** The store key of a recent copy: its organization (or `-` for none) and its name. */
export function recentStoreKey(organizationId: string | null, name: string): string {
  return `${organizationId ?? '-'}/${name}`;
}

/** Version 1 names that ended with an organization id, and their name from version 2 on. */
const ORGANIZATION_SUFFIXED: readonly { readonly pattern: RegExp; readonly name: string }[] = [
  { pattern: /^ledger\.chart\.(.+)$/, name: 'ledger.chart' },
  { pattern: /^organization\.profile:(.+)$/, name: 'organization.profile' },
];

export interface VersionOneRecent {
  readonly key: string;
  readonly value: unknown;
  readonly savedAt: number;
  readonly expiresAt: number;
}

export interface ScopedRecent extends VersionOneRecent {
  readonly organizationId: string | null;
  readonly name: string;
}

/**
 * A version 1 recent copy in the version 2 shape: the organization taken out of its name
 * where the name carried one, otherwise a copy of no organization (the mailbox, a draft).
 */
export function upgradeRecent(record: VersionOneRecent): ScopedRecent {
  for (const { pattern, name } of ORGANIZATION_SUFFIXED) {
    const organizationId = pattern.exec(record.key)?.[1];
    if (organizationId !== undefined) {
      return { ...record, key: recentStoreKey(organizationId, name), organizationId, name };
    }
  }
  return { ...record, key: recentStoreKey(null, record.key), organizationId: null, name: record.key };
}
