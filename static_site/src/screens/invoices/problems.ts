/**
 * The sales API's refusals in the person's language, each put where it belongs: an invoice's
 * problems on its header fields, on the line and field they concern (`lines.2.quantity` is
 * the third line *sent*), or on the invoice as a whole; a payment's and a credit note's the
 * same way.
 *
 * The server lists every problem at once with a stable code; known codes get a message from
 * the catalogue, unknown ones keep the server's own words.
 */
import type { FieldProblem, ProblemDetails } from '../../api/client';
import { messageForFieldProblem } from '../../components/useForm';
import type { DraftProblems, HeaderField, LineField, LocalProblem } from './draft';
import { t, type PlainMessageKey } from './messages';

/** Messages for codes that need nothing but the code. */
const PLAIN_MESSAGES: Readonly<Record<string, PlainMessageKey>> = {
  lines_required: 'invoices.problem.linesRequired',
  due_before_issue: 'invoices.problem.dueBeforeIssue',
  currency_invalid: 'invoices.problem.currencyInvalid',
  exchange_rate_required: 'invoices.problem.exchangeRateRequired',
  exchange_rate_not_one: 'invoices.problem.exchangeRateNotOne',
  lpo_number_required: 'invoices.problem.lpoRequired',
  lpo_lines_not_c2: 'invoices.problem.lpoLinesNotC2',
  destination_required: 'invoices.problem.destinationRequired',
  country_invalid: 'invoices.problem.countryInvalid',
  principal_required: 'invoices.problem.principalRequired',
  customer_archived: 'invoices.problem.customerArchived',
  customer_not_found: 'invoices.problem.customerNotFound',
  customer_email_missing: 'invoices.problem.customerEmailMissing',
  customer_email_invalid: 'invoices.problem.customerEmailInvalid',
  subject_invalid: 'invoices.problem.subjectInvalid',
  message_too_long: 'invoices.problem.messageTooLong',
  invoice_not_issued: 'invoices.problem.notIssued',
  description_invalid: 'invoices.problem.descriptionInvalid',
  quantity_not_positive: 'invoices.problem.quantityZero',
  quantity_precision: 'invoices.problem.quantityPrecision',
  quantity_too_large: 'invoices.problem.tooLarge',
  quantity_invalid: 'invoices.problem.creditQuantityInvalid',
  price_negative: 'invoices.problem.negative',
  price_precision: 'invoices.problem.pricePrecision',
  price_too_large: 'invoices.problem.tooLarge',
  price_required: 'invoices.problem.priceRequired',
  discount_out_of_range: 'invoices.problem.discountRange',
  discount_precision: 'invoices.problem.discountPrecision',
  rrp_required: 'invoices.problem.rrpRequired',
  rrp_invalid: 'invoices.problem.rrpInvalid',
  tax_rate_missing: 'invoices.problem.taxRateMissing',
  tax_category_required: 'invoices.problem.taxCategoryRequired',
  item_not_found: 'invoices.problem.itemNotFound',
  invoice_total_zero: 'invoices.problem.totalZero',
  invoice_not_found: 'invoices.problem.invoiceNotFound',
  invoice_not_draft: 'invoices.problem.notDraft',
  account_not_income: 'invoices.problem.accountNotIncome',
  decimal_invalid: 'invoices.problem.numberInvalid',
  uuid_parsing: 'invoices.problem.choose',
  amount_not_positive: 'invoices.problem.amountNotPositive',
  amount_precision: 'invoices.problem.ngwee',
  deposit_account_required: 'invoices.problem.depositAccountRequired',
  account_not_found: 'invoices.problem.accountNotFound',
  account_not_cash: 'invoices.problem.accountNotCash',
  invoice_not_payable: 'invoices.problem.invoiceNotPayable',
  invoice_repeated: 'invoices.problem.invoiceRepeated',
  currency_mismatch: 'invoices.problem.currencyMismatch',
  allocations_exceed_amount: 'invoices.problem.allocationsExceedAmount',
  reason_code_invalid: 'invoices.problem.reasonCodeInvalid',
  reason_required: 'invoices.problem.reasonRequired',
  before_invoice: 'invoices.problem.beforeInvoice',
  nothing_to_credit: 'invoices.problem.nothingToCredit',
  line_not_found: 'invoices.problem.lineNotFound',
  period_locked: 'invoices.problem.periodLocked',
  period_closed: 'invoices.problem.periodClosed',
  idempotency_key_reused: 'invoices.problem.keyReused',
  date_parsing: 'date.invalid',
  date_from_datetime_parsing: 'date.invalid',
};

