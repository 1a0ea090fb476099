/**
 * The sales endpoints as the invoice screens use them (invoices, their preview, payments,
 * credit notes, and the customers and items an invoice is written for), typed by the API
 * schema. Amounts are decimal strings on the wire (`"1160.00"`, ZRA's `"116.0000"`); the
 * screens never turn them into floating-point numbers.
 */
import { api } from './client';
import type { EmailHistory } from './documents';
import type { QueryOf, RequestBodyOf, ResponseOf } from './paths';

// Named by the paths that carry them, not by the API's schema names, which may change.
export type Invoice = ResponseOf<'/api/v1/orgs/{org_id}/invoices/{invoice_id}', 'get'>;
export type InvoiceLine = Invoice['lines'][number];
export type InvoiceTotals = Invoice['totals'];
export type InvoiceStatus = Invoice['status'];
export type InvoiceList = ResponseOf<'/api/v1/orgs/{org_id}/invoices', 'get'>;
export type InvoiceSummary = InvoiceList['items'][number];
export type InvoiceBody = RequestBodyOf<'/api/v1/orgs/{org_id}/invoices', 'post'>;
export type InvoiceLineBody = InvoiceBody['lines'][number];
export type TaxCategory = NonNullable<InvoiceLineBody['tax_category']>;
export type Levy = NonNullable<InvoiceLineBody['levy']>;
export type Preview = ResponseOf<'/api/v1/orgs/{org_id}/invoices/preview', 'post'>;
export type StatusFilter = NonNullable<NonNullable<QueryOf<'/api/v1/orgs/{org_id}/invoices', 'get'>>['status']>;
export type Customer = ResponseOf<'/api/v1/orgs/{org_id}/customers/{customer_id}', 'get'>;
export type CustomerList = ResponseOf<'/api/v1/orgs/{org_id}/customers', 'get'>;
export type Item = ResponseOf<'/api/v1/orgs/{org_id}/items/{item_id}', 'get'>;
export type ItemList = ResponseOf<'/api/v1/orgs/{org_id}/items', 'get'>;
export type Payment = ResponseOf<'/api/v1/orgs/{org_id}/payments/{payment_id}', 'get'>;
export type PaymentBody = RequestBodyOf<'/api/v1/orgs/{org_id}/payments', 'post'>;
export type PaymentMethod = PaymentBody['method'];
export type { DocumentEmail, EmailHistory, EmailStatus } from './documents';
export type CreditNote = ResponseOf<'/api/v1/orgs/{org_id}/credit-notes/{credit_note_id}', 'get'>;
export type CreditNoteBody = RequestBodyOf<'/api/v1/orgs/{org_id}/credit-notes', 'post'>;

/** ZRA's VAT categories, in the order the editor offers them. */
export const TAX_CATEGORIES: readonly TaxCategory[] = ['A', 'B', 'C1', 'C2', 'C3', 'D', 'E', 'RVAT'];

/** How a customer may pay (`shared_code/sales/model.py`, `PaymentMethod`). */
export const PAYMENT_METHODS: readonly PaymentMethod[] = ['cash', 'bank', 'mobile_money', 'card', 'cheque'];

/** ZRA's credit-note reasons (`rfdRsnCd`, code class 32; `CREDIT_NOTE_REASONS` on the server). */
export const CREDIT_NOTE_REASONS = ['01', '02', '03', '04', '05', '06', '07'] as const;
export type CreditNoteReason = (typeof CREDIT_NOTE_REASONS)[number];

/** What happened to an invoice, oldest first. */
export type InvoiceHistory = ResponseOf<'/api/v1/orgs/{org_id}/invoices/{invoice_id}/history', 'get'>;
export type InvoiceEvent = InvoiceHistory['items'][number];
export type InvoiceEventKind = InvoiceEvent['event'];
export type PaymentList = ResponseOf<'/api/v1/orgs/{org_id}/payments', 'get'>;
export type CreditNoteList = ResponseOf<'/api/v1/orgs/{org_id}/credit-notes', 'get'>;

export interface InvoiceQuery {
  readonly status?: StatusFilter | undefined;
  readonly customerId?: string | undefined;
  readonly search?: string | undefined;
  readonly cursor?: string | null;
  readonly limit?: number;
}

/** One page of invoices, newest first. */
export function listInvoices(orgId: string, query: InvoiceQuery, signal?: AbortSignal): Promise<InvoiceList> {
  return api.call('get', '/api/v1/orgs/{org_id}/invoices', {
    path: { org_id: orgId },
    query: {
      status: query.status ?? null,
      customer_id: query.customerId ?? null,
      q: query.search === undefined || query.search === '' ? null : query.search,
      cursor: query.cursor ?? null,
      limit: query.limit ?? 50,
    },
    signal,
  });
}

export function getInvoice(orgId: string, invoiceId: string, signal?: AbortSignal): Promise<Invoice> {
  return api.call('get', '/api/v1/orgs/{org_id}/invoices/{invoice_id}', {
    path: { org_id: orgId, invoice_id: invoiceId },
    signal,
  });
}

/** What the invoice would come to, by the server's tax engine; nothing is saved. */
export function previewInvoice(orgId: string, body: InvoiceBody, signal?: AbortSignal): Promise<Preview> {
  return api.call('post', '/api/v1/orgs/{org_id}/invoices/preview', { path: { org_id: orgId }, body, signal });
}

/** Saves a new draft; `idempotencyKey` makes a retry of the same request save it once. */
export function createInvoice(orgId: string, body: InvoiceBody, idempotencyKey: string): Promise<Invoice> {
  return api.call('post', '/api/v1/orgs/{org_id}/invoices', {
    path: { org_id: orgId },
    body,
    headers: { 'Idempotency-Key': idempotencyKey },
  });
}

