import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FILTER_PAUSE_MS } from '../../components/useCursorPages';
import { axeViolations } from '../../test/axe';
import { cleanup, click, findByText, renderIntoDocument, typeInto, waitFor } from '../../test/dom';
import { resetSession, type FakeRequest } from '../../test/fakeApi';
import { freshIndexedDb } from '../../test/indexedDb';
import CustomerListScreen from './CustomerListScreen';
import { customer, ORG, signedInToSales } from './testing';

const BANDA = customer('Banda Farms', { kind: 'individual', tpin: null, phone: null, payment_terms_days: 0 });
const CHOLA = customer('Chola Lodge', { currency: 'USD', email: 'accounts@chola.co.zm', tpin: '1002003005', phone: null });
const MWALE = customer('Mwale Builders', { archived_at: '2026-02-01T08:00:00Z' });

/** Two customers a page; the cursor carries on where the first page stopped. */
function pages(request: FakeRequest): Response {
  const body =
    request.query.get('cursor') === 'page-2'
      ? { items: [MWALE], next_cursor: null }
      : { items: [BANDA, CHOLA], next_cursor: 'page-2' };
  return new Response(JSON.stringify(body), { headers: { 'Content-Type': 'application/json' } });
}

beforeEach(freshIndexedDb);

afterEach(() => {
  cleanup();
  resetSession();
  vi.restoreAllMocks();
});

const rows = (screen: HTMLElement): string[][] =>
  Array.from(screen.querySelectorAll('tbody tr'), (row) => Array.from(row.querySelectorAll('td'), (cell) => cell.textContent ?? ''));

async function openList(permissions?: readonly string[]) {
  const api = await signedInToSales({ [`GET ${ORG}/customers`]: pages }, permissions);
  const screen = renderIntoDocument(<CustomerListScreen />);
  await waitFor(() => screen.querySelector('tbody tr'));
  return { api, screen };
}

const lastQuery = (api: Awaited<ReturnType<typeof openList>>['api']): URLSearchParams => {
  const calls = api.calls(`GET ${ORG}/customers`);
  return calls[calls.length - 1]?.query ?? new URLSearchParams();
};

describe('the customer list', () => {
  it('shows a page of customers by name, each linked to its detail, with new, import and export', async () => {
    const { api, screen } = await openList();

    expect(rows(screen)).toEqual([
      ['Banda Farms', 'Individual', '—', '—', '—', 'ZMW', 'On receipt'],
      ['Chola Lodge', 'Business', '1002003005', '—', 'accounts@chola.co.zm', 'USD', '30 days'],
    ]);
    expect(screen.querySelector('tbody a')?.getAttribute('href')).toBe('/customers/cust-banda-farms');
    expect(findByText(screen, 'a', 'New customer')?.getAttribute('href')).toBe('/customers/new');
    expect(findByText(screen, 'a', 'Import')?.getAttribute('href')).toBe('/customers/import');
    expect(findByText(screen, 'button', 'Export CSV')).toBeDefined();
    expect(Object.fromEntries(lastQuery(api))).toEqual({ sort: 'name', include_archived: 'false', limit: '25' });
    expect(await axeViolations(screen)).toEqual([]);
  });

  it('pages on with the cursor and back again', async () => {
    const { api, screen } = await openList();

    click(findByText(screen, 'button', 'Next page') as HTMLElement);
    await waitFor(() => rows(screen)[0]?.[0]?.startsWith('Mwale'));

    expect(lastQuery(api).get('cursor')).toBe('page-2');
    expect(rows(screen)[0]?.[0]).toBe('Mwale Builders (archived)');
    click(findByText(screen, 'button', 'Previous page') as HTMLElement);
    await waitFor(() => rows(screen)[0]?.[0] === 'Banda Farms');
    expect(lastQuery(api).get('cursor')).toBeNull();
  });

  it('filters by kind, currency and archived, searches after a pause, and sorts Z to A', async () => {
    const { api, screen } = await openList();
    const select = (label: string): HTMLSelectElement => {
      const labelled = findByText(screen, 'label', label) as HTMLLabelElement;
      return screen.querySelector(`#${CSS.escape(labelled.htmlFor)}`) as HTMLSelectElement;
    };

    typeInto(select('Kind'), 'business');
    await waitFor(() => lastQuery(api).get('kind') === 'business');
    typeInto(select('Currency'), 'USD');
    await waitFor(() => lastQuery(api).get('currency') === 'USD');
    click(findByText(screen, 'label', 'Show archived customers')?.querySelector('input') as HTMLElement);
    await waitFor(() => lastQuery(api).get('include_archived') === 'true');
    typeInto(screen.querySelector('input[type="search"]') as HTMLInputElement, 'chola');
    await new Promise((resolve) => setTimeout(resolve, FILTER_PAUSE_MS + 50));
    await waitFor(() => lastQuery(api).get('q') === 'chola');
    click(findByText(screen, 'th button', 'Name') as HTMLElement);
    await waitFor(() => lastQuery(api).get('sort') === '-name');

    expect(Object.fromEntries(lastQuery(api))).toEqual({
      q: 'chola',
      kind: 'business',
      currency: 'USD',
      include_archived: 'true',
      sort: '-name',
      limit: '25',
    });
    expect(screen.querySelector('th[aria-sort]')?.getAttribute('aria-sort')).toBe('descending');
  });

  it('downloads the export with the session, not as a bare link', async () => {
    vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:customers');
    vi.spyOn(URL, 'revokeObjectURL').mockReturnValue(undefined);
    const downloads: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      downloads.push(`${this.download} ${this.href}`);
    });
    const { api, screen } = await openList();
    api.on(`GET ${ORG}/customers/export`, () => new Response('kind,name\n', { headers: { 'Content-Type': 'text/csv', 'Content-Disposition': 'attachment; filename="customers.csv"' } }));

    click(findByText(screen, 'button', 'Export CSV') as HTMLElement);

    await waitFor(() => api.calls(`GET ${ORG}/customers/export`).length === 1);
    const request = api.calls(`GET ${ORG}/customers/export`)[0];
    expect(request?.headers.get('Accept')).toBe('text/csv');
    expect(request?.headers.get('Authorization')).toBe('Bearer access-1');
    await waitFor(() => downloads.length === 1);
    expect(downloads).toEqual(['customers.csv blob:customers']);
  });

  it('offers no new customer or import to a role that may only read', async () => {
    const { screen } = await openList(['customers:read']);

    expect(findByText(screen, 'a', 'New customer')).toBeUndefined();
    expect(findByText(screen, 'a', 'Import')).toBeUndefined();
    expect(findByText(screen, 'button', 'Export CSV')).toBeDefined();
  });

  it('says the role does not include customers when it does not', async () => {
    await signedInToSales({}, ['invoices:read']);
    const screen = renderIntoDocument(<CustomerListScreen />);

    await waitFor(() => screen.querySelector('.notice'));
    expect(screen.textContent).toContain('Your role in this organization does not include this part of sales.');
  });
});
