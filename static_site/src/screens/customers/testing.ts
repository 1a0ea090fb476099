/**
 * For the customer and item screens' tests: customers, statements and items as the API
 * answers them, and a signed-in session whose role grants the permissions asked for.
 */
import type { Customer, Statement, StatementLine } from '../../api/customers';
import type { Item } from '../../api/items';
import { me, ORG_ID, signedIn, type FakeApi, type Handler } from '../../test/fakeApi';

export { ORG_ID };

export const ORG = `/api/v1/orgs/${ORG_ID}`;

export const SALES_PERMISSIONS: readonly string[] = ['customers:read', 'customers:manage', 'invoices:read', 'invoices:create'];

export function customer(name: string, changes: Partial<Customer> = {}): Customer {
  return {
    id: `cust-${name.toLowerCase().replace(/\W+/g, '-')}`,
    kind: 'business',
    name,
    tpin: '1002003004',
    contact_person: null,
    phone: '+260977123456',
    email: null,
    address: null,
    payment_terms_days: 30,
    currency: 'ZMW',
    archived_at: null,
    ...changes,
  };
}

export function statementLine(changes: Partial<StatementLine> = {}): StatementLine {
  return {
    day: '2026-03-02',
    document_type: 'invoice',
    document_id: 'inv-1',
    reference: 'INV-2026-0001',
    currency: 'ZMW',
    debit: '1160.00',
    credit: '0.00',
    balance: '1160.00',
    ...changes,
  };
}

export function statement(changes: Partial<Statement> = {}): Statement {
  return {
    customer_id: 'cust-mwale-builders',
    currency: 'ZMW',
    as_of: '2026-04-30',
    lines: [],
    balance: '0.00',
    aging: { current: '0.00', '1_30': '0.00', '31_60': '0.00', '61_90': '0.00', over_90: '0.00' },
    ...changes,
  };
}

export function item(code: string, name: string, changes: Partial<Item> = {}): Item {
  return {
    id: `item-${code.toLowerCase()}`,
    code,
    name,
    kind: 'goods',
    classification_code: null,
    unit_code: 'U',
    packaging_code: 'NT',
    tax_category: 'A',
    levy: null,
    rrp: null,
    default_price: '116.0000',
    price_includes_vat: true,
    income_account_id: null,
    stock_tracked: false,
    origin_country: 'ZM',
    ...changes,
  };
}

/** A person signed in to the test organization with `permissions` there, and the API's answers. */
export function signedInToSales(
  routes: Record<string, Handler | Response | unknown> = {},
  permissions: readonly string[] = SALES_PERMISSIONS,
): Promise<FakeApi> {
  return signedIn(
    routes as Record<string, Handler | Response | object>,
    me({
      organizations: [
        {
          organization_id: ORG_ID,
          organization_name: 'Lusaka Traders Ltd',
          role: 'owner',
          permissions: [...permissions],
          require_mfa: false,
        },
      ],
    }),
  );
}
