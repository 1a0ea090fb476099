import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { axeViolations } from '../../test/axe';
import { cleanup, click, findByText, renderIntoDocument, typeInto, waitFor } from '../../test/dom';
import { resetSession, type FakeRequest } from '../../test/fakeApi';
import { freshIndexedDb } from '../../test/indexedDb';
import AccountLedgerScreen from './AccountLedgerScreen';
import { captureDownloads, chartOf, csvFile, ledgerLine, ledgerPage, ORG, signedInToLedger, spoken } from './testing';

const DETAIL = {
  account: chartOf('1010'),
  parent: chartOf('1000'),
  children: [],
  as_of: '2026-03-31',
  balance: '1250.00',
  line_count: 3,
  first_posting: '2026-03-02',
  last_posting: '2026-03-20',
};

/** Three postings to cash, two a page: the cursor carries on where the first page stopped. */
function pages(request: FakeRequest): Response {
  const cursor = request.query.get('cursor');
  const first = ledgerPage(
    [
      ledgerLine(3, '1000.00', '0.00', '1500.00', { entry_date: '2026-03-02', description: 'Sales banked', memo: 'till' }),
      ledgerLine(5, '0.00', '400.00', '1100.00', { entry_date: '2026-03-09' }),
    ],
    { opening_balance: '500.00', closing_balance: '1250.00', next_cursor: 'page-2' },
  );
  const second = ledgerPage([ledgerLine(8, '150.00', '0.00', '1250.00', { entry_date: '2026-03-20' })], {
    opening_balance: '500.00',
    closing_balance: '1250.00',
  });
  return new Response(JSON.stringify(cursor === 'page-2' ? second : first), { headers: { 'Content-Type': 'application/json' } });
}

beforeEach(freshIndexedDb);

afterEach(() => {
  cleanup();
  resetSession();
  vi.restoreAllMocks();
  window.history.replaceState(null, '', '/');
});

const rows = (screen: HTMLElement): string[][] =>
  Array.from(screen.querySelectorAll('tbody tr'), (row) => Array.from(row.querySelectorAll('td'), spoken));

async function openLedger(address = '/ledger/accounts/acc-1010') {
  window.history.replaceState(null, '', address);
  const api = await signedInToLedger({ [`GET ${ORG}/accounts/acc-1010`]: DETAIL, [`GET ${ORG}/ledger/acc-1010`]: pages });
  const screen = renderIntoDocument(<AccountLedgerScreen params={{ accountId: 'acc-1010' }} />);
  await waitFor(() => screen.querySelector('tbody tr'));
  return { api, screen };
}

describe('an account’s ledger', () => {
  it('shows the opening balance, each posting with its running balance, and a link to its entry', async () => {
    const { screen } = await openLedger();

    expect(screen.querySelector('h2')?.textContent).toBe('1010 Cash on hand');
    expect(screen.textContent).toContain('Balance on 31/03/2026: K1,250.00 Dr');
    expect(screen.querySelector('.ledger-summary')?.textContent).toBe(
      'Opening balance on 01/01/2026K500.00 DrClosing balance on 31/03/2026K1,250.00 Dr',
    );
    expect(rows(screen)).toEqual([
      ['02/03/2026', 'No. 3', 'Sales bankedtill', 'K1,000.00', '', 'K1,500.00 Dr'],
      ['09/03/2026', 'No. 5', 'Entry 5', '', 'K400.00', 'K1,100.00 Dr'],
    ]);
    expect(screen.querySelector('tbody a')?.getAttribute('href')).toBe('/ledger/entries/entry-3');
    // On a phone's card each amount says what it is.
    expect(screen.querySelector('tbody tr td.lines-table__balance')?.textContent).toBe('Balance K1,500.00 Dr');
    expect(await axeViolations(screen)).toEqual([]);
  });

  it('loads more postings below the first page, with the cursor and the same period', async () => {
    const { api, screen } = await openLedger();

    click(findByText(screen, 'button', 'Load more postings') as HTMLElement);

    await waitFor(() => rows(screen).length === 3);
    expect(rows(screen)[2]).toEqual(['20/03/2026', 'No. 8', 'Entry 8', 'K150.00', '', 'K1,250.00 Dr']);
    expect(findByText(screen, 'button', 'Load more postings')).toBeUndefined();
    const more = api.calls(`GET ${ORG}/ledger/acc-1010`)[1];
    expect(more?.query.get('cursor')).toBe('page-2');
    expect(more?.query.get('from')).toBe('2026-01-01');
    expect(more?.query.get('to')).toBe('2026-03-31');
    expect(screen.textContent).toContain('Showing 3 postings.');
  });

  it('shows another period on request and keeps it in the address', async () => {
    const { api, screen } = await openLedger();

    typeInto(screen.querySelector('#ledger-from') as HTMLInputElement, '01/03/2026');
    typeInto(screen.querySelector('#ledger-to') as HTMLInputElement, '15/03/2026');
    click(findByText(screen, 'button', 'Show') as HTMLElement);

    await waitFor(() => api.calls(`GET ${ORG}/ledger/acc-1010`).length === 2);
    const asked = api.calls(`GET ${ORG}/ledger/acc-1010`)[1];
    expect([asked?.query.get('from'), asked?.query.get('to'), asked?.query.get('cursor')]).toEqual(['2026-03-01', '2026-03-15', null]);
    expect(window.location.search).toBe('?from=2026-03-01&to=2026-03-15');
  });

  it('starts from the period in the address, as the trial balance links to it', async () => {
    const { api } = await openLedger('/ledger/accounts/acc-1010?to=2026-02-28');

    expect(api.calls(`GET ${ORG}/ledger/acc-1010`)[0]?.query.get('to')).toBe('2026-02-28');
  });

  it('refuses a period that ends before it starts', async () => {
    const { api, screen } = await openLedger();

    typeInto(screen.querySelector('#ledger-from') as HTMLInputElement, '15/03/2026');
    typeInto(screen.querySelector('#ledger-to') as HTMLInputElement, '01/03/2026');
    click(findByText(screen, 'button', 'Show') as HTMLElement);

    expect(screen.querySelector('#ledger-to-error')?.textContent).toContain('before the start of the period');
    expect(api.calls(`GET ${ORG}/ledger/acc-1010`)).toHaveLength(1);
  });

  it('exports the period’s whole ledger as CSV with the session', async () => {
    const downloads = captureDownloads();
    const { api, screen } = await openLedger();
    api.on(`GET ${ORG}/ledger/acc-1010.csv`, () => csvFile('ledger-1010.csv'));

    click(findByText(screen, 'button', 'Export CSV') as HTMLElement);

    await waitFor(() => downloads.length === 1);
    const request = api.calls(`GET ${ORG}/ledger/acc-1010.csv`)[0];
    expect(request?.headers.get('Accept')).toBe('text/csv');
    expect(request?.headers.get('Authorization')).toBe('Bearer access-1');
    expect(Object.fromEntries(request?.query ?? [])).toEqual({ from: '2026-01-01', to: '2026-03-31' });
    expect(downloads).toEqual(['ledger-1010.csv blob:export']);
  });
});