/** The most a field takes, read from the server's "At most 116.00." (the figure only). */
function limitIn(message: string): string | undefined {
  return /At most (-?\d+(?:\.\d+)?)/.exec(message)?.[1];
}

/** One field problem of a sales answer, in words. */
export function salesMessage(problem: FieldProblem, formatLimit: (wire: string) => string = (wire) => wire): string {
  switch (problem.code) {
    case 'allocation_exceeds_outstanding':
    case 'credit_exceeds_remaining':
    case 'credit_exceeds_available': {
      const limit = limitIn(problem.message);
      return limit === undefined ? t('invoices.problem.exceedsRemainingAny') : t('invoices.problem.exceedsRemaining', { amount: formatLimit(limit) });
    }
    default: {
      const key = PLAIN_MESSAGES[problem.code];
      return key === undefined ? messageForFieldProblem(problem) : t(key);
    }
  }
}

/** A refusal with no field, or any failure of an action, as one sentence for a notice. */
export function problemSentence(problem: ProblemDetails): string {
  if (problem.errors !== undefined && problem.errors.length > 0) {
    return problem.errors.map((error) => salesMessage(error)).join(' ');
  }
  const known = PLAIN_MESSAGES[problem.code];
  if (known !== undefined) {
    return t(known);
  }
  return problem.detail === null ? problem.title : `${problem.title} ${problem.detail}`;
}

const HEADER_FIELDS: Readonly<Record<string, HeaderField>> = {
  customer_id: 'customer',
  issue_date: 'issueDate',
  due_date: 'dueDate',
  currency: 'currency',
  exchange_rate: 'exchangeRate',
  lpo_number: 'lpoNumber',
  destination_country: 'destinationCountry',
  reference: 'reference',
  notes: 'notes',
};

const LINE_FIELDS: Readonly<Record<string, LineField>> = {
  item_id: 'item',
  description: 'description',
  quantity: 'quantity',
  unit_price: 'unitPrice',
  discount_rate: 'discount',
  tax_category: 'taxCategory',
};

const LINE_PATH = /^lines\.(\d+)(?:\.(\w+))?/;

/** Puts each problem of a refused invoice on its header field, its line and field, or the invoice. */
export function draftProblemsFrom(problem: ProblemDetails, sentLineIds: readonly string[]): DraftProblems<string> {
  const header: Partial<Record<HeaderField, string>> = {};
  const lines: Record<string, Partial<Record<LineField, string>>> = {};
  const other: string[] = [];
  for (const fieldProblem of problem.errors ?? []) {
    const message = salesMessage(fieldProblem);
    const headerField = HEADER_FIELDS[fieldProblem.field];
    const line = LINE_PATH.exec(fieldProblem.field);
    if (headerField !== undefined) {
      header[headerField] ??= message;
    } else if (line !== null && sentLineIds[Number(line[1])] !== undefined) {
      const lineId = sentLineIds[Number(line[1])] as string;
      const target = LINE_FIELDS[line[2] ?? ''] ?? 'line';
      const problems = (lines[lineId] ??= {});
      problems[target] ??= message;
    } else {
      other.push(message);
    }
  }
  if (problem.errors === undefined || problem.errors.length === 0) {
    other.push(problemSentence(problem));
  }
  return { header, lines, other };
}

/** A problem the editor found itself, in words. */
export function localMessage(problem: LocalProblem): string {
  switch (problem.kind) {
    case 'required':
      return t('form.required');
    case 'quantityZero':
      return t('invoices.problem.quantityZero');
    case 'discountRange':
      return t('invoices.problem.discountRange');
    case 'date':
      return problem.error === 'noSuchDate' ? t('date.noSuchDate') : t('date.invalid');
    case 'number':
      switch (problem.error) {
        case 'tooManyDecimals':
          return t('invoices.problem.decimals', { digits: problem.decimals });
        case 'negative':
          return t('invoices.problem.negative');
        default:
          return t('invoices.problem.numberInvalid');
      }
  }
}

/** The editor's own problems, in words. */
export function inWords(problems: DraftProblems<LocalProblem>): DraftProblems<string> {
  const header: Partial<Record<HeaderField, string>> = {};
  for (const [field, problem] of Object.entries(problems.header) as [HeaderField, LocalProblem][]) {
    header[field] = localMessage(problem);
  }
  const lines: Record<string, Partial<Record<LineField, string>>> = {};
  for (const [lineId, lineProblems] of Object.entries(problems.lines)) {
    const words: Partial<Record<LineField, string>> = {};
    for (const [field, problem] of Object.entries(lineProblems) as [LineField, LocalProblem][]) {
      words[field] = localMessage(problem);
    }
    lines[lineId] = words;
  }
  return { header, lines, other: problems.other.map(localMessage) };
}
