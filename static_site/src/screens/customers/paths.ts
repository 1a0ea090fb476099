/** Where each customer and item screen lives in the app, and the invoice screens they link to. */

export const SALES_PATHS = {
  customers: '/customers',
  newCustomer: '/customers/new',
  importCustomers: '/customers/import',
  items: '/items',
  newItem: '/items/new',
  /** Route patterns of the screens that take an id. */
  customerPattern: '/customers/:customerId',
  editCustomerPattern: '/customers/:customerId/edit',
  itemPattern: '/items/:itemId',
} as const;

export function customerPath(customerId: string): string {
  return `/customers/${encodeURIComponent(customerId)}`;
}

export function editCustomerPath(customerId: string): string {
  return `${customerPath(customerId)}/edit`;
}

export function itemPath(itemId: string): string {
  return `/items/${encodeURIComponent(itemId)}`;
}

/** An invoice's detail (screens/invoices builds it). */
export function invoicePath(invoiceId: string): string {
  return `/invoices/${encodeURIComponent(invoiceId)}`;
}

/** A new invoice to this customer (screens/invoices builds the editor). */
export function newInvoicePath(customerId: string): string {
  return `/invoices/new?customer=${encodeURIComponent(customerId)}`;
}
