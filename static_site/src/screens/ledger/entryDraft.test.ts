import { describe, expect, it } from 'vitest';
import { blankLine, draftProblems, entryRequest, type DraftLine, type EntryDraft } from './entryDraft';

const CASH = '11111111-1111-4111-8111-000000001010';
const CAPITAL = '11111111-1111-4111-8111-000000003010';

function line(accountId: string | null, debit = '', credit = '', memo = ''): DraftLine {
  return { ...blankLine(), accountId, debit, credit, memo };
}

function draft(lines: DraftLine[], changes: Partial<EntryDraft> = {}): EntryDraft {
  return { date: '14/03/2026', description: 'Owner’s capital paid in', lines, ...changes };
}

describe('an entry being typed', () => {
  it('has no problems when dated, described and balanced', () => {
    const problems = draftProblems(draft([line(CASH, '5,000.00'), line(CAPITAL, '', '5000')]));

    expect(problems).toEqual({ lines: {}, entry: [], other: [] });
  });

  it('becomes the API’s body: ISO date, decimal strings, blank lines left out', () => {
    const cash = line(CASH, 'K5,000.50', '', ' till ');
    const blank = line(null);
    const capital = line(CAPITAL, '', '5000.5');

    const request = entryRequest(draft([cash, blank, capital]));

    expect(request.body).toEqual({
      entry_date: '2026-03-14',
      description: 'Owner’s capital paid in',
      lines: [
        { account_id: CASH, debit: '5000.50', credit: '0.00', memo: 'till' },
        { account_id: CAPITAL, debit: '0.00', credit: '5000.50', memo: '' },
      ],
    });
    expect(request.sentLineIds).toEqual([cash.id, capital.id]);
  });

  it('says everything that is wrong at once, on its line and field', () => {
    const noAccount = line(null, '100');
    const bothSides = line(CASH, '50', '50');
    const badAmount = line(CAPITAL, '', '12.345');

    const problems = draftProblems(draft([noAccount, bothSides, badAmount], { date: '31/04/2026', description: ' ' }));

    expect(problems).toEqual({
      date: 'There is no such date.',
      description: 'Fill this in.',
      lines: {
        [noAccount.id]: { account: 'Choose an account from the list.' },
        [bothSides.id]: { line: 'A line is a debit or a credit, not both.' },
        [badAmount.id]: { credit: 'Use at most 2 digits after the point.' },
      },
      entry: [],
      other: [],
    });
  });

  it('needs two lines with something on them', () => {
    expect(draftProblems(draft([line(CASH, '10'), line(null)])).entry).toEqual(['An entry needs at least two lines.']);
  });

  it('needs a line to carry an amount', () => {
    const empty = line(CASH, '', '', 'a memo only');

    expect(draftProblems(draft([line(CASH, '10'), empty, line(CAPITAL, '', '10')])).lines).toEqual({
      [empty.id]: { line: 'Enter a debit or a credit above zero.' },
    });
  });

  it('refuses an unbalanced entry', () => {
    expect(draftProblems(draft([line(CASH, '100'), line(CAPITAL, '', '90')])).entry).toEqual(['Debits and credits must be equal.']);
  });

  it('refuses a date on or before the lock date, saying the lock date', () => {
    const locked = draft([line(CASH, '10'), line(CAPITAL, '', '10')], { date: '31/01/2026' });

    expect(draftProblems(locked, { lockDate: '2026-01-31' }).date).toBe(
      'The books are locked up to 31/01/2026: choose a later date.',
    );
    expect(draftProblems({ ...locked, date: '01/02/2026' }, { lockDate: '2026-01-31' }).date).toBeUndefined();
  });
});