export function updateInvoice(orgId: string, invoiceId: string, body: InvoiceBody): Promise<Invoice> {
  return api.call('put', '/api/v1/orgs/{org_id}/invoices/{invoice_id}', {
    path: { org_id: orgId, invoice_id: invoiceId },
    body,
  });
}

/** Numbers and posts a draft (issuing it again changes nothing). */
export function issueInvoice(orgId: string, invoiceId: string): Promise<Invoice> {
  return api.call('post', '/api/v1/orgs/{org_id}/invoices/{invoice_id}/issue', {
    path: { org_id: orgId, invoice_id: invoiceId },
  });
}

export function voidInvoice(orgId: string, invoiceId: string): Promise<Invoice> {
  return api.call('post', '/api/v1/orgs/{org_id}/invoices/{invoice_id}/void', {
    path: { org_id: orgId, invoice_id: invoiceId },
  });
}

/** The invoice's e-mails, newest first, each queued, sent or failed with the reason. */
export function listInvoiceEmails(orgId: string, invoiceId: string, signal?: AbortSignal): Promise<EmailHistory> {
  return api.call('get', '/api/v1/orgs/{org_id}/invoices/{invoice_id}/emails', {
    path: { org_id: orgId, invoice_id: invoiceId },
    signal,
  });
}

export function getInvoiceHistory(orgId: string, invoiceId: string, signal?: AbortSignal): Promise<InvoiceHistory> {
  return api.call('get', '/api/v1/orgs/{org_id}/invoices/{invoice_id}/history', {
    path: { org_id: orgId, invoice_id: invoiceId },
    signal,
  });
}

/** The payments applied to an invoice, newest first, each with its allocations (one page: an invoice has few). */
export function listInvoicePayments(orgId: string, invoiceId: string, signal?: AbortSignal): Promise<PaymentList> {
  return api.call('get', '/api/v1/orgs/{org_id}/payments', {
    path: { org_id: orgId },
    query: { invoice_id: invoiceId, limit: 200 },
    signal,
  });
}

/** The credit notes against an invoice, newest first. */
export function listInvoiceCreditNotes(orgId: string, invoiceId: string, signal?: AbortSignal): Promise<CreditNoteList> {
  return api.call('get', '/api/v1/orgs/{org_id}/credit-notes', {
    path: { org_id: orgId },
    query: { invoice_id: invoiceId, limit: 200 },
    signal,
  });
}

/** Customers whose name, TPIN, e-mail or phone matches `search`. */
export function searchCustomers(orgId: string, search: string, signal?: AbortSignal, limit = 20): Promise<CustomerList> {
  return api.call('get', '/api/v1/orgs/{org_id}/customers', {
    path: { org_id: orgId },
    query: { q: search.trim() === '' ? null : search.trim(), limit },
    signal,
  });
}

export function getCustomer(orgId: string, customerId: string, signal?: AbortSignal): Promise<Customer> {
  return api.call('get', '/api/v1/orgs/{org_id}/customers/{customer_id}', {
    path: { org_id: orgId, customer_id: customerId },
    signal,
  });
}

/** The API's largest page of items. */
const ITEM_PAGE = 200;
/** More items than this is not a small business's price list: stop rather than loop for ever. */
const MAX_ITEM_PAGES = 10;

/** Every item on sale, by name; the editor's item picker searches them on the phone. */
export async function listAllItems(orgId: string, signal?: AbortSignal): Promise<Item[]> {
  const items: Item[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < MAX_ITEM_PAGES; page += 1) {
    const answer: ItemList = await api.call('get', '/api/v1/orgs/{org_id}/items', {
      path: { org_id: orgId },
      query: { limit: ITEM_PAGE, cursor },
      signal,
    });
    items.push(...answer.items);
    cursor = answer.next_cursor;
    if (cursor === null) {
      break;
    }
  }
  return items;
}

/** Records a payment and posts it; what is not allocated stays as the customer's credit. */
export function recordPayment(orgId: string, body: PaymentBody, idempotencyKey: string): Promise<Payment> {
  return api.call('post', '/api/v1/orgs/{org_id}/payments', {
    path: { org_id: orgId },
    body,
    headers: { 'Idempotency-Key': idempotencyKey },
  });
}

/** Issues a credit note against an issued invoice; numbered and posted at once. */
export function issueCreditNote(orgId: string, body: CreditNoteBody, idempotencyKey: string): Promise<CreditNote> {
  return api.call('post', '/api/v1/orgs/{org_id}/credit-notes', {
    path: { org_id: orgId },
    body,
    headers: { 'Idempotency-Key': idempotencyKey },
  });
}

/** A customer's payments and refunds, newest first, each with its allocations and unused credit. */
export function listCustomerPayments(orgId: string, customerId: string, signal?: AbortSignal): Promise<PaymentList> {
  return api.call('get', '/api/v1/orgs/{org_id}/payments', {
    path: { org_id: orgId },
    query: { customer_id: customerId, limit: 200 },
    signal,
  });
}

export type ApplyCreditBody = RequestBodyOf<'/api/v1/orgs/{org_id}/payments/{payment_id}/apply', 'post'>;

/** Applies part of an earlier payment's unused credit to an invoice; `idempotencyKey` makes a retry apply it once. */
export function applyCredit(orgId: string, paymentId: string, body: ApplyCreditBody, idempotencyKey: string): Promise<Payment> {
  return api.call('post', '/api/v1/orgs/{org_id}/payments/{payment_id}/apply', {
    path: { org_id: orgId, payment_id: paymentId },
    body,
    headers: { 'Idempotency-Key': idempotencyKey },
  });
}
