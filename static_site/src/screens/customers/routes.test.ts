import { describe, expect, it } from 'vitest';
import { matchRoute, navigationRoutes, screenRoutes } from '../../app/routes';
import type { Permission } from '../../app/session';
import { t } from './messages';
import { customerPath, editCustomerPath, itemPath, SALES_PATHS } from './paths';

const routes = screenRoutes(false);
const navFor = (permissions: readonly Permission[]): string[] =>
  navigationRoutes(routes, { signedIn: true, can: (permission) => permissions.includes(permission) }).map((route) => t(route.nameKey));

describe('customers and items in the route registry', () => {
  it('are "Customers" (a daily destination) and "Items" in the navigation, each for the roles that may see them', () => {
    expect(navFor(['customers:read', 'customers:manage', 'invoices:read', 'invoices:create'])).toEqual(
      expect.arrayContaining(['Customers', 'Items']),
    );
    expect(navFor(['customers:read', 'customers:manage']).filter((name) => name.includes('ustomer') || name.includes('tem'))).toEqual(['Customers']);
    expect(navFor(['invoices:read'])).toContain('Items');
    expect(navFor(['invoices:read'])).not.toContain('Customers');
    expect(routes.find((route) => route.path === SALES_PATHS.customers)?.daily).toBe(true);
    // After Home, before the ledger.
    const paths = routes.map((route) => route.path);
    expect(paths.indexOf(SALES_PATHS.customers)).toBeGreaterThan(paths.indexOf('/'));
    expect(paths.indexOf(SALES_PATHS.items)).toBeLessThan(paths.indexOf('/ledger'));
  });

  it('leads every customer and item address to its screen, with its parameters and permission', async () => {
    const cases: [string, string, Record<string, string>, Permission][] = [
      [SALES_PATHS.customers, '/customers', {}, 'customers:read'],
      [SALES_PATHS.newCustomer, '/customers/new', {}, 'customers:manage'],
      [SALES_PATHS.importCustomers, '/customers/import', {}, 'customers:manage'],
      [customerPath('cust-1'), '/customers/:customerId', { customerId: 'cust-1' }, 'customers:read'],
      [editCustomerPath('cust-1'), '/customers/:customerId/edit', { customerId: 'cust-1' }, 'customers:manage'],
      [SALES_PATHS.items, '/items', {}, 'invoices:read'],
      [SALES_PATHS.newItem, '/items/new', {}, 'invoices:create'],
      [itemPath('item-1'), '/items/:itemId', { itemId: 'item-1' }, 'invoices:create'],
    ];
    for (const [address, pattern, params, permission] of cases) {
      const match = matchRoute(routes, address);
      expect([address, match?.route.path, match?.params, match?.route.permission]).toEqual([address, pattern, params, permission]);
      expect(typeof (await match?.route.load())?.default).toBe('function');
    }
  });
});
