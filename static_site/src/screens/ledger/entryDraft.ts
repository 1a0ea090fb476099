/**
 * A manual journal entry as it is being typed, what is wrong with it before it is sent, and
 * the body the API takes. Pure functions over plain values; the screen only shows them.
 */
import { dateError } from '../../components/DateInput';
import { moneyError } from '../../components/MoneyInput';
import { parseDate, formatDate } from '../../format/dates';
import { HOME_CURRENCY, toWire } from '../../format/money';
import { t } from './messages';
import type { NewJournalEntry } from '../../api/ledger';
import { amountOf, checkBalance } from './balance';
import type { EntryProblems, LineProblems } from './problems';

export interface DraftLine {
  /** The line's identity on the screen (not sent). */
  readonly id: string;
  readonly accountId: string | null;
  readonly debit: string;
  readonly credit: string;
  readonly memo: string;
}

export interface EntryDraft {
  /** As typed: `dd/mm/yyyy`. */
  readonly date: string;
  readonly description: string;
  readonly lines: readonly DraftLine[];
}

export const MAX_DESCRIPTION = 500;
export const MAX_MEMO = 500;

let lineCounter = 0;

export function blankLine(): DraftLine {
  lineCounter += 1;
  return { id: `line-${lineCounter}`, accountId: null, debit: '', credit: '', memo: '' };
}

/** A line the person has not started: it is left out rather than refused. */
export function isBlank(line: DraftLine): boolean {
  return line.accountId === null && line.debit.trim() === '' && line.credit.trim() === '' && line.memo.trim() === '';
}

export interface DraftContext {
  /** Nothing posts on or before this ISO date (the organization's lock date). */
  readonly lockDate?: string | null | undefined;
}

/** Every reason the entry cannot be posted yet, as the server would say them, all at once. */
export function draftProblems(draft: EntryDraft, context: DraftContext = {}): EntryProblems {
  const lines: Record<string, LineProblems> = {};
  const entry: string[] = [];

  let date = dateError(draft.date) ?? undefined;
  const parsedDate = parseDate(draft.date);
  if (date === undefined && parsedDate.ok && context.lockDate != null && parsedDate.iso <= context.lockDate) {
    date = t('ledger.entry.lockedUpTo', { date: formatDate(context.lockDate) });
  }
  const trimmed = draft.description.trim();
  const description =
    trimmed === '' ? t('form.required') : trimmed.length > MAX_DESCRIPTION ? t('form.tooLong') : undefined;

  const filled = draft.lines.filter((line) => !isBlank(line));
  if (filled.length < 2) {
    entry.push(t('ledger.problem.empty'));
  }
  for (const line of filled) {
    const problems: LineProblems = {};
    if (line.accountId === null) {
      problems.account = t('ledger.problem.chooseAccount');
    }
    const debitError = moneyError(line.debit, HOME_CURRENCY, { optional: true });
    const creditError = moneyError(line.credit, HOME_CURRENCY, { optional: true });
    if (debitError !== null) {
      problems.debit = debitError;
    }
    if (creditError !== null) {
      problems.credit = creditError;
    }
    if (debitError === null && creditError === null) {
      const debit = amountOf(line.debit) ?? 0n;
      const credit = amountOf(line.credit) ?? 0n;
      if (debit > 0n && credit > 0n) {
        problems.line = t('ledger.problem.bothSides');
      } else if (debit === 0n && credit === 0n) {
        problems.line = t('ledger.problem.zero');
      }
    }
    if (line.memo.length > MAX_MEMO) {
      problems.memo = t('form.tooLong');
    }
    if (Object.keys(problems).length > 0) {
      lines[line.id] = problems;
    }
  }
  const balance = checkBalance(filled);
  if (filled.length >= 2 && balance.readable && !balance.balanced) {
    entry.push(t('ledger.problem.unbalanced'));
  }
  return {
    ...(date === undefined ? {} : { date }),
    ...(description === undefined ? {} : { description }),
    lines,
    entry,
    other: [],
  };
}

export interface EntryRequest {
  readonly body: NewJournalEntry;
  /** The screen ids of the lines sent, in order: `lines.1` of a refusal is the second. */
  readonly sentLineIds: readonly string[];
}

/** The API's body for a draft with no problems (blank lines left out). */
export function entryRequest(draft: EntryDraft): EntryRequest {
  const parsedDate = parseDate(draft.date);
  if (!parsedDate.ok) {
    throw new Error('entryRequest needs a valid date');
  }
  const filled = draft.lines.filter((line) => !isBlank(line));
  return {
    body: {
      entry_date: parsedDate.iso,
      description: draft.description.trim(),
      lines: filled.map((line) => ({
        account_id: line.accountId ?? '',
        debit: toWire(amountOf(line.debit) ?? 0n, HOME_CURRENCY),
        credit: toWire(amountOf(line.credit) ?? 0n, HOME_CURRENCY),
        memo: line.memo.trim(),
      })),
    },
    sentLineIds: filled.map((line) => line.id),
  };
}
