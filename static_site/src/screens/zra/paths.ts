/** Where each ZRA screen lives in the app. */

export const ZRA_PATHS = {
  settings: '/zra',
  submissions: '/zra/submissions',
  log: '/zra/log',
} as const;

/** The invoice a submission is for (credit and debit notes have no page of their own yet). */
export function invoicePath(invoiceId: string): string {
  return `/invoices/${encodeURIComponent(invoiceId)}`;
}
