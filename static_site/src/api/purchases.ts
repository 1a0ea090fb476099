/**
 * Expenses, bills, suppliers, categories, receipts, supplier payments and payables aging as
 * the expense and supplier screens use them, typed by the API schema (shared_code/api/purchases).
 * Amounts are decimal strings (`"1234.50"`); the screens never make a float of them.
 */
import { api, type DownloadedFile } from './client';
import type { QueryOf, RequestBodyOf, ResponseOf } from './paths';

type ExpenseList = ResponseOf<'/api/v1/orgs/{org_id}/expenses', 'get'>;
/** A row of the list (totals, status, why the VAT is or is not claimable). */
export type PurchaseSummary = ExpenseList['items'][number];
/** A whole expense or bill, with its lines and VAT reasoning. */
export type Purchase = ResponseOf<'/api/v1/orgs/{org_id}/expenses/{purchase_id}', 'get'>;
export type PurchaseStatus = Purchase['status'];
export type PurchaseBody = RequestBodyOf<'/api/v1/orgs/{org_id}/expenses', 'post'>;
export type PurchaseLineBody = PurchaseBody['lines'][number];
export type PurchaseQuery = NonNullable<QueryOf<'/api/v1/orgs/{org_id}/expenses', 'get'>>;
export type PurchasePreview = ResponseOf<'/api/v1/orgs/{org_id}/expenses/preview', 'post'>;
export type PaymentMethod = NonNullable<PurchaseBody['payment_method']>;
export type Receipt = ResponseOf<'/api/v1/orgs/{org_id}/expenses/{expense_id}/receipts', 'post'>;
type SupplierListOut = ResponseOf<'/api/v1/orgs/{org_id}/suppliers', 'get'>;
export type Supplier = SupplierListOut['items'][number];
export type SupplierBody = RequestBodyOf<'/api/v1/orgs/{org_id}/suppliers', 'post'>;
export type SupplierQuery = NonNullable<QueryOf<'/api/v1/orgs/{org_id}/suppliers', 'get'>>;
export type SupplierStatement = ResponseOf<'/api/v1/orgs/{org_id}/suppliers/{supplier_id}/statement', 'get'>;
export type SupplierImportResult = ResponseOf<'/api/v1/orgs/{org_id}/suppliers/import', 'post'>;
export type Category = ResponseOf<'/api/v1/orgs/{org_id}/expense-categories', 'get'>['items'][number];
export type PayablesAging = ResponseOf<'/api/v1/orgs/{org_id}/reports/payables-aging', 'get'>;
export type SupplierPaymentBody = RequestBodyOf<'/api/v1/orgs/{org_id}/supplier-payments', 'post'>;

/** An expense is paid now; a bill is on credit (2010, the supplier as party). */
export type PurchaseKind = 'expenses' | 'bills';
export type PurchaseAction = 'submit' | 'approve' | 'reject' | 'post' | 'void';

export const PURCHASE_STATUSES: readonly PurchaseStatus[] = ['draft', 'submitted', 'approved', 'posted', 'partly_paid', 'paid', 'void'];
export const PAYMENT_METHODS: readonly PaymentMethod[] = ['cash', 'bank', 'wallet', 'card', 'staff'];

export function listPurchases(orgId: string, kind: PurchaseKind, query: PurchaseQuery, signal?: AbortSignal): Promise<ExpenseList> {
  return kind === 'expenses'
    ? api.call('get', '/api/v1/orgs/{org_id}/expenses', { path: { org_id: orgId }, query, signal })
    : api.call('get', '/api/v1/orgs/{org_id}/bills', { path: { org_id: orgId }, query, signal });
}

export function getPurchase(orgId: string, kind: PurchaseKind, id: string, signal?: AbortSignal): Promise<Purchase> {
  return kind === 'expenses'
    ? api.call('get', '/api/v1/orgs/{org_id}/expenses/{purchase_id}', { path: { org_id: orgId, purchase_id: id }, signal })
    : api.call('get', '/api/v1/orgs/{org_id}/bills/{purchase_id}', { path: { org_id: orgId, purchase_id: id }, signal });
}

/** The totals the server would compute for this draft (the form shows them as lines change). */
export function previewPurchase(orgId: string, kind: PurchaseKind, body: PurchaseBody, signal?: AbortSignal): Promise<PurchasePreview> {
  return kind === 'expenses'
    ? api.call('post', '/api/v1/orgs/{org_id}/expenses/preview', { path: { org_id: orgId }, body, signal })
    : api.call('post', '/api/v1/orgs/{org_id}/bills/preview', { path: { org_id: orgId }, body, signal });
}

/** Saves a new draft; `idempotencyKey` makes a retry of the same request save it once. */
export function createPurchase(orgId: string, kind: PurchaseKind, body: PurchaseBody, idempotencyKey: string): Promise<Purchase> {
  const headers = { 'Idempotency-Key': idempotencyKey };
  return kind === 'expenses'
    ? api.call('post', '/api/v1/orgs/{org_id}/expenses', { path: { org_id: orgId }, body, headers })
    : api.call('post', '/api/v1/orgs/{org_id}/bills', { path: { org_id: orgId }, body, headers });
}

