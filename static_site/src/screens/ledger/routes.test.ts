import { describe, expect, it } from 'vitest';
import { matchRoute, navigationRoutes, screenRoutes } from '../../app/routes';
import type { Permission } from '../../app/session';
import { t } from './messages';
import { accountPath, entryPath, journalPath, LEDGER_PATHS } from './paths';

const routes = screenRoutes(false);
const navFor = (permissions: readonly Permission[]): string[] =>
  navigationRoutes(routes, { signedIn: true, can: (permission) => permissions.includes(permission) }).map((route) => t(route.nameKey));

describe('the ledger in the route registry', () => {
  it('is one "Ledger" entry in the navigation, for members who may read the ledger', () => {
    expect(navFor(['ledger:read'])).toContain('Ledger');
    expect(navFor(['ledger:read', 'ledger:post']).filter((name) => name === 'Ledger' || name.includes('journal'))).toEqual(['Ledger']);
    expect(navFor(['organization:read'])).not.toContain('Ledger');
    expect(navigationRoutes(routes, { signedIn: false, can: () => false }).map((route) => route.path)).not.toContain('/ledger');
  });

  it('leads every ledger address to its screen, with its parameters and permission', async () => {
    const cases: [string, string, Record<string, string>, Permission][] = [
      [LEDGER_PATHS.chart, '/ledger', {}, 'ledger:read'],
      [accountPath('acc-1010'), '/ledger/accounts/:accountId', { accountId: 'acc-1010' }, 'ledger:read'],
      [LEDGER_PATHS.newEntry, '/ledger/new-entry', {}, 'ledger:post'],
      [entryPath('entry-7'), '/ledger/entries/:entryId', { entryId: 'entry-7' }, 'ledger:read'],
      [LEDGER_PATHS.trialBalance, '/ledger/trial-balance', {}, 'ledger:read'],
      [journalPath(), '/ledger/journal', {}, 'ledger:read'],
    ];
    for (const [address, pattern, params, permission] of cases) {
      const match = matchRoute(routes, address);
      expect([address, match?.route.path, match?.params, match?.route.permission]).toEqual([address, pattern, params, permission]);
      expect(typeof (await match?.route.load())?.default).toBe('function');
    }
  });
});
