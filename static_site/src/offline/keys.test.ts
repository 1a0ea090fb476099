import { describe, expect, it } from 'vitest';
import { organizationOfPath, recentStoreKey, upgradeRecent } from './keys';

const ORG = 'a1111111-1111-4111-8111-111111111111';

describe('the organization of an API path', () => {
  it('is the {org_id} of an organization path, decoded', () => {
    expect(organizationOfPath(`/api/v1/orgs/${ORG}/journal-entries`)).toBe(ORG);
    expect(organizationOfPath(`/api/v1/orgs/${ORG}`)).toBe(ORG);
    expect(organizationOfPath('/api/v1/orgs/org%201/profile?x=1')).toBe('org 1');
  });

  it('is null for a path about no organization', () => {
    expect(organizationOfPath('/api/v1/organizations')).toBeNull();
    expect(organizationOfPath('/api/v1/me/sessions')).toBeNull();
  });
});

describe('a version 1 recent copy, upgraded', () => {
  const stored = { value: ['x'], savedAt: 1, expiresAt: 2 };

  it('takes the organization out of a name that ended with it', () => {
    expect(upgradeRecent({ key: `ledger.chart.${ORG}`, ...stored })).toEqual({
      key: recentStoreKey(ORG, 'ledger.chart'),
      organizationId: ORG,
      name: 'ledger.chart',
      ...stored,
    });
    expect(upgradeRecent({ key: `organization.profile:${ORG}`, ...stored }).name).toBe('organization.profile');
  });

  it('belongs to no organization otherwise, under the same name', () => {
    expect(upgradeRecent({ key: 'organization.draft:user-1', ...stored })).toEqual({
      key: '-/organization.draft:user-1',
      organizationId: null,
      name: 'organization.draft:user-1',
      ...stored,
    });
  });
});
