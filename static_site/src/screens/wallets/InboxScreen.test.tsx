import { afterEach, expect, it } from 'vitest';
import { axeViolations } from '../../test/axe';
import { cleanup, click, findByText, renderIntoDocument, typeInto, waitFor } from '../../test/dom';
import { resetSession, type FakeRequest } from '../../test/fakeApi';
import InboxScreen from './InboxScreen';
import { FUEL, ORG, SALES, signedInToWallets, transaction } from './testing';

afterEach(() => {
  cleanup();
  resetSession();
});

const SALE = transaction({
  id: 'txn-2',
  direction: 'in',
  amount: '1200.00',
  counterparty_name: 'Mwila Banda',
  reference: 'Order 12',
  suggestion: { account_id: SALES, confidence: '0.55', vat_rate: null, reason: 'Like 2 earlier receipts', rule_id: null },
});
const POSTED = transaction({ id: 'txn-3', categorised_at: '2026-03-14T09:00:00Z', parts: [{ account_id: FUEL, amount: '80.00', vat_rate: null, memo: '' }], suggestion: null, journal_entry_id: 'a9999999-9999-4999-8999-999999999999', amount: '80.00' });

function posted(request: FakeRequest, id: string) {
  const body = request.body as { parts: { account_id: string; amount?: string }[] };
  return transaction({ id, categorised_at: '2026-03-14T10:00:00Z', parts: body.parts.map((part) => ({ account_id: part.account_id, amount: part.amount ?? '350.00', vat_rate: null, memo: '' })), suggestion: null, journal_entry_id: 'b8888888-8888-4888-8888-888888888888' });
}

it('lists the transactions uncategorised first with the suggested account and how sure it is; one tap accepts and posts', async () => {
  const api = await signedInToWallets({ [`GET ${ORG}/wallet-transactions`]: { items: [transaction(), SALE, POSTED], next_cursor: null } });
  const screen = renderIntoDocument(<InboxScreen />);
  await waitFor(() => screen.querySelectorAll('[data-testid="suggestion"]').length === 2);

  const rows = screen.querySelectorAll<HTMLElement>('[data-testid="wallet-transaction"]');
  expect(rows[0]?.querySelector('[data-testid="suggestion"]')?.textContent).toContain('Suggested: 6100 Fuel and transport (86% sure)');
  expect(rows[0]?.textContent).toContain('Like 6 earlier payments to Puma Cairo Road');
  expect(rows[1]?.textContent).toContain('In K1,200.00 · Mwila Banda');
  expect(rows[2]?.querySelector('[data-testid="categorised"]')?.textContent).toContain('Posted to 6100 Fuel and transport K80.00.');
  expect(findByText(rows[2] as HTMLElement, 'a', 'See the journal entry')?.getAttribute('href')).toBe('/ledger/entries/a9999999-9999-4999-8999-999999999999');
  expect(api.calls(`GET ${ORG}/wallet-transactions`)[0]?.query.get('suggest')).toBe('true');
  expect(await axeViolations(screen)).toEqual([]);

  api.on(`POST ${ORG}/wallet-transactions/txn-1/categorise`, (request: FakeRequest) => new Response(JSON.stringify(posted(request, 'txn-1')), { headers: { 'Content-Type': 'application/json' } }));
  const always = findByText(rows[0] as HTMLElement, 'label', 'Always do this')?.querySelector('input') as HTMLInputElement;
  click(always);
  click(screen.querySelector<HTMLElement>('[aria-label^="Accept the suggestion for Out K350.00"]') as HTMLElement);

  await waitFor(() => screen.querySelectorAll('[data-testid="categorised"]').length === 2);
  expect(api.calls(`POST ${ORG}/wallet-transactions/txn-1/categorise`)[0]?.body).toEqual({ parts: [{ account_id: FUEL, vat_rate: null, memo: '' }], always: true, rule_id: null });
});

it('accepts the suggestions of the ticked transactions together', async () => {
  const api = await signedInToWallets({
    [`GET ${ORG}/wallet-transactions`]: { items: [transaction(), SALE], next_cursor: null },
    [`POST ${ORG}/wallet-transactions/categorise`]: { items: [posted({ body: { parts: [{ account_id: FUEL }] } } as FakeRequest, 'txn-1'), posted({ body: { parts: [{ account_id: SALES, amount: '1200.00' }] } } as FakeRequest, 'txn-2')] },
  });
  const screen = renderIntoDocument(<InboxScreen />);
  await waitFor(() => screen.querySelectorAll('[data-testid="suggestion"]').length === 2);

  const bulk = findByText(screen, 'button', 'Accept the suggestion') as HTMLButtonElement;
  expect(bulk.disabled).toBe(true);
  for (const box of screen.querySelectorAll<HTMLInputElement>('input[aria-label^="Select"]')) {
    click(box);
  }
  expect(bulk.textContent).toBe('Accept the suggestions of 2 selected');
  click(bulk);

  await waitFor(() => screen.querySelectorAll('[data-testid="categorised"]').length === 2);
  expect((api.calls(`POST ${ORG}/wallet-transactions/categorise`)[0]?.body as { items: { transaction_id: string; parts: unknown[] }[] }).items).toEqual([
    { transaction_id: 'txn-1', always: false, rule_id: null, parts: [{ account_id: FUEL, vat_rate: null, memo: '' }] },
    { transaction_id: 'txn-2', always: false, rule_id: null, parts: [{ account_id: SALES, vat_rate: null, memo: '' }] },
  ]);
});

it('splits a transaction over two accounts', async () => {
  const api = await signedInToWallets({ [`GET ${ORG}/wallet-transactions`]: { items: [transaction()], next_cursor: null } });
  api.on(`POST ${ORG}/wallet-transactions/txn-1/categorise`, (request: FakeRequest) => new Response(JSON.stringify(posted(request, 'txn-1')), { headers: { 'Content-Type': 'application/json' } }));
  const screen = renderIntoDocument(<InboxScreen />);
  await waitFor(() => screen.querySelector('[data-testid="suggestion"]'));

  click(screen.querySelector('summary') as HTMLElement);
  click(findByText(screen, 'button', 'Split: add an account') as HTMLElement);
  const selects = screen.querySelectorAll<HTMLSelectElement>('details select');
  typeInto(selects[1] as HTMLSelectElement, SALES);
  const amounts = screen.querySelectorAll<HTMLInputElement>('details input[inputmode="decimal"]');
  typeInto(amounts[0] as HTMLInputElement, '300');
  typeInto(amounts[1] as HTMLInputElement, '50.00');
  expect(await axeViolations(screen)).toEqual([]);
  click(findByText(screen, 'button', 'Categorise and post') as HTMLElement);

  await waitFor(() => screen.querySelector('[data-testid="categorised"]'));
  expect(api.calls(`POST ${ORG}/wallet-transactions/txn-1/categorise`)[0]?.body).toEqual({
    parts: [
      { account_id: FUEL, amount: '300.00', memo: '' },
      { account_id: SALES, amount: '50.00', memo: '' },
    ],
    always: false,
  });
  expect(screen.querySelector('[data-testid="categorised"]')?.textContent).toContain('6100 Fuel and transport K300.00, 4000 Sales K50.00');
});
