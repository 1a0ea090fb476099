/**
 * A credit note being written against an issued invoice: all that remains, or some
 * quantity of some lines; its problems before sending and the body the API reads. What the
 * note comes to, and whether that much remains, is the server's to say.
 */
import type { CreditNoteBody, InvoiceLine } from '../../api/invoices';
import { parseDate } from '../../format/dates';
import { parseDecimal } from './amounts';
import { QUANTITY_DECIMALS } from './draft';

export interface CreditNoteForm {
  /** `all`: everything that remains on the invoice; `lines`: the quantities typed. */
  readonly scope: 'all' | 'lines';
  readonly reasonCode: string;
  readonly reason: string;
  /** As typed; empty for today. */
  readonly issueDate: string;
  /** Quantity to credit, by line number, as typed. */
  readonly quantities: Readonly<Record<number, string>>;
}

export type CreditField = 'reasonCode' | 'reason' | 'issueDate';

export type CreditProblem =
  | { readonly kind: 'required' }
  | { readonly kind: 'date' }
  | { readonly kind: 'quantity'; readonly error: 'invalid' | 'tooManyDecimals' | 'zero' }
  | { readonly kind: 'moreThanInvoiced'; readonly invoiced: string }
  | { readonly kind: 'noLines' };

export interface LocalCreditProblems {
  readonly fields: Partial<Record<CreditField, CreditProblem>>;
  /** By line number. */
  readonly lines: Readonly<Record<number, CreditProblem>>;
  readonly other: readonly CreditProblem[];
}

export interface CreditNoteRequest {
  readonly body: CreditNoteBody;
  /** The line numbers in the order they were sent. */
  readonly sentLineNumbers: readonly number[];
}

/** A quantity with at most 4 decimals in ten-thousandths, to compare without floating point. */
function tenThousandths(wire: string): bigint {
  const [whole = '0', fraction = ''] = wire.split('.');
  return BigInt(whole + fraction.padEnd(QUANTITY_DECIMALS, '0').slice(0, QUANTITY_DECIMALS));
}

/** `"10.0000"` → `"10"`. */
export function plainQuantity(wire: string): string {
  return wire.includes('.') ? wire.replace(/0+$/, '').replace(/\.$/, '') : wire;
}

export function readCreditNote(
  form: CreditNoteForm,
  invoice: { readonly id: string; readonly lines: readonly Pick<InvoiceLine, 'line_number' | 'quantity'>[] },
): { readonly request: CreditNoteRequest | null; readonly problems: LocalCreditProblems } {
  const fields: Partial<Record<CreditField, CreditProblem>> = {};
  const lines: Record<number, CreditProblem> = {};
  const other: CreditProblem[] = [];
  if (form.reasonCode === '') {
    fields.reasonCode = { kind: 'required' };
  } else if (form.reasonCode === '07' && form.reason.trim() === '') {
    fields.reason = { kind: 'required' };
  }
  let issueDate: string | null = null;
  if (form.issueDate.trim() !== '') {
    const parsed = parseDate(form.issueDate);
    if (parsed.ok) {
      issueDate = parsed.iso;
    } else {
      fields.issueDate = { kind: 'date' };
    }
  }
  const sent: { line_number: number; quantity: string }[] = [];
  if (form.scope === 'lines') {
    for (const line of invoice.lines) {
      const text = form.quantities[line.line_number] ?? '';
      if (text.trim() === '') {
        continue;
      }
      const quantity = parseDecimal(text, QUANTITY_DECIMALS);
      if (!quantity.ok) {
        lines[line.line_number] = { kind: 'quantity', error: quantity.error === 'tooManyDecimals' ? 'tooManyDecimals' : 'invalid' };
      } else if (tenThousandths(quantity.wire) === 0n) {
        lines[line.line_number] = { kind: 'quantity', error: 'zero' };
      } else if (tenThousandths(quantity.wire) > tenThousandths(line.quantity)) {
        lines[line.line_number] = { kind: 'moreThanInvoiced', invoiced: plainQuantity(line.quantity) };
      } else {
        sent.push({ line_number: line.line_number, quantity: quantity.wire });
      }
    }
    if (sent.length === 0 && Object.keys(lines).length === 0) {
      other.push({ kind: 'noLines' });
    }
  }
  const problems = { fields, lines, other };
  if (Object.keys(fields).length > 0 || Object.keys(lines).length > 0 || other.length > 0) {
    return { request: null, problems };
  }
  return {
    request: {
      sentLineNumbers: sent.map((line) => line.line_number),
      body: { invoice_id: invoice.id, reason_code: form.reasonCode, reason: form.reason.trim(), issue_date: issueDate, lines: sent },
    },
    problems,
  };
}
