/**
 * For the invoice screens' tests: a customer, an item, answers of the sales API, and a
 * signed-in session whose role grants the permissions asked for.
 */
import type { Me } from '../../api/auth';
import type { Customer, Invoice, InvoiceLine, InvoiceSummary, Item, Payment, Preview } from '../../api/invoices';
import { me, ORG_ID, signedIn, type FakeApi, type Handler } from '../../test/fakeApi';
import type { InvoicePermission } from './access';

export { ORG_ID };

export const ORG = `/api/v1/orgs/${ORG_ID}`;

export const CUSTOMER: Customer = {
  id: 'cust-1',
  kind: 'business',
  name: 'Kabwe Hardware Ltd',
  tpin: '1002345678',
  contact_person: 'Mutale Banda',
  phone: '0977123456',
  email: 'accounts@kabwe-hardware.co.zm',
  address: 'Plot 12, Cairo Road, Lusaka',
  payment_terms_days: 30,
  currency: 'ZMW',
  archived_at: null,
};

export const ITEM: Item = {
  id: 'item-1',
  code: 'CEM50',
  name: 'Cement 50 kg',
  kind: 'goods',
  classification_code: null,
  unit_code: 'BG',
  packaging_code: 'BG',
  tax_category: 'A',
  levy: null,
  rrp: null,
  default_price: '116.0000',
  price_includes_vat: true,
  income_account_id: null,
  stock_tracked: false,
  origin_country: 'ZM',
};

export function invoiceLine(changes: Partial<InvoiceLine> = {}): InvoiceLine {
  return {
    line_number: 1,
    item_id: ITEM.id,
    description: 'Cement 50 kg',
    quantity: '10.0000',
    unit_price: '116.0000',
    discount_rate: '0',
    tax_category: 'A',
    levy: null,
    income_account_id: 'acc-4010',
    supply_amount: '1160.0000',
    discount_amount: '0.0000',
    total_amount: '1160.0000',
    taxable_amount: '1000.0000',
    vat_rate: '16',
    vat_amount: '160.0000',
    levy_amount: '0.0000',
    ...changes,
  };
}

export const TOTALS: Invoice['totals'] = {
  buckets: [{ code: 'A', rate: '16.00', taxable_amount: '1000.0000', tax_amount: '160.0000' }],
  total_taxable: '1000.0000',
  total_tax: '160.0000',
  total_amount: '1160.0000',
  amount_due: '1160.00',
};

export function preview(changes: Partial<Preview> = {}): Preview {
  return { lines: [invoiceLine()], totals: TOTALS, ...changes };
}

export function invoice(changes: Partial<Invoice> = {}): Invoice {
  return {
    id: 'inv-1',
    status: 'issued',
    number: 'INV-2026-00042',
    customer_id: CUSTOMER.id,
    issue_date: '2026-03-14',
    due_date: '2026-04-13',
    currency: 'ZMW',
    exchange_rate: '1',
    prices_include_vat: true,
    lpo_number: null,
    destination_country: null,
    principal_id: null,
    reference: '',
    notes: '',
    branch_id: null,
    lines: [invoiceLine()],
    totals: TOTALS,
    amount_paid: '0.00',
    amount_credited: '0.00',
    amount_debited: '0.00',
    outstanding: '1160.00',
    journal_entry_id: 'entry-1',
    issued_at: '2026-03-14T08:30:00Z',
    fiscal: { status: 'pending', attempts: 0 },
    ...changes,
  };
}

export function summary(changes: Partial<InvoiceSummary> = {}): InvoiceSummary {
  return {
    id: 'inv-1',
    status: 'issued',
    number: 'INV-2026-00042',
    customer_id: CUSTOMER.id,
    issue_date: '2026-03-14',
    due_date: '2026-04-13',
    currency: 'ZMW',
    amount_due: '1160.00',
    outstanding: '1160.00',
    ...changes,
  };
}

export function payment(changes: Partial<Payment> = {}): Payment {
  return {
    id: 'pay-1',
    customer_id: CUSTOMER.id,
    payment_date: '2026-03-20',
    method: 'mobile_money',
    amount: '500.00',
    currency: 'ZMW',
    exchange_rate: '1',
    unallocated: '0.00',
    deposit_account_id: 'acc-1150',
    reference: 'MP240320.1234',
    journal_entry_id: 'entry-2',
    kind: 'receipt',
    allocations: [{ invoice_id: 'inv-1', amount: '500.00' }],
    ...changes,
  };
}

export const ALL_INVOICING: readonly InvoicePermission[] = [
  'invoices:read',
  'invoices:create',
  'invoices:issue',
  'invoices:void',
  'payments:record',
  'customers:read',
  'ledger:read',
];

/** A person signed in to the test organization with `permissions` there, and the API's answers. */
export function signedInToInvoices(
  routes: Record<string, Handler | Response | object> = {},
  permissions: readonly string[] = ALL_INVOICING,
): Promise<FakeApi> {
  const profile: Me = me({
    organizations: [
      {
        organization_id: ORG_ID,
        organization_name: 'Lusaka Traders Ltd',
        role: 'accountant',
        permissions: [...permissions],
        require_mfa: false,
      },
    ],
  });
  return signedIn(
    {
      [`GET ${ORG}/customers`]: { items: [CUSTOMER], next_cursor: null },
      [`GET ${ORG}/customers/${CUSTOMER.id}`]: CUSTOMER,
      [`GET ${ORG}/items`]: { items: [ITEM], next_cursor: null },
      [`GET ${ORG}/payments`]: { items: [], next_cursor: null },
      ...routes,
    },
    profile,
  );
}
