import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { outbox } from '../../offline/sync';
import { axeViolations } from '../../test/axe';
import { cleanup, click, findByText, jsonResponse, leave, press, renderIntoDocument, settle, typeInto, waitFor } from '../../test/dom';
import { problem, resetSession } from '../../test/fakeApi';
import { freshIndexedDb } from '../../test/indexedDb';
import JournalEntryScreen from './JournalEntryScreen';
import { journalEntry, ORG, signedInToLedger } from './testing';

const PERIODS = {
  fiscal_year_start_month: 1,
  lock_date: '2026-01-31',
  fiscal_year_start: '2026-01-01',
  fiscal_year_end: '2026-12-31',
  fiscal_year_label: 'FY2026',
  fiscal_year_closed: false,
  periods: [],
  closed_years: [],
};

beforeEach(freshIndexedDb);

afterEach(() => {
  cleanup();
  resetSession();
  window.history.replaceState(null, '', '/');
});

async function openForm(routes: Record<string, unknown> = {}) {
  const api = await signedInToLedger({ [`GET ${ORG}/periods`]: PERIODS, ...routes });
  const screen = renderIntoDocument(<JournalEntryScreen />);
  await waitFor(() => screen.querySelector('.entry-line'));
  // The chart has arrived once the picker can offer an account.
  await waitFor(() => api.calls(`GET ${ORG}/accounts`).length > 0);
  await settle();
  return { api, screen };
}

const lines = (screen: HTMLElement): HTMLElement[] => Array.from(screen.querySelectorAll<HTMLElement>('.entry-line'));
const line = (screen: HTMLElement, number: number): HTMLElement => lines(screen)[number - 1] as HTMLElement;
const input = (root: HTMLElement, selector: string): HTMLInputElement => root.querySelector(selector) as HTMLInputElement;
const postButton = (screen: HTMLElement): HTMLButtonElement => findByText(screen, 'button', 'Post entry') as HTMLButtonElement;

/** Chooses an account by typing into the picker and tapping the first suggestion. */
function pick(root: HTMLElement, text: string): void {
  const field = input(root, '[role="combobox"]');
  act(() => field.focus());
  click(field);
  typeInto(field, text);
  const option = root.querySelector<HTMLElement>('[role="option"]');
  act(() => {
    option?.dispatchEvent(new MouseEvent('mousedown', { bubbles: true, cancelable: true }));
  });
}

function fillLine(screen: HTMLElement, number: number, account: string, debit: string, credit: string): void {
  const row = line(screen, number);
  pick(row, account);
  typeInto(input(row, 'input[name$="-debit"]'), debit);
  typeInto(input(row, 'input[name$="-credit"]'), credit);
}

const status = (screen: HTMLElement): string => screen.querySelector('#entry-balance-status')?.textContent ?? '';

async function fillBalancedEntry(screen: HTMLElement): Promise<void> {
  typeInto(input(screen, '#entry-date'), '14/03/2026');
  typeInto(input(screen, '#entry-description'), 'Owner’s capital paid in');
  fillLine(screen, 1, '1010', '5,000.00', '');
  fillLine(screen, 2, 'capital', '', '5000');
  await settle();
}

describe('the live balance check', () => {
  it('says the difference in kwacha and keeps Post disabled until debits equal credits', async () => {
    const { screen } = await openForm();
    expect(status(screen)).toContain('Enter the amounts.');
    expect(postButton(screen).disabled).toBe(true);

    typeInto(input(line(screen, 1), 'input[name$="-debit"]'), '1,000.10');
    typeInto(input(line(screen, 2), 'input[name$="-credit"]'), '900');

    expect(status(screen)).toContain('Not balanced: debits are K100.10 more than credits.');
    expect(screen.querySelector('.entry-balance__totals')?.textContent).toContain('DebitsK1,000.10CreditsK900.00DifferenceK100.10');
    expect(postButton(screen).disabled).toBe(true);

    typeInto(input(line(screen, 2), 'input[name$="-credit"]'), '1000.1');

    expect(status(screen)).toContain('Balanced: K1,000.10 on each side.');
    expect(postButton(screen).disabled).toBe(false);
    expect(await axeViolations(screen)).toEqual([]);
  });

  it('says when an amount cannot be read', async () => {
    const { screen } = await openForm();

    typeInto(input(line(screen, 1), 'input[name$="-debit"]'), '12.345');

    expect(status(screen)).toContain('An amount cannot be read.');
    expect(postButton(screen).disabled).toBe(true);
  });

  it('adds and removes lines', async () => {
    const { screen } = await openForm();

    click(findByText(screen, 'button', 'Add a line') as HTMLElement);
    expect(lines(screen)).toHaveLength(3);
    click(findByText(screen, 'button', 'Remove line 2') as HTMLElement);

    expect(lines(screen)).toHaveLength(2);
  });
});

