/**
 * A payment being recorded: what the form holds (text as typed), the problems it can see
 * before sending, how much is applied and how much is left as the customer's credit, and
 * the body the API reads. Amounts are `bigint` minor units between the text and the wire.
 */
import type { InvoiceSummary, PaymentBody, PaymentMethod } from '../../api/invoices';
import { parseDate } from '../../format/dates';
import { fromWire, HOME_CURRENCY, parseMoney, toWire } from '../../format/money';
import { parseDecimal } from './amounts';

export interface PaymentForm {
  readonly method: PaymentMethod;
  readonly amount: string;
  /** As typed, `dd/mm/yyyy`. */
  readonly paymentDate: string;
  readonly reference: string;
  /** `''` for the method's usual account (not for mobile money). */
  readonly depositAccountId: string;
  readonly exchangeRate: string;
  /** What to apply to each open invoice, by invoice id, as typed. */
  readonly allocations: Readonly<Record<string, string>>;
}

export type PaymentField = 'method' | 'amount' | 'paymentDate' | 'reference' | 'depositAccountId' | 'exchangeRate';

export interface PaymentProblems {
  readonly fields: Partial<Record<PaymentField, string>>;
  /** By invoice id. */
  readonly allocations: Readonly<Record<string, string>>;
  readonly other: readonly string[];
}

export const NO_PAYMENT_PROBLEMS: PaymentProblems = { fields: {}, allocations: {}, other: [] };

/** What was received against what is applied: `null` while an amount cannot be read. */
export interface Allocation {
  readonly received: bigint;
  readonly applied: bigint;
  /** Left as the customer's credit; negative when more is applied than received. */
  readonly credit: bigint;
}

export function allocationOf(form: PaymentForm, currency: string): Allocation | null {
  const received = parseMoney(form.amount, currency);
  if (!received.ok) {
    return null;
  }
  let applied = 0n;
  for (const text of Object.values(form.allocations)) {
    if (text.trim() === '') {
      continue;
    }
    const amount = parseMoney(text, currency);
    if (!amount.ok) {
      return null;
    }
    applied += amount.minor;
  }
  return { received: received.minor, applied, credit: received.minor - applied };
}

/**
 * The amounts applied by default: the invoice being paid first, up to what it still owes,
 * then the customer's other open invoices, oldest first, until the payment is used up.
 */
export function defaultAllocations(received: bigint, paid: InvoiceSummary, others: readonly InvoiceSummary[], currency: string): Record<string, string> {
  const allocations: Record<string, string> = {};
  let left = received;
  const oldestFirst = [...others].sort((a, b) => a.issue_date.localeCompare(b.issue_date));
  for (const invoice of [paid, ...oldestFirst]) {
    const owed = fromWire(invoice.outstanding, currency);
    const applied = left < owed ? left : owed;
    allocations[invoice.id] = applied > 0n ? toWire(applied, currency) : '';
    left -= applied > 0n ? applied : 0n;
  }
  return allocations;
}

export type MoneyProblem = 'required' | 'invalid' | 'tooManyDecimals' | 'negative' | 'zero';

export interface LocalPaymentProblems {
  readonly fields: Partial<Record<PaymentField, MoneyProblem | 'date' | 'moreThanReceived'>>;
  readonly allocations: Readonly<Record<string, MoneyProblem>>;
}

export interface PaymentRequest {
  readonly body: PaymentBody;
  /** The invoice ids of the allocations in the order they were sent. */
  readonly sentInvoiceIds: readonly string[];
}

/** The body of the payment, or what stops it being sent. */
export function readPayment(
  form: PaymentForm,
  context: { readonly customerId: string; readonly currency: string },
): { readonly request: PaymentRequest | null; readonly problems: LocalPaymentProblems } {
  const fields: LocalPaymentProblems['fields'] = {};
  const allocations: Record<string, MoneyProblem> = {};
  const { currency } = context;
  const amount = parseMoney(form.amount, currency);
  if (!amount.ok) {
    fields.amount = amount.error === 'empty' ? 'required' : amount.error;
  } else if (amount.minor === 0n) {
    fields.amount = 'zero';
  }
  const date = parseDate(form.paymentDate);
  if (!date.ok) {
    fields.paymentDate = date.error === 'empty' ? 'required' : 'date';
  }
  let exchangeRate: string | null = null;
  if (currency !== HOME_CURRENCY) {
    const rate = parseDecimal(form.exchangeRate, 6);
    if (rate.ok) {
      exchangeRate = rate.wire;
    } else {
      fields.exchangeRate = rate.error === 'empty' ? 'required' : 'invalid';
    }
  }
  if (form.method === 'mobile_money' && form.depositAccountId === '') {
    fields.depositAccountId = 'required';
  }
  const sent: { invoice_id: string; amount: string }[] = [];
  for (const [invoiceId, text] of Object.entries(form.allocations)) {
    if (text.trim() === '') {
      continue;
    }
    const applied = parseMoney(text, currency);
    if (!applied.ok) {
      allocations[invoiceId] = applied.error === 'empty' ? 'required' : applied.error;
    } else if (applied.minor > 0n) {
      sent.push({ invoice_id: invoiceId, amount: toWire(applied.minor, currency) });
    }
  }
  const allocation = allocationOf(form, currency);
  if (allocation !== null && allocation.credit < 0n) {
    fields.amount = 'moreThanReceived';
  }
  const problems = { fields, allocations };
  if (Object.keys(fields).length > 0 || Object.keys(allocations).length > 0 || !amount.ok || !date.ok) {
    return { request: null, problems };
  }
  return {
    request: {
      sentInvoiceIds: sent.map((allocation) => allocation.invoice_id),
      body: {
        customer_id: context.customerId,
        method: form.method,
        amount: toWire(amount.minor, currency),
        allocations: sent,
        payment_date: date.iso,
        currency,
        exchange_rate: exchangeRate,
        deposit_account_id: form.depositAccountId === '' ? null : form.depositAccountId,
        reference: form.reference.trim(),
      },
    },
    problems,
  };
}
