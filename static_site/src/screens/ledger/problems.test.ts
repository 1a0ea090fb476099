import { describe, expect, it } from 'vitest';
import type { ProblemDetails } from '../../api/client';
import { entryProblemsFrom, hasProblems, problemSentence } from './problems';

function refusal(errors: { field: string; code: string; message: string }[], code = errors[0]?.code ?? 'x'): ProblemDetails {
  return { type: 'about:blank', status: 422, code, title: 'The journal entry cannot be posted.', detail: null, errors };
}

/** Lines on screen a, b (left blank, not sent), c: the server numbers what it got, a and c. */
const SENT = { sentLineIds: ['line-a', 'line-c'], accountCodeOf: (id: string) => ({ 'line-a': '1000', 'line-c': '1150' })[id] };

describe('putting the server’s problems on the entry’s lines and fields', () => {
  it('puts a line’s account problem on that line, naming the account', () => {
    const problems = entryProblemsFrom(
      refusal([{ field: 'lines.0.account_id', code: 'account_not_postable', message: '1000 is a header account; pick one under it.' }]),
      SENT,
    );

    expect(problems.lines).toEqual({ 'line-a': { account: '1000 is a header account: choose an account under it.' } });
    expect(problems.entry).toEqual([]);
  });

  it('counts only the lines that were sent: lines.1 is the third line on screen', () => {
    const problems = entryProblemsFrom(
      refusal([{ field: 'lines.1.account_id', code: 'account_archived', message: '1150 is archived.' }]),
      SENT,
    );

    expect(problems.lines).toEqual({ 'line-c': { account: '1150 is archived: choose another account.' } });
  });

  it('puts amount problems on the debit or credit field, and both-sides on the line', () => {
    const problems = entryProblemsFrom(
      refusal([
        { field: 'lines.0.debit', code: 'amount_precision', message: 'At most 2 decimal places (ngwee).' },
        { field: 'lines.1.credit', code: 'string_pattern_mismatch', message: "String should match pattern '^\\d+(\\.\\d{1,2})?$'" },
        { field: 'lines.1', code: 'amount_both_sides', message: 'A line is a debit or a credit, not both.' },
      ]),
      SENT,
    );

    expect(problems.lines).toEqual({
      'line-a': { debit: 'Use at most 2 digits after the point.' },
      'line-c': { credit: 'Enter an amount such as 1,234.50.', line: 'A line is a debit or a credit, not both.' },
    });
  });

  it('puts an unbalanced entry on the entry as a whole', () => {
    const problems = entryProblemsFrom(
      refusal([{ field: 'lines', code: 'entry_unbalanced', message: 'Debits K100.00 and credits K90.00 differ by K10.00.' }]),
      SENT,
    );

    expect(problems.entry).toEqual(['Debits and credits must be equal.']);
    expect(problems.lines).toEqual({});
  });

  it('puts a locked or closed period on the date', () => {
    const locked = entryProblemsFrom(
      refusal([{ field: 'entry_date', code: 'period_locked', message: 'The books are locked up to 2026-01-31; pick a later date.' }]),
      SENT,
    );

    expect(locked.date).toBe('The books are locked for this date: choose a later date.');
    expect(hasProblems(locked)).toBe(true);
  });

  it('lists every problem at once', () => {
    const problems = entryProblemsFrom(
      refusal([
        { field: 'description', code: 'description_required', message: 'Say what the entry records.' },
        { field: 'entry_date', code: 'period_closed', message: 'FY2025 is closed.' },
        { field: 'lines.0.account_id', code: 'account_not_found', message: 'No such account in this organization.' },
        { field: 'lines.1.memo', code: 'memo_too_long', message: 'At most 500 characters.' },
      ]),
      SENT,
    );

    expect(problems).toEqual({
      description: 'Fill this in.',
      date: 'This fiscal year is closed: date the entry in a later year.',
      lines: {
        'line-a': { account: 'This account is not in this organization. Choose another.' },
        'line-c': { memo: 'This is too long.' },
      },
      entry: [],
      other: [],
    });
  });

  it('keeps the server’s words for a code it does not know, and anything not on a field for the whole form', () => {
    const problems = entryProblemsFrom(
      refusal([
        { field: 'lines.0.debit', code: 'brand_new_rule', message: 'A new rule says no.' },
        { field: 'source.type', code: 'source_type_invalid', message: 'Lower-case letters.' },
      ]),
      SENT,
    );

    expect(problems.lines).toEqual({ 'line-a': { debit: 'A new rule says no.' } });
    expect(problems.other).toEqual(['Lower-case letters.']);
  });

  it('says a refusal without field errors for the whole form: a reused key, a permission', () => {
    const reused: ProblemDetails = {
      type: 'about:blank',
      status: 409,
      code: 'idempotency_key_reused',
      title: 'Conflict',
      detail: null,
    };
    const forbidden: ProblemDetails = {
      type: 'about:blank',
      status: 403,
      code: 'forbidden',
      title: 'You are not allowed to do this.',
      detail: 'Your role lacks ledger:post.',
    };

    expect(entryProblemsFrom(reused, SENT).other).toEqual([
      'This entry was changed while it was being sent. Check it and post it again.',
    ]);
    expect(entryProblemsFrom(forbidden, SENT).other).toEqual(['You are not allowed to do this. Your role lacks ledger:post.']);
  });
});

describe('a refusal in one sentence', () => {
  it('translates known codes', () => {
    expect(
      problemSentence({ type: 'about:blank', status: 409, code: 'entry_already_reversed', title: 'Conflict', detail: null }),
    ).toBe('This entry has already been reversed.');
    expect(
      problemSentence(refusal([{ field: 'account_id', code: 'account_has_balance', message: 'The balance is K12.00.' }])),
    ).toBe('Only an account with a zero balance can be archived.');
  });
});