export function replacePurchase(orgId: string, kind: PurchaseKind, id: string, body: PurchaseBody): Promise<Purchase> {
  return kind === 'expenses'
    ? api.call('put', '/api/v1/orgs/{org_id}/expenses/{purchase_id}', { path: { org_id: orgId, purchase_id: id }, body })
    : api.call('put', '/api/v1/orgs/{org_id}/bills/{purchase_id}', { path: { org_id: orgId, purchase_id: id }, body });
}

/** The path of a state change, e.g. `/api/v1/orgs/o/expenses/e/submit` (also how the outbox queues it). */
export function actionPath(orgId: string, kind: PurchaseKind, id: string, action: PurchaseAction): string {
  return `/api/v1/orgs/${encodeURIComponent(orgId)}/${kind}/${encodeURIComponent(id)}/${action}`;
}

/** Moves a draft along: submit, approve, reject (with a reason), post or void. */
export function actOnPurchase(orgId: string, kind: PurchaseKind, id: string, action: PurchaseAction, body?: unknown): Promise<Purchase> {
  return api.request<Purchase>(actionPath(orgId, kind, id, action), { method: 'POST', body: body ?? {} });
}

export function listReceipts(orgId: string, expenseId: string, signal?: AbortSignal): Promise<readonly Receipt[]> {
  return api
    .call('get', '/api/v1/orgs/{org_id}/expenses/{expense_id}/receipts', { path: { org_id: orgId, expense_id: expenseId }, signal })
    .then((answer) => (Array.isArray(answer) ? answer : (answer as { items: Receipt[] }).items));
}

/** Uploads a receipt (the photo already downscaled in the browser). */
export function uploadReceipt(orgId: string, expenseId: string, file: Blob, fileName: string): Promise<Receipt> {
  const form = new FormData();
  form.append('file', file, fileName);
  return api.request<Receipt>(`/api/v1/orgs/${encodeURIComponent(orgId)}/expenses/${encodeURIComponent(expenseId)}/receipts`, {
    method: 'POST',
    body: form,
    timeoutMs: 60_000,
  });
}

/** The receipt's file, fetched with the session (never a public link). */
export function receiptFile(orgId: string, expenseId: string, receiptId: string): Promise<DownloadedFile> {
  return api.download('/api/v1/orgs/{org_id}/expenses/{expense_id}/receipts/{receipt_id}/file', {
    path: { org_id: orgId, expense_id: expenseId, receipt_id: receiptId },
    accept: 'image/*, application/pdf',
  });
}

export function listCategories(orgId: string, signal?: AbortSignal): Promise<readonly Category[]> {
  return api
    .call('get', '/api/v1/orgs/{org_id}/expense-categories', { path: { org_id: orgId }, query: { include_archived: false }, signal })
    .then((answer) => answer.items);
}

export function listSuppliers(orgId: string, query: SupplierQuery, signal?: AbortSignal): Promise<SupplierListOut> {
  return api.call('get', '/api/v1/orgs/{org_id}/suppliers', { path: { org_id: orgId }, query, signal });
}

export function getSupplier(orgId: string, supplierId: string, signal?: AbortSignal): Promise<Supplier> {
  return api.call('get', '/api/v1/orgs/{org_id}/suppliers/{supplier_id}', { path: { org_id: orgId, supplier_id: supplierId }, signal });
}

export function createSupplier(orgId: string, body: SupplierBody): Promise<unknown> {
  return api.call('post', '/api/v1/orgs/{org_id}/suppliers', { path: { org_id: orgId }, body });
}

export function replaceSupplier(orgId: string, supplierId: string, body: SupplierBody): Promise<Supplier> {
  return api.call('put', '/api/v1/orgs/{org_id}/suppliers/{supplier_id}', { path: { org_id: orgId, supplier_id: supplierId }, body });
}

export function getSupplierStatement(orgId: string, supplierId: string, signal?: AbortSignal): Promise<SupplierStatement> {
  return api.call('get', '/api/v1/orgs/{org_id}/suppliers/{supplier_id}/statement', {
    path: { org_id: orgId, supplier_id: supplierId },
    query: { as_of: null },
    signal,
  });
}

export function importSuppliers(orgId: string, csv: string, preview: boolean): Promise<SupplierImportResult> {
  return api.call('post', '/api/v1/orgs/{org_id}/suppliers/import', { path: { org_id: orgId }, body: { csv, preview }, timeoutMs: 60_000 });
}

export function getPayablesAging(orgId: string, signal?: AbortSignal): Promise<PayablesAging> {
  return api.call('get', '/api/v1/orgs/{org_id}/reports/payables-aging', { path: { org_id: orgId }, query: { as_of: null }, signal });
}
