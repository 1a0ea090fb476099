/**
 * The expense and bill editor's draft as typed, and the request body made of it. Nothing is
 * computed here: the server's preview gives the totals and VAT; here only what the person
 * typed is checked enough to be worth sending (an amount of at most 2 decimals, above zero).
 */
import type { PaymentMethod, PurchaseBody, PurchaseKind } from '../../api/purchases';

export interface DraftLine {
  /** Only for the form (keys, field ids); never sent. */
  readonly key: string;
  readonly categoryId: string;
  readonly description: string;
  readonly amount: string;
}

export interface Draft {
  readonly date: string;
  readonly dueDate: string;
  readonly supplierId: string;
  readonly method: PaymentMethod;
  readonly pricesIncludeVat: boolean;
  readonly supplierReference: string;
  readonly zraReceiptNumber: string;
  readonly sdcId: string;
  readonly notes: string;
  readonly lines: readonly DraftLine[];
}

let lineCounter = 0;

export function newLine(categoryId = ''): DraftLine {
  lineCounter += 1;
  return { key: `line-${lineCounter}`, categoryId, description: '', amount: '' };
}

export function emptyDraft(today: string): Draft {
  return {
    date: today,
    dueDate: '',
    supplierId: '',
    method: 'cash',
    pricesIncludeVat: true,
    supplierReference: '',
    zraReceiptNumber: '',
    sdcId: '',
    notes: '',
    lines: [newLine()],
  };
}

const AMOUNT = /^\d{1,15}(\.\d{1,2})?$/;

/** An amount as typed ("1,160.5" or "K 1160.50") as the API's decimal string, or null when it is not one. */
export function amountOf(text: string): string | null {
  const plain = text.replace(/[\s,]/g, '').replace(/^K/i, '');
  if (!AMOUNT.test(plain) || /^0+(\.0+)?$/.test(plain)) {
    return null;
  }
  return plain;
}

/** Why a line cannot be sent yet, by field, or an empty object. */
export function lineProblems(line: DraftLine): { amount?: 'missing' | 'invalid'; category?: 'missing' } {
  const problems: { amount?: 'missing' | 'invalid'; category?: 'missing' } = {};
  if (line.amount.trim() === '') {
    problems.amount = 'missing';
  } else if (amountOf(line.amount) === null) {
    problems.amount = 'invalid';
  }
  if (line.categoryId === '') {
    problems.category = 'missing';
  }
  return problems;
}

/** The request body for this draft, or null while a line is not complete. */
export function bodyOf(kind: PurchaseKind, draft: Draft): PurchaseBody | null {
  if (draft.lines.length === 0 || draft.lines.some((line) => Object.keys(lineProblems(line)).length > 0)) {
    return null;
  }
  const text = (value: string): string | null => (value.trim() === '' ? null : value.trim());
  return {
    document_date: text(draft.date),
    due_date: kind === 'bills' ? text(draft.dueDate) : null,
    supplier_id: text(draft.supplierId),
    payment_method: kind === 'expenses' ? draft.method : null,
    prices_include_vat: draft.pricesIncludeVat,
    supplier_reference: draft.supplierReference.trim(),
    zra_receipt_number: text(draft.zraReceiptNumber),
    sdc_id: text(draft.sdcId),
    notes: draft.notes.trim(),
    supply_kind: 'local',
    import_vat: '0',
    lines: draft.lines.map((line) => ({
      category_id: line.categoryId,
      description: text(line.description),
      quantity: '1',
      unit_price: amountOf(line.amount) ?? '0',
    })),
  };
}
