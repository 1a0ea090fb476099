import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { axeViolations } from '../../test/axe';
import { cleanup, click, findByText, renderIntoDocument, typeInto, waitFor } from '../../test/dom';
import { resetSession, type FakeApi, type FakeRequest } from '../../test/fakeApi';
import { freshIndexedDb } from '../../test/indexedDb';
import JournalScreen from './JournalScreen';
import { captureDownloads, csvFile, journalEntry, ORG, signedInToLedger } from './testing';

const SALE = journalEntry({ id: 'entry-9', entry_number: 9, description: 'Airtel sale', source_type: 'invoice', total: '1250.50' });
const RENT = journalEntry({ id: 'entry-8', entry_number: 8, entry_date: '2026-03-10', description: 'Rent March', posted_by_name: 'Mwila Banda' });
const OLD = journalEntry({ id: 'entry-2', entry_number: 2, entry_date: '2026-01-04', description: 'Float', posted_by_name: null });

/** Two entries a page; the cursor carries on where the first page stopped. */
function pages(request: FakeRequest): Response {
  const body = request.query.get('cursor') === 'page-2' ? { items: [OLD], next_cursor: null } : { items: [SALE, RENT], next_cursor: 'page-2' };
  return new Response(JSON.stringify(body), { headers: { 'Content-Type': 'application/json' } });
}

beforeEach(freshIndexedDb);

afterEach(() => {
  cleanup();
  resetSession();
  vi.restoreAllMocks();
  window.history.replaceState(null, '', '/');
});

const rows = (screen: HTMLElement): string[][] =>
  Array.from(screen.querySelectorAll('tbody tr'), (row) => Array.from(row.querySelectorAll('td'), (cell) => cell.textContent ?? ''));

const lastQuery = (api: FakeApi): Record<string, string> => {
  const calls = api.calls(`GET ${ORG}/journal-entries`);
  return Object.fromEntries(calls[calls.length - 1]?.query ?? new URLSearchParams());
};

async function openJournal(address = '/ledger/journal') {
  window.history.replaceState(null, '', address);
  const api = await signedInToLedger({ [`GET ${ORG}/journal-entries`]: pages });
  const screen = renderIntoDocument(<JournalScreen />);
  await waitFor(() => screen.querySelector('tbody tr'));
  return { api, screen };
}

describe('the journal', () => {
  it('lists entries newest first with their date, number, description, source, amount and who posted them', async () => {
    const { api, screen } = await openJournal();

    expect(rows(screen)).toEqual([
      ['14/03/2026', 'No. 9', 'Airtel sale', 'Invoice', 'K1,250.50', 'Chanda Mwale'],
      ['10/03/2026', 'No. 8', 'Rent March', 'Manual entry', 'K5,000.00', 'Mwila Banda'],
    ]);
    expect(findByText(screen, 'tbody a', 'No. 9')?.getAttribute('href')).toBe('/ledger/entries/entry-9');
    expect(lastQuery(api)).toEqual({ limit: '25' });
    expect(findByText(screen, '.ledger-nav a', 'Journal')?.getAttribute('aria-current')).toBe('page');
    expect(await axeViolations(screen)).toEqual([]);
  });

  it('moves to the next page by cursor and back again', async () => {
    const { api, screen } = await openJournal();

    click(findByText(screen, 'button', 'Next') as HTMLElement);
    await waitFor(() => rows(screen)[0]?.[2] === 'Float');
    expect(lastQuery(api)).toEqual({ cursor: 'page-2', limit: '25' });
    expect(rows(screen)).toEqual([['04/01/2026', 'No. 2', 'Float', 'Manual entry', 'K5,000.00', 'Unknown']]);

    click(findByText(screen, 'button', 'Previous') as HTMLElement);
    await waitFor(() => rows(screen)[0]?.[2] === 'Airtel sale');
    expect(api.calls(`GET ${ORG}/journal-entries`)).toHaveLength(3);
  });

  it('searches and filters by dates, source and account, sends them to the server and keeps them in the address', async () => {
    const { api, screen } = await openJournal();
    await waitFor(() => screen.querySelector('#journal-account option[value="acc-1150"]'));

    typeInto(screen.querySelector('#journal-q') as HTMLInputElement, '  airtel ');
    typeInto(screen.querySelector('#journal-from') as HTMLInputElement, '01/03/2026');
    typeInto(screen.querySelector('#journal-to') as HTMLInputElement, '31/03/2026');
    typeInto(screen.querySelector('#journal-source') as HTMLSelectElement, 'invoice');
    typeInto(screen.querySelector('#journal-account') as HTMLSelectElement, 'acc-1150');
    click(findByText(screen, 'button', 'Show') as HTMLElement);

    await waitFor(() => api.calls(`GET ${ORG}/journal-entries`).length === 2);
    expect(lastQuery(api)).toEqual({
      q: 'airtel',
      from: '2026-03-01',
      to: '2026-03-31',
      source_type: 'invoice',
      account_id: 'acc-1150',
      limit: '25',
    });
    expect(window.location.pathname + window.location.search).toBe(
      '/ledger/journal?q=airtel&from=2026-03-01&to=2026-03-31&source=invoice&account=acc-1150',
    );
    // Header accounts take no postings, so they are not offered.
    expect(screen.querySelector('#journal-account option[value="acc-1000"]')).toBeNull();
  });

  it('opens with the filters of its address, and says when nothing matches', async () => {
    window.history.replaceState(null, '', '/ledger/journal?q=zzz&source=refund');
    const api = await signedInToLedger({ [`GET ${ORG}/journal-entries`]: { items: [], next_cursor: null } });
    const screen = renderIntoDocument(<JournalScreen />);

    await waitFor(() => screen.querySelector('.notice'));
    expect(screen.querySelector('.notice')?.textContent).toBe('No entry matches these filters.');
    expect(lastQuery(api)).toEqual({ q: 'zzz', source_type: 'refund', limit: '25' });
    expect((screen.querySelector('#journal-q') as HTMLInputElement).value).toBe('zzz');
    expect(await axeViolations(screen)).toEqual([]);
  });

  it('refuses an end date before the start, on its field, and asks nothing', async () => {
    const { api, screen } = await openJournal();

    typeInto(screen.querySelector('#journal-from') as HTMLInputElement, '31/03/2026');
    typeInto(screen.querySelector('#journal-to') as HTMLInputElement, '01/03/2026');
    click(findByText(screen, 'button', 'Show') as HTMLElement);

    await waitFor(() => screen.querySelector('.field__error'));
    expect(screen.querySelector('.field__error')?.textContent).toContain('This date is before the start of the period.');
    expect(api.calls(`GET ${ORG}/journal-entries`)).toHaveLength(1);
  });

  it('exports the filtered journal as CSV with the session, not as a bare link', async () => {
    const downloads = captureDownloads();
    const { api, screen } = await openJournal('/ledger/journal?q=rent&from=2026-03-01');
    api.on(`GET ${ORG}/journal-entries.csv`, () => csvFile('journal.csv'));

    click(findByText(screen, 'button', 'Export CSV') as HTMLElement);

    await waitFor(() => downloads.length === 1);
    const request = api.calls(`GET ${ORG}/journal-entries.csv`)[0];
    expect(request?.headers.get('Accept')).toBe('text/csv');
    expect(request?.headers.get('Authorization')).toBe('Bearer access-1');
    expect(Object.fromEntries(request?.query ?? [])).toEqual({ q: 'rent', from: '2026-03-01' });
    expect(downloads).toEqual(['journal.csv blob:export']);
  });
});