describe('choosing an account', () => {
  it('suggests postable accounts by code or name and is worked by keyboard', async () => {
    const { screen } = await openForm();
    const field = input(line(screen, 1), '[role="combobox"]');
    act(() => field.focus());

    typeInto(field, 'a');
    const options = Array.from(line(screen, 1).querySelectorAll('[role="option"]'), (option) => option.textContent);
    // Headers and archived accounts cannot take postings, so they are not offered.
    expect(options).toEqual(['1010 Cash on hand', '1150 Airtel Money wallet', '3010 Share capital', '4010 Sales of goods']);
    expect(field.getAttribute('aria-expanded')).toBe('true');

    press('ArrowDown');
    expect(field.getAttribute('aria-activedescendant')).toContain('acc-1150');
    press('Enter');

    expect(field.value).toBe('1150 · Airtel Money wallet');
    expect(field.getAttribute('aria-expanded')).toBe('false');
  });

  it('takes an exact code typed and left', async () => {
    const { screen } = await openForm();
    const field = input(line(screen, 1), '[role="combobox"]');

    typeInto(field, '4010');
    leave(field);

    expect(field.value).toBe('4010 · Sales of goods');
  });
});

describe('checking as it is typed', () => {
  it('says at once, on leaving the field, that an account, an amount or a date cannot be used', async () => {
    const { api, screen } = await openForm();
    const row = line(screen, 1);
    const errorOf = (id: string): string => screen.querySelector(`#${id}-error`)?.textContent ?? '';

    const account = input(row, '[role="combobox"]');
    typeInto(account, '9999');
    leave(account);
    expect(errorOf(account.id)).toContain('No account you can post to matches “9999”');
    expect(account.getAttribute('aria-invalid')).toBe('true');

    const debit = input(row, 'input[name$="-debit"]');
    typeInto(debit, '-100');
    leave(debit);
    expect(errorOf(debit.id)).toContain('Enter an amount of zero or more.');

    const date = input(screen, '#entry-date');
    typeInto(date, '31/02/2026');
    leave(date);
    expect(errorOf('entry-date')).not.toBe('');
    typeInto(date, '15/01/2026');
    leave(date);
    expect(errorOf('entry-date')).toContain('locked');

    // Each clears as soon as it is corrected.
    pick(row, '1010');
    typeInto(debit, '100');
    leave(debit);
    typeInto(date, '14/03/2026');
    leave(date);
    await settle();
    expect([errorOf(account.id), errorOf(debit.id), errorOf('entry-date')]).toEqual(['', '', '']);
    expect(api.calls(`POST ${ORG}/journal-entries`)).toEqual([]);
    expect(await axeViolations(screen)).toEqual([]);
  });
});

