/** Where each invoice screen lives in the app. */

export const INVOICE_PATHS = {
  list: '/invoices',
  new: '/invoices/new',
  /** Route patterns of the screens that take an id. */
  detailPattern: '/invoices/:invoiceId',
  editPattern: '/invoices/:invoiceId/edit',
  creditNotePattern: '/invoices/:invoiceId/credit-note',
  paymentPattern: '/invoices/:invoiceId/payment',
} as const;

const base = (invoiceId: string): string => `/invoices/${encodeURIComponent(invoiceId)}`;

export const invoicePath = (invoiceId: string): string => base(invoiceId);
export const editInvoicePath = (invoiceId: string): string => `${base(invoiceId)}/edit`;
export const creditNotePath = (invoiceId: string): string => `${base(invoiceId)}/credit-note`;
export const paymentPath = (invoiceId: string): string => `${base(invoiceId)}/payment`;
