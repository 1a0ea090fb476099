/** Where each expense, bill and supplier screen lives in the app. */
import type { PurchaseKind } from '../../api/purchases';

export const EXPENSE_PATHS = {
  expenses: '/expenses',
  newExpense: '/expenses/new',
  bills: '/bills',
  newBill: '/bills/new',
  suppliers: '/suppliers',
  newSupplier: '/suppliers/new',
  importSuppliers: '/suppliers/import',
  paySuppliers: '/suppliers/pay',
  aging: '/suppliers/aging',
} as const;

export function purchasePath(kind: PurchaseKind, id: string): string {
  return `/${kind}/${encodeURIComponent(id)}`;
}

export function supplierPath(id: string): string {
  return `/suppliers/${encodeURIComponent(id)}`;
}

export function editSupplierPath(id: string): string {
  return `${supplierPath(id)}/edit`;
}

/** An entry in the ledger's journal (screens/ledger). */
export function entryPath(entryId: string): string {
  return `/ledger/entries/${encodeURIComponent(entryId)}`;
}
