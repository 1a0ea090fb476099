import { expect, it } from 'vitest';
import { matchRoute, navigationRoutes, screenRoutes } from '../../app/routes';
import type { Permission } from '../../app/session';
import { t } from './messages';
import { statementPath, WALLET_PATHS, walletPath } from './paths';

const routes = screenRoutes(false);
const navFor = (permissions: readonly Permission[]): string[] =>
  navigationRoutes(routes, { signedIn: true, can: (permission) => permissions.includes(permission) }).map((route) => t(route.nameKey));

it('puts one "Wallets" entry in the navigation, for mobile_money:read, not in the phone bar', () => {
  expect(navFor(['mobile_money:read'])).toContain('Wallets');
  expect(navFor(['mobile_money:read', 'mobile_money:manage']).filter((name) => ['Wallets', 'Transactions', 'Rules', 'Link a wallet'].includes(name))).toEqual(['Wallets']);
  expect(navFor(['invoices:read'])).not.toContain('Wallets');
  expect(routes.find((route) => route.path === WALLET_PATHS.wallets)?.daily).toBeUndefined();
});

it('leads every Wallets address to its screen, with its parameters and permission', async () => {
  const cases: [string, string, Record<string, string>, Permission][] = [
    [WALLET_PATHS.wallets, '/wallets', {}, 'mobile_money:read'],
    [WALLET_PATHS.link, '/wallets/link', {}, 'mobile_money:manage'],
    [WALLET_PATHS.inbox, '/wallets/inbox', {}, 'mobile_money:read'],
    [WALLET_PATHS.rules, '/wallets/rules', {}, 'mobile_money:read'],
    [walletPath('w-1'), '/wallets/:walletId', { walletId: 'w-1' }, 'mobile_money:read'],
    [statementPath('w-1'), '/wallets/:walletId/statement', { walletId: 'w-1' }, 'mobile_money:manage'],
  ];
  for (const [address, pattern, params, permission] of cases) {
    const match = matchRoute(routes, address);
    expect([address, match?.route.path, match?.params, match?.route.permission]).toEqual([address, pattern, params, permission]);
    expect(typeof (await match?.route.load())?.default).toBe('function');
  }
});