describe('posting', () => {
  it('posts the entry once with an idempotency key, then opens it', async () => {
    const { api, screen } = await openForm({
      [`POST ${ORG}/journal-entries`]: jsonResponse(journalEntry({ id: 'entry-9', entry_number: 9 }), 201),
    });
    await fillBalancedEntry(screen);

    click(postButton(screen));

    await waitFor(() => window.location.pathname === '/ledger/entries/entry-9');
    const [sent] = api.calls(`POST ${ORG}/journal-entries`);
    expect(sent?.body).toEqual({
      entry_date: '2026-03-14',
      description: 'Owner’s capital paid in',
      lines: [
        { account_id: 'acc-1010', debit: '5000.00', credit: '0.00', memo: '' },
        { account_id: 'acc-3010', debit: '0.00', credit: '5000.00', memo: '' },
      ],
    });
    expect(sent?.headers.get('Idempotency-Key')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('puts each problem from the server on its line and field', async () => {
    const { screen } = await openForm({
      [`POST ${ORG}/journal-entries`]: problem(422, 'period_locked', 'The journal entry cannot be posted.', {
        errors: [
          { field: 'entry_date', code: 'period_locked', message: 'The books are locked up to 2026-02-28; pick a later date.' },
          { field: 'lines.0.account_id', code: 'account_archived', message: '1010 is archived.' },
          { field: 'lines.1.credit', code: 'amount_precision', message: 'At most 2 decimal places (ngwee).' },
        ],
      }),
    });
    await fillBalancedEntry(screen);

    click(postButton(screen));

    await waitFor(() => screen.querySelector('.error-summary'));
    expect(screen.querySelector('#entry-date-error')?.textContent).toContain('The books are locked for this date: choose a later date.');
    expect(line(screen, 1).querySelector('[id$="-account-error"]')?.textContent).toContain('1010 is archived: choose another account.');
    expect(line(screen, 2).querySelector('[id$="-credit-error"]')?.textContent).toContain('Use at most 2 digits after the point.');
    const summary = Array.from(screen.querySelectorAll('.error-summary li'), (item) => item.textContent);
    expect(summary).toEqual([
      'Date: The books are locked for this date: choose a later date.',
      'Line 1, Account: 1010 is archived: choose another account.',
      'Line 2, Credit: Use at most 2 digits after the point.',
    ]);
    expect(document.activeElement?.classList.contains('error-summary')).toBe(true);
    expect(await axeViolations(screen)).toEqual([]);
  });

  it('refuses a date on or before the lock date before sending anything', async () => {
    const { api, screen } = await openForm();
    await fillBalancedEntry(screen);
    expect(screen.textContent).toContain('The books are locked up to 31/01/2026');

    typeInto(input(screen, '#entry-date'), '31/01/2026');
    click(postButton(screen));

    await waitFor(() => screen.querySelector('#entry-date-error'));
    expect(api.calls(`POST ${ORG}/journal-entries`)).toEqual([]);
  });

  it('sends the same key again when the same entry is posted again, a new one when it changed', async () => {
    const { api, screen } = await openForm({
      [`POST ${ORG}/journal-entries`]: problem(503, 'unavailable', 'The service is busy.'),
    });
    await fillBalancedEntry(screen);

    click(postButton(screen));
    await waitFor(() => findByText(screen, '.error-summary', 'The service is busy.'));
    click(postButton(screen));
    await waitFor(() => api.calls(`POST ${ORG}/journal-entries`).length === 2);
    await settle();
    typeInto(input(screen, '#entry-description'), 'Owner’s capital paid in, March');
    click(postButton(screen));
    await waitFor(() => api.calls(`POST ${ORG}/journal-entries`).length === 3);

    const keys = api.calls(`POST ${ORG}/journal-entries`).map((request) => request.headers.get('Idempotency-Key'));
    expect(keys[1]).toBe(keys[0]);
    expect(keys[2]).not.toBe(keys[0]);
  });

  it('keeps the entry in the outbox under its key when there is no connection', async () => {
    const { api, screen } = await openForm();
    await fillBalancedEntry(screen);
    vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);

    click(postButton(screen));

    await waitFor(() => status(screen).includes('Enter the amounts.'));
    const [queued] = await outbox.list();
    expect(queued).toMatchObject({
      method: 'POST',
      path: `${ORG}/journal-entries`,
      summary: 'Journal entry “Owner’s capital paid in” for K5,000.00',
    });
    expect(api.calls(`POST ${ORG}/journal-entries`)).toEqual([]);
  });

  it('queues the entry under the key already sent when the answer is lost', async () => {
    const { api, screen } = await openForm({
      [`POST ${ORG}/journal-entries`]: () => Promise.reject(new TypeError('Failed to fetch')),
    });
    await fillBalancedEntry(screen);

    click(postButton(screen));

    await waitFor(() => api.calls(`POST ${ORG}/journal-entries`).length === 1);
    const sentKey = api.calls(`POST ${ORG}/journal-entries`)[0]?.headers.get('Idempotency-Key');
    const queued = await waitForQueued();
    expect(queued.id).toBe(sentKey);
  });
});

async function waitForQueued() {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const [queued] = await outbox.list();
    if (queued !== undefined) {
      return queued;
    }
    await settle();
  }
  throw new Error('nothing was queued');
}
