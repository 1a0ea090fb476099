import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { axeViolations } from '../../test/axe';
import { cleanup, click, findByText, jsonResponse, renderIntoDocument, settle, typeInto, waitFor } from '../../test/dom';
import { problem, resetSession } from '../../test/fakeApi';
import { freshIndexedDb } from '../../test/indexedDb';
import EntryScreen from './EntryScreen';
import { journalEntry, ORG, signedInToLedger, spoken } from './testing';

beforeEach(freshIndexedDb);

afterEach(() => {
  cleanup();
  resetSession();
  window.history.replaceState(null, '', '/');
});

async function openEntry(routes: Record<string, unknown> = {}, permissions?: readonly string[]) {
  const api = await signedInToLedger({ [`GET ${ORG}/journal-entries/entry-7`]: journalEntry(), ...routes }, permissions);
  const screen = renderIntoDocument(<EntryScreen params={{ entryId: 'entry-7' }} />);
  await waitFor(() => screen.querySelector('tbody tr'));
  return { api, screen };
}

describe('a journal entry', () => {
  it('shows its lines, each account linked to its ledger up to the entry’s date', async () => {
    const { screen } = await openEntry();

    expect(screen.querySelector('h2')?.textContent).toBe('No. 7');
    expect(screen.querySelector('.entry-facts')?.textContent).toContain('Date14/03/2026');
    expect(screen.querySelector('.entry-facts')?.textContent).toContain('TotalK5,000.00');
    expect(screen.querySelector('.entry-facts')?.textContent).toContain('SourceManual entry');
    expect(screen.querySelector('.entry-facts')?.textContent).toContain('Posted byChanda Mwale');
    const cells = Array.from(screen.querySelectorAll('tbody tr'), (row) => Array.from(row.querySelectorAll('td'), spoken));
    expect(cells).toEqual([
      ['1010 Cash on hand', 'till', 'K5,000.00', ''],
      ['3010 Share capital', '', '', 'K5,000.00'],
    ]);
    expect(screen.querySelector('tbody a')?.getAttribute('href')).toBe('/ledger/accounts/acc-1010?to=2026-03-14');
    expect(await axeViolations(screen)).toEqual([]);
  });

  it('leads to the document it came from: an invoice, or the invoice a credit note is on', async () => {
    const { screen: fromInvoice } = await openEntry({
      [`GET ${ORG}/journal-entries/entry-7`]: { ...journalEntry(), source_type: 'invoice', source_id: 'inv-3' },
    });
    const invoiceLink = await waitFor(() => findByText(fromInvoice, '.entry-facts a', 'Invoice: open the document'));
    expect(invoiceLink.getAttribute('href')).toBe('/invoices/inv-3');
    cleanup();
    resetSession();

    const { api, screen } = await openEntry({
      [`GET ${ORG}/journal-entries/entry-7`]: { ...journalEntry(), source_type: 'credit_note', source_id: 'cn-1' },
      [`GET ${ORG}/credit-notes/cn-1`]: { id: 'cn-1', invoice_id: 'inv-3', number: 'CN-0001' },
    });
    const noteLink = await waitFor(() => findByText(screen, '.entry-facts a', 'Credit note: open the document'));
    expect(noteLink.getAttribute('href')).toBe('/invoices/inv-3');
    expect(api.calls(`GET ${ORG}/credit-notes/cn-1`)).toHaveLength(1);
  });

  it('names the source without a link when its document cannot be read', async () => {
    const { api, screen } = await openEntry({
      [`GET ${ORG}/journal-entries/entry-7`]: { ...journalEntry(), source_type: 'payment', source_id: 'pay-1' },
      [`GET ${ORG}/payments/pay-1`]: problem(403, 'forbidden', 'You are not allowed to do this.'),
    });
    await waitFor(() => api.calls(`GET ${ORG}/payments/pay-1`).length === 1);
    await settle();
    expect(screen.querySelector('.entry-facts')?.textContent).toContain('SourcePayment');
    expect(screen.querySelector('.entry-facts a')).toBeNull();
  });

  it('is reversed after a confirmation, once, and the reversal opens', async () => {
    const { api, screen } = await openEntry({
      [`POST ${ORG}/journal-entries/entry-7/reverse`]: jsonResponse(
        journalEntry({ id: 'entry-8', entry_number: 8, reverses_entry_id: 'entry-7' }),
        201,
      ),
    });

    click(findByText(screen, 'button', 'Reverse this entry') as HTMLElement);
    const dialog = await waitFor(() => document.querySelector<HTMLElement>('[role="alertdialog"]'));
    expect(dialog.textContent).toContain('Reverse entry No. 7?');
    expect(await axeViolations(dialog)).toEqual([]);
    click(findByText(dialog, 'button', 'Post the reversal') as HTMLElement);

    await waitFor(() => window.location.pathname === '/ledger/entries/entry-8');
    const [sent] = api.calls(`POST ${ORG}/journal-entries/entry-7/reverse`);
    expect(sent?.body).toBeNull();
    expect(sent?.headers.get('Idempotency-Key')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('reverses on another date when asked, and puts a locked period on that date', async () => {
    const { api, screen } = await openEntry({
      [`POST ${ORG}/journal-entries/entry-7/reverse`]: problem(422, 'period_locked', 'The journal entry cannot be posted.', {
        errors: [{ field: 'entry_date', code: 'period_locked', message: 'The books are locked up to 2026-03-31.' }],
      }),
    });
    click(findByText(screen, 'button', 'Reverse this entry') as HTMLElement);
    const dialog = await waitFor(() => document.querySelector<HTMLElement>('[role="alertdialog"]'));

    typeInto(dialog.querySelector('#reverse-date') as HTMLInputElement, '01/04/2026');
    click(findByText(dialog, 'button', 'Post the reversal') as HTMLElement);

    await waitFor(() => dialog.querySelector('#reverse-date-error'));
    expect(dialog.querySelector('#reverse-date-error')?.textContent).toContain('The books are locked for this date');
    expect(api.calls(`POST ${ORG}/journal-entries/entry-7/reverse`)[0]?.body).toEqual({ entry_date: '2026-04-01' });
  });

  it('offers no reversal of an entry already reversed, and links to the reversal', async () => {
    const { screen } = await openEntry({ [`GET ${ORG}/journal-entries/entry-7`]: journalEntry({ reversed_by_entry_id: 'entry-8' }) });

    expect(findByText(screen, 'button', 'Reverse this entry')).toBeUndefined();
    expect(findByText(screen, 'a', 'See the reversal')?.getAttribute('href')).toBe('/ledger/entries/entry-8');
  });

  it('offers no reversal to someone who may only read the ledger', async () => {
    const { screen } = await openEntry({}, ['ledger:read']);

    expect(findByText(screen, 'button', 'Reverse this entry')).toBeUndefined();
  });
});
