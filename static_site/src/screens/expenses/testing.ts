/** For the expense, bill and supplier screens' tests: answers as the API gives them, and a signed-in session. */
import type { Category, Purchase, PurchaseSummary, Receipt, Supplier } from '../../api/purchases';
import { me, ORG_ID, signedIn, type FakeApi, type Handler } from '../../test/fakeApi';

export { ORG_ID };
export const ORG = `/api/v1/orgs/${ORG_ID}`;
export const CLERK = ['expenses:read', 'expenses:create', 'suppliers:read', 'suppliers:manage'];
export const APPROVER = [...CLERK, 'expenses:approve'];
export const ACCOUNTANT = [...APPROVER, 'expenses:post'];

export function summary(id: string, changes: Partial<PurchaseSummary> = {}): PurchaseSummary {
  return {
    id,
    number: null,
    status: 'draft',
    supplier_id: null,
    document_date: '2026-03-02',
    due_date: '2026-03-02',
    amount_due: '116.00',
    outstanding: '0.00',
    input_vat_claimable: '16.00',
    vat_reason: null,
    ...changes,
  };
}

export function purchase(id: string, changes: Partial<Purchase> = {}): Purchase {
  return {
    id,
    kind: 'expense',
    status: 'draft',
    number: null,
    supplier_id: null,
    document_date: '2026-03-02',
    due_date: '2026-03-02',
    supplier_reference: '',
    payment_method: 'cash',
    paid_from_account_id: null,
    paid_by_user_id: null,
    prices_include_vat: true,
    supply_kind: 'local',
    zra_receipt_number: null,
    sdc_id: null,
    zra_qr: null,
    customs_entry_number: null,
    import_vat: '0.00',
    notes: '',
    lines: [],
    total_taxable: '100.00',
    total_vat: '16.00',
    total_amount: '116.00',
    vat: { input_vat_claimable: '16.00', reason: null, reverse_charge_vat: '0.00', route: 'claimable', vat_cost: '0.00' },
    amount_due: '116.00',
    amount_paid: '0.00',
    amount_credited: '0.00',
    outstanding: '0.00',
    journal_entry_id: null,
    reversal_entry_id: null,
    reimbursement_entry_id: null,
    created_by: 'user-1',
    submitted_by: null,
    approved_by: null,
    rejection_reason: null,
    ...changes,
  } as Purchase;
}

export function category(name: string, id = `cat-${name.toLowerCase()}`): Category {
  return { id, code: name.toUpperCase().slice(0, 4), name, kind: 'expense', account_id: 'acc-1', archived: false, income_tax_deductible: true, treatments: [] } as unknown as Category;
}

export function supplier(name: string, changes: Partial<Supplier> = {}): Supplier {
  return {
    id: `sup-${name.toLowerCase().replace(/\W+/g, '-')}`,
    name,
    tpin: '1002003004',
    vat_registered: true,
    phone: null,
    email: null,
    payment_terms_days: 30,
    default_category_id: null,
    wht_type: null,
    resident: true,
    archived_at: null,
    ...changes,
  };
}

export function receipt(id: string, changes: Partial<Receipt> = {}): Receipt {
  return {
    id,
    receipt_type: 'image',
    content_type: 'image/jpeg',
    file_name: 'till-slip.jpg',
    size_bytes: 1000,
    sha256: 'ab',
    width: 800,
    height: 1200,
    has_thumbnail: true,
    retain_until: '2032-12-31',
    uploaded_by: 'user-1',
    created_at: '2026-03-02T08:00:00Z',
    duplicate: false,
    ...changes,
  };
}

export function signedInToExpenses(routes: Record<string, Handler | Response | unknown> = {}, permissions: readonly string[] = CLERK): Promise<FakeApi> {
  return signedIn(
    {
      [`GET ${ORG}/expense-categories`]: { items: [category('Fuel'), category('Stationery')] },
      [`GET ${ORG}/suppliers`]: { items: [supplier('Puma Energy')], next_cursor: null },
      ...(routes as Record<string, Handler | Response | object>),
    },
    me({
      organizations: [{ organization_id: ORG_ID, organization_name: 'Lusaka Traders Ltd', role: 'owner', permissions: [...permissions], require_mfa: false }],
    }),
  );
}
