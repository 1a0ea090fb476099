import { describe, expect, it } from 'vitest';
import { matchRoute, navigationRoutes, screenRoutes } from '../../app/routes';
import type { Permission } from '../../app/session';
import { t } from './messages';
import { creditNotePath, editInvoicePath, INVOICE_PATHS, invoicePath, paymentPath } from './paths';

const routes = screenRoutes(false);
const navFor = (permissions: readonly Permission[]): string[] =>
  navigationRoutes(routes, { signedIn: true, can: (permission) => permissions.includes(permission) }).map((route) => t(route.nameKey));

describe('invoices in the route registry', () => {
  it('are one "Invoices" entry in the navigation, right after Home, for members who may read them', () => {
    const names = navFor(['invoices:read', 'invoices:create', 'invoices:issue', 'payments:record', 'ledger:read']);
    expect(names.slice(0, 2)).toEqual(['Home', 'Invoices']);
    expect(names.filter((name) => /invoice|payment|credit/i.test(name))).toEqual(['Invoices']);
    expect(navFor(['organization:read'])).not.toContain('Invoices');
    expect(routes.find((route) => route.path === INVOICE_PATHS.list)?.daily).toBe(true);
  });

  it('lead every invoice address to its screen, with its parameters and permission', async () => {
    const cases: [string, string, Record<string, string>, Permission][] = [
      [INVOICE_PATHS.list, '/invoices', {}, 'invoices:read'],
      [INVOICE_PATHS.new, '/invoices/new', {}, 'invoices:create'],
      [invoicePath('inv-1'), '/invoices/:invoiceId', { invoiceId: 'inv-1' }, 'invoices:read'],
      [editInvoicePath('inv-1'), '/invoices/:invoiceId/edit', { invoiceId: 'inv-1' }, 'invoices:create'],
      [creditNotePath('inv-1'), '/invoices/:invoiceId/credit-note', { invoiceId: 'inv-1' }, 'invoices:issue'],
      [paymentPath('inv-1'), '/invoices/:invoiceId/payment', { invoiceId: 'inv-1' }, 'payments:record'],
    ];
    for (const [address, pattern, params, permission] of cases) {
      const match = matchRoute(routes, address);
      expect([address, match?.route.path, match?.params, match?.route.permission]).toEqual([address, pattern, params, permission]);
      expect(typeof (await match?.route.load())?.default).toBe('function');
    }
  });
});
