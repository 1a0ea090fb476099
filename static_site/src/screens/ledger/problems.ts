/**
 * The ledger's refusals in the person's language, each put where it belongs: a journal
 * entry's problems on its date, its description, the line and the field they concern
 * (`lines.2.account_id` is the third line's account), or the entry as a whole.
 *
 * The server lists every problem at once with a stable code (docs/ledger.md); known codes get
 * a message from the catalogue, unknown ones keep the server's own words.
 */
import type { FieldProblem, ProblemDetails } from '../../api/client';
import { messageForFieldProblem } from '../../components/useForm';
import { t, type PlainMessageKey } from './messages';

/** Messages for codes that need nothing but the code. */
const PLAIN_MESSAGES: Readonly<Record<string, PlainMessageKey>> = {
  entry_unbalanced: 'ledger.problem.unbalanced',
  entry_empty: 'ledger.problem.empty',
  entry_too_large: 'ledger.problem.tooManyLines',
  amount_negative: 'money.negative',
  amount_both_sides: 'ledger.problem.bothSides',
  amount_zero: 'ledger.problem.zero',
  amount_too_large: 'ledger.problem.tooLarge',
  amount_invalid: 'money.invalid',
  account_not_found: 'ledger.problem.accountNotFound',
  period_locked: 'ledger.problem.periodLocked',
  period_closed: 'ledger.problem.periodClosed',
  date_out_of_range: 'ledger.problem.dateOutOfRange',
  date_parsing: 'date.invalid',
  date_from_datetime_parsing: 'date.invalid',
  description_required: 'form.required',
  description_too_long: 'form.tooLong',
  memo_too_long: 'form.tooLong',
  idempotency_key_reused: 'ledger.problem.keyReused',
  code_taken: 'ledger.problem.codeTaken',
  code_invalid: 'ledger.problem.codeInvalid',
  name_required: 'form.required',
  name_too_long: 'form.tooLong',
  subtype_invalid: 'ledger.problem.subtypeInvalid',
  cash_flow_class_not_allowed: 'ledger.problem.cashFlowNotAllowed',
  parent_not_found: 'ledger.problem.parentNotFound',
  parent_not_header: 'ledger.problem.parentNotHeader',
  parent_type_mismatch: 'ledger.problem.parentTypeMismatch',
  parent_archived: 'ledger.problem.parentArchived',
  parent_cycle: 'ledger.problem.parentCycle',
  account_has_postings: 'ledger.problem.hasPostings',
  account_has_children: 'ledger.problem.hasChildren',
  account_has_balance: 'ledger.problem.hasBalance',
  account_has_active_children: 'ledger.problem.hasActiveChildren',
  entry_already_reversed: 'ledger.problem.alreadyReversed',
  entry_is_reversal: 'ledger.problem.isReversal',
  entry_not_reversible: 'ledger.problem.notReversible',
};

export interface MessageContext {
  /** The code of the account a problem is about, when the screen knows it. */
  readonly accountCode?: string | undefined;
}

/** One field problem of a ledger answer, in words. */
export function ledgerMessage(problem: FieldProblem, context: MessageContext = {}): string {
  const code = context.accountCode;
  switch (problem.code) {
    case 'account_not_postable':
      return code === undefined ? problem.message || t('ledger.problem.notPostableAny') : t('ledger.problem.notPostable', { code });
    case 'account_archived':
      return code === undefined ? problem.message || t('ledger.problem.archivedAny') : t('ledger.problem.archived', { code });
    case 'amount_precision':
      return t('money.tooManyDecimals', { digits: 2 });
    case 'string_pattern_mismatch':
      // Only the amounts of a line have a pattern.
      return t('money.invalid');
    case 'uuid_parsing':
    case 'uuid_type':
      return t('ledger.problem.chooseAccount');
    default: {
      const key = PLAIN_MESSAGES[problem.code];
      return key === undefined ? messageForFieldProblem(problem) : t(key);
    }
  }
}

