/**
 * An invoice being written: what the editor holds (text as typed), the problems it can see
 * before sending, and the body the API reads. Totals are never computed here: the preview
 * and the saved invoice carry the server's arithmetic.
 */
import type { Customer, Invoice, InvoiceBody, InvoiceLineBody, TaxCategory } from '../../api/invoices';
import { formatDate, parseDate } from '../../format/dates';
import { HOME_CURRENCY } from '../../format/money';
import { parseDecimal, type NumberError } from './amounts';

/** ZRA allows 4 decimals on quantities and unit prices. */
export const QUANTITY_DECIMALS = 4;
export const PRICE_DECIMALS = 4;
/** A discount is a percentage with at most 2 decimals. */
export const DISCOUNT_DECIMALS = 2;

/** The currencies an invoice is most often written in; the kwacha first. */
export const INVOICE_CURRENCIES: readonly string[] = ['ZMW', 'USD', 'EUR', 'GBP', 'ZAR', 'BWP', 'MWK', 'TZS', 'CNY'];

export interface DraftLine {
  /** The line's identity on the screen (not sent). */
  readonly id: string;
  /** `''` for a line written without an item. */
  readonly itemId: string;
  readonly description: string;
  readonly quantity: string;
  /** `''` takes the item's price. */
  readonly unitPrice: string;
  /** Percent, `''` for none. */
  readonly discount: string;
  /** `''` takes the item's category. */
  readonly taxCategory: TaxCategory | '';
}

export interface InvoiceDraft {
  readonly customer: Customer | null;
  /** As typed, `dd/mm/yyyy`; empty for today. */
  readonly issueDate: string;
  /** As typed; empty for the customer's payment terms. */
  readonly dueDate: string;
  readonly currency: string;
  readonly exchangeRate: string;
  readonly pricesIncludeVat: boolean;
  readonly lpoNumber: string;
  readonly destinationCountry: string;
  readonly reference: string;
  readonly notes: string;
  readonly lines: readonly DraftLine[];
}

let lineCounter = 0;

export function blankLine(): DraftLine {
  lineCounter += 1;
  return { id: `line-${lineCounter}`, itemId: '', description: '', quantity: '1', unitPrice: '', discount: '', taxCategory: '' };
}

export function blankDraft(): InvoiceDraft {
  return {
    customer: null,
    issueDate: '',
    dueDate: '',
    currency: HOME_CURRENCY,
    exchangeRate: '',
    pricesIncludeVat: true,
    lpoNumber: '',
    destinationCountry: '',
    reference: '',
    notes: '',
    lines: [blankLine()],
  };
}

/** A line nobody has written on yet is not sent. */
export function isBlank(line: DraftLine): boolean {
  return line.itemId === '' && line.description.trim() === '' && line.unitPrice.trim() === '';
}

/** A saved draft, back in the editor (its customer read separately). */
export function draftFromInvoice(invoice: Invoice, customer: Customer | null): InvoiceDraft {
  return {
    customer,
    issueDate: formatDate(invoice.issue_date),
    dueDate: formatDate(invoice.due_date),
    currency: invoice.currency,
    exchangeRate: invoice.currency === HOME_CURRENCY ? '' : invoice.exchange_rate,
    pricesIncludeVat: invoice.prices_include_vat,
    lpoNumber: invoice.lpo_number ?? '',
    destinationCountry: invoice.destination_country ?? '',
    reference: invoice.reference,
    notes: invoice.notes,
    lines: invoice.lines.map((line) => ({
      ...blankLine(),
      itemId: line.item_id ?? '',
      description: line.description,
      quantity: trimmed(line.quantity),
      unitPrice: trimmed(line.unit_price),
      discount: isZeroText(line.discount_rate) ? '' : trimmed(line.discount_rate),
      taxCategory: line.tax_category as TaxCategory,
    })),
  };
}

/** `"2.5000"` → `"2.5"`: what a person would have typed. */
function trimmed(wire: string): string {
  return wire.includes('.') ? wire.replace(/0+$/, '').replace(/\.$/, '') : wire;
}

function isZeroText(wire: string): boolean {
  return /^0*(\.0*)?$/.test(wire);
}

/** The tax categories on the draft's lines (a line's own, else its item's). */
export function categoriesOf(draft: InvoiceDraft, itemCategory: (itemId: string) => TaxCategory | undefined): Set<TaxCategory> {
  const categories = new Set<TaxCategory>();
  for (const line of draft.lines) {
    const category = line.taxCategory === '' ? itemCategory(line.itemId) : line.taxCategory;
    if (category !== undefined && !isBlank(line)) {
      categories.add(category);
    }
  }
  return categories;
}

/** A problem the editor finds itself, by what it is about. */
export type LocalProblem =
  | { readonly kind: 'required' }
  | { readonly kind: 'number'; readonly error: NumberError; readonly decimals: number }
  | { readonly kind: 'date'; readonly error: 'invalid' | 'noSuchDate' }
  | { readonly kind: 'discountRange' }
  | { readonly kind: 'quantityZero' };

export type LineField = 'item' | 'description' | 'quantity' | 'unitPrice' | 'discount' | 'taxCategory' | 'line';
export type HeaderField = 'customer' | 'issueDate' | 'dueDate' | 'currency' | 'exchangeRate' | 'lpoNumber' | 'destinationCountry' | 'reference' | 'notes';

export interface DraftProblems<P> {
  readonly header: Partial<Record<HeaderField, P>>;
  /** By the line's id on the screen. */
  readonly lines: Readonly<Record<string, Partial<Record<LineField, P>>>>;
  /** Problems of the invoice as a whole. */
  readonly other: readonly P[];
}

