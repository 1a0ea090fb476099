import { afterEach, describe, expect, it } from 'vitest';
import { axeViolations } from '../../test/axe';
import { cleanup, click, findByText, renderIntoDocument, typeInto, waitFor } from '../../test/dom';
import { resetSession } from '../../test/fakeApi';
import InvoiceListScreen from './InvoiceListScreen';
import { ORG, signedInToInvoices, summary } from './testing';

afterEach(() => {
  cleanup();
  resetSession();
});

const PAGE = {
  items: [
    summary(),
    summary({ id: 'inv-2', number: null, status: 'draft', amount_due: '250.50', outstanding: '0.00' }),
    summary({ id: 'inv-3', number: 'INV-2026-00040', status: 'overdue', currency: 'USD', amount_due: '1250.00', outstanding: '1250.00' }),
  ],
  next_cursor: 'page-2',
};

async function openList(routes: Record<string, object> = {}) {
  const api = await signedInToInvoices({ [`GET ${ORG}/invoices`]: PAGE, ...routes });
  const screen = renderIntoDocument(<InvoiceListScreen />);
  await waitFor(() => screen.querySelector('.invoice-row'));
  await waitFor(() => findByText(screen, '.invoice-row__customer', 'Kabwe Hardware Ltd'));
  return { api, screen };
}

const rows = (screen: HTMLElement): string[] => Array.from(screen.querySelectorAll('.invoice-row'), (row) => row.textContent ?? '');

describe('the invoice list', () => {
  it('shows each invoice with its customer, status and amounts in its currency', async () => {
    const { screen } = await openList();

    expect(rows(screen)).toEqual([
      expect.stringContaining('INV-2026-00042Kabwe Hardware LtdIssuedDate14/03/2026Due13/04/2026TotalK1,160.00Still owedK1,160.00'),
      expect.stringContaining('Draft (no number yet)Kabwe Hardware LtdDraft'),
      expect.stringContaining('OverdueDate14/03/2026Due13/04/2026TotalUSD 1,250.00Still owedUSD 1,250.00'),
    ]);
    // A draft owes nothing yet.
    expect(rows(screen)[1]).not.toContain('Still owed');
    expect(findByText(screen, 'a', 'New invoice')?.getAttribute('href')).toBe('/invoices/new');
    expect(await axeViolations(screen)).toEqual([]);
  });

  it('asks the API for one status at a time, from the first page', async () => {
    const { api, screen } = await openList();
    click(findByText(screen, 'button', 'Next page') as HTMLElement);
    await waitFor(() => api.calls(`GET ${ORG}/invoices`).some((call) => call.query.get('cursor') === 'page-2'));

    click(findByText(screen, 'button', 'Overdue') as HTMLElement);

    const last = await waitFor(() => api.calls(`GET ${ORG}/invoices`).find((call) => call.query.get('status') === 'overdue'));
    expect(last.query.get('cursor')).toBeNull();
    expect(findByText(screen, 'button', 'Overdue')?.getAttribute('aria-pressed')).toBe('true');
    expect(findByText(screen, 'button', 'All')?.getAttribute('aria-pressed')).toBe('false');
  });

  it('searches after a pause in typing', async () => {
    const { api, screen } = await openList();

    typeInto(screen.querySelector('#invoice-search') as HTMLInputElement, 'Kabwe');

    const searched = await waitFor(() => api.calls(`GET ${ORG}/invoices`).find((call) => call.query.get('q') === 'Kabwe'));
    expect(searched.query.get('status')).toBeNull();
  });

  it('invites a first invoice when there is none', async () => {
    await signedInToInvoices({ [`GET ${ORG}/invoices`]: { items: [], next_cursor: null } });
    const screen = renderIntoDocument(<InvoiceListScreen />);

    await waitFor(() => findByText(screen, '.empty-state__title', 'No invoices yet'));
    expect(screen.querySelector('.empty-state a')?.getAttribute('href')).toBe('/invoices/new');
  });

  it('offers no new invoice to someone who may only read them', async () => {
    await signedInToInvoices({ [`GET ${ORG}/invoices`]: PAGE }, ['invoices:read']);
    const readOnly = renderIntoDocument(<InvoiceListScreen />);
    await waitFor(() => readOnly.querySelector('.invoice-row'));

    expect(findByText(readOnly, 'a', 'New invoice')).toBeUndefined();
    // Without customers:read the list still works, without the names.
    expect(findByText(readOnly, '.invoice-row__customer', 'Kabwe')).toBeUndefined();
  });
});