/** The fields of one line that a problem can point at; `line` is the line as a whole. */
export type LineField = 'account' | 'debit' | 'credit' | 'memo' | 'line';

export type LineProblems = Partial<Record<LineField, string>>;

export interface EntryProblems {
  readonly date?: string;
  readonly description?: string;
  /** By the line's id on the screen. */
  readonly lines: Readonly<Record<string, LineProblems>>;
  /** Problems of the entry as a whole: it does not balance, it has too few lines. */
  readonly entry: readonly string[];
  /** Anything else: a permission, a conflict, a problem with no field. */
  readonly other: readonly string[];
}

export const NO_PROBLEMS: EntryProblems = { lines: {}, entry: [], other: [] };

export interface EntryContext {
  /** The ids of the lines in the order they were sent (blank lines are not sent). */
  readonly sentLineIds: readonly string[];
  /** The code of the account chosen on a line, to name it in a message. */
  readonly accountCodeOf?: (lineId: string) => string | undefined;
}

const LINE_FIELD = /^lines\.(\d+)(?:\.(account_id|debit|credit|memo|party(?:\..*)?))?$/;

/** Puts each problem of a refused journal entry on its line and field. */
export function entryProblemsFrom(problem: ProblemDetails, context: EntryContext): EntryProblems {
  let date: string | undefined;
  let description: string | undefined;
  const lines: Record<string, LineProblems> = {};
  const entry: string[] = [];
  const other: string[] = [];

  for (const fieldProblem of problem.errors ?? []) {
    const field = fieldProblem.field;
    const line = LINE_FIELD.exec(field);
    if (field === 'entry_date') {
      date ??= ledgerMessage(fieldProblem);
    } else if (field === 'description') {
      description ??= ledgerMessage(fieldProblem);
    } else if (field === 'lines' || field === '' || field === 'body') {
      entry.push(ledgerMessage(fieldProblem));
    } else if (line !== null) {
      const lineId = context.sentLineIds[Number(line[1])];
      if (lineId === undefined) {
        entry.push(ledgerMessage(fieldProblem));
        continue;
      }
      const target = lineFieldOf(line[2]);
      const message = ledgerMessage(fieldProblem, { accountCode: context.accountCodeOf?.(lineId) });
      const problems = (lines[lineId] ??= {});
      problems[target] ??= message;
    } else {
      other.push(ledgerMessage(fieldProblem));
    }
  }
  if (problem.errors === undefined || problem.errors.length === 0) {
    const known = PLAIN_MESSAGES[problem.code];
    other.push(
      known !== undefined ? t(known) : problem.detail === null ? problem.title : `${problem.title} ${problem.detail}`,
    );
  }
  return {
    ...(date === undefined ? {} : { date }),
    ...(description === undefined ? {} : { description }),
    lines,
    entry,
    other,
  };
}

function lineFieldOf(field: string | undefined): LineField {
  switch (field) {
    case 'account_id':
      return 'account';
    case 'debit':
    case 'credit':
    case 'memo':
      return field;
    default:
      return 'line';
  }
}

/** Whether there is anything to show. */
export function hasProblems(problems: EntryProblems): boolean {
  return (
    problems.date !== undefined ||
    problems.description !== undefined ||
    Object.keys(problems.lines).length > 0 ||
    problems.entry.length > 0 ||
    problems.other.length > 0
  );
}

/** A refusal with no field errors, or any problem, as one sentence for a dialog or notice. */
export function problemSentence(problem: ProblemDetails): string {
  const first = problem.errors?.[0];
  if (first !== undefined) {
    return problem.errors?.map((error) => ledgerMessage(error)).join(' ') ?? '';
  }
  const known = PLAIN_MESSAGES[problem.code];
  if (known !== undefined) {
    return t(known);
  }
  return problem.detail === null ? problem.title : `${problem.title} ${problem.detail}`;
}