export interface InvoiceRequest {
  readonly body: InvoiceBody;
  /** The ids of the lines in the order they were sent (blank lines are not sent). */
  readonly sentLineIds: readonly string[];
}

/**
 * The body of the draft as far as it can be read, and what stops it being read: a line whose
 * quantity or price is not a number is left out of the body (so the preview still shows the
 * rest) and named in the problems.
 */
export function readDraft(draft: InvoiceDraft): { request: InvoiceRequest | null; problems: DraftProblems<LocalProblem> } {
  const header: Partial<Record<HeaderField, LocalProblem>> = {};
  const lines: Record<string, Partial<Record<LineField, LocalProblem>>> = {};
  const bodyLines: InvoiceLineBody[] = [];
  const sentLineIds: string[] = [];

  const issueDate = optionalDate(draft.issueDate);
  if (issueDate.problem !== undefined) {
    header.issueDate = issueDate.problem;
  }
  const dueDate = optionalDate(draft.dueDate);
  if (dueDate.problem !== undefined) {
    header.dueDate = dueDate.problem;
  }
  let exchangeRate: string | null = null;
  if (draft.currency !== HOME_CURRENCY) {
    const rate = parseDecimal(draft.exchangeRate, 6);
    if (rate.ok) {
      exchangeRate = rate.wire;
    } else {
      header.exchangeRate = rate.error === 'empty' ? { kind: 'required' } : { kind: 'number', error: rate.error, decimals: 6 };
    }
  }
  if (draft.customer === null) {
    header.customer = { kind: 'required' };
  }

  for (const line of draft.lines) {
    if (isBlank(line)) {
      continue;
    }
    const problems: Partial<Record<LineField, LocalProblem>> = {};
    const quantity = parseDecimal(line.quantity, QUANTITY_DECIMALS);
    if (!quantity.ok) {
      problems.quantity = quantity.error === 'empty' ? { kind: 'required' } : { kind: 'number', error: quantity.error, decimals: QUANTITY_DECIMALS };
    } else if (/^0*(\.0*)?$/.test(quantity.wire)) {
      problems.quantity = { kind: 'quantityZero' };
    }
    let unitPrice: string | null = null;
    if (line.unitPrice.trim() !== '') {
      const price = parseDecimal(line.unitPrice, PRICE_DECIMALS);
      if (price.ok) {
        unitPrice = price.wire;
      } else {
        problems.unitPrice = { kind: 'number', error: price.error, decimals: PRICE_DECIMALS };
      }
    } else if (line.itemId === '') {
      problems.unitPrice = { kind: 'required' };
    }
    let discount = '0';
    if (line.discount.trim() !== '') {
      const parsed = parseDecimal(line.discount, DISCOUNT_DECIMALS);
      if (!parsed.ok) {
        problems.discount = { kind: 'number', error: parsed.error, decimals: DISCOUNT_DECIMALS };
      } else if (Number(parsed.wire.split('.')[0]) > 100 || (parsed.wire.startsWith('100.') && !/^100\.0*$/.test(parsed.wire))) {
        // Comparing the whole part is exact: the text has at most 2 decimals.
        problems.discount = { kind: 'discountRange' };
      } else {
        discount = parsed.wire;
      }
    }
    if (line.itemId === '' && line.description.trim() === '') {
      problems.description = { kind: 'required' };
    }
    if (line.itemId === '' && line.taxCategory === '') {
      problems.taxCategory = { kind: 'required' };
    }
    if (Object.keys(problems).length > 0) {
      lines[line.id] = problems;
      continue;
    }
    sentLineIds.push(line.id);
    bodyLines.push({
      item_id: line.itemId === '' ? null : line.itemId,
      description: line.description.trim() === '' ? null : line.description.trim(),
      quantity: quantity.ok ? quantity.wire : '0',
      unit_price: unitPrice,
      discount_rate: discount,
      tax_category: line.taxCategory === '' ? null : line.taxCategory,
    });
  }

  const problems = { header, lines, other: [] };
  if (draft.customer === null || bodyLines.length === 0) {
    return { request: null, problems };
  }
  return {
    request: {
      sentLineIds,
      body: {
        customer_id: draft.customer.id,
        lines: bodyLines,
        issue_date: issueDate.iso,
        due_date: dueDate.iso,
        currency: draft.currency,
        exchange_rate: exchangeRate,
        prices_include_vat: draft.pricesIncludeVat,
        lpo_number: draft.lpoNumber.trim() === '' ? null : draft.lpoNumber.trim(),
        destination_country: draft.destinationCountry.trim() === '' ? null : draft.destinationCountry.trim().toUpperCase(),
        reference: draft.reference.trim(),
        notes: draft.notes.trim(),
      },
    },
    problems,
  };
}

function optionalDate(text: string): { readonly iso: string | null; readonly problem?: LocalProblem } {
  if (text.trim() === '') {
    return { iso: null };
  }
  const parsed = parseDate(text);
  if (parsed.ok) {
    return { iso: parsed.iso };
  }
  return { iso: null, problem: { kind: 'date', error: parsed.error === 'noSuchDate' ? 'noSuchDate' : 'invalid' } };
}

/** Whether the draft has no line at all that would be sent. */
export function hasNoLines(draft: InvoiceDraft): boolean {
  return draft.lines.every(isBlank);
}

export function countProblems<P>(problems: DraftProblems<P>): number {
  return (
    Object.keys(problems.header).length +
    Object.values(problems.lines).reduce((sum, line) => sum + Object.keys(line).length, 0) +
    problems.other.length
  );
}
