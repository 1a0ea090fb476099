import { afterEach, beforeEach, expect, it } from 'vitest';
import { axeViolations } from '../../test/axe';
import { cleanup, click, findByText, renderIntoDocument, waitFor } from '../../test/dom';
import { resetSession } from '../../test/fakeApi';
import { freshIndexedDb } from '../../test/indexedDb';
import { ORG, run, signedInToWallets, wallet, WALLET_ID } from './testing';
import WalletsScreen from './WalletsScreen';

beforeEach(freshIndexedDb);

afterEach(() => {
  cleanup();
  resetSession();
});

it('lists each wallet with its balance, last sync and what is left to categorise; Sync now shows the progress until done', async () => {
  const api = await signedInToWallets({ [`GET ${ORG}/wallets`]: { items: [wallet()] } });
  const screen = renderIntoDocument(<WalletsScreen />);
  const row = await waitFor(() => screen.querySelector<HTMLElement>('[data-testid="wallet"]'));

  expect(row.textContent).toContain('Main till · 0971234567 · Airtel Zambia test (UAT)');
  expect(row.textContent).toContain('Balance: K12,500.50');
  expect(row.textContent).toContain('Last synced 14/03/2026');
  expect(row.textContent).toContain('2 transactions to categorise');
  expect(findByText(screen, 'a', 'Link a wallet')?.getAttribute('href')).toBe('/wallets/link');
  expect(await axeViolations(screen)).toEqual([]);

  api.on(`POST ${ORG}/wallets/${WALLET_ID}/sync`, run({ id: 'run-2', status: 'running', fetched: 10, added: 4, progress: 0.25, finished_at: null, duration_ms: null }));
  api.on(`GET ${ORG}/wallets/${WALLET_ID}/syncs`, { items: [run({ id: 'run-2', added: 12, updated: 1 })], next_cursor: null });
  api.on(`GET ${ORG}/wallets`, { items: [wallet({ last_synced_at: '2026-03-15T10:00:00Z' })] });
  click(screen.querySelector<HTMLElement>('[aria-label="Sync now: Main till"]') as HTMLElement);

  await waitFor(() => screen.querySelector('progress'));
  expect(screen.querySelector('[role="status"]')?.textContent).toContain('10 transactions read so far, 4 new.');
  expect(screen.querySelector('[aria-label="Syncing… Main till"]')?.textContent).toBe('Syncing…');
  expect(await axeViolations(screen)).toEqual([]);

  await waitFor(() => findByText(screen, '[role="status"] p', 'Synced: 12 new transactions, 1 updated.'), 4000);
  await waitFor(() => findByText(screen, 'p', 'Last synced 15/03/2026'));
  expect(api.calls(`POST ${ORG}/wallets/${WALLET_ID}/sync`)).toHaveLength(1);
});

it('offers to link the first wallet; a role that may only read sees no buttons that change anything', async () => {
  await signedInToWallets({ [`GET ${ORG}/wallets`]: { items: [] } }, ['mobile_money:read']);
  const screen = renderIntoDocument(<WalletsScreen />);

  await waitFor(() => findByText(screen, '*', 'No wallet linked yet'));
  expect(findByText(screen, 'a', 'Link a wallet')).toBeUndefined();
});

it('says so to a role without mobile money', async () => {
  await signedInToWallets({}, ['invoices:read']);
  const screen = renderIntoDocument(<WalletsScreen />);

  await waitFor(() => findByText(screen, 'p', 'does not include mobile money'));
});

it('shows the wallets last seen when offline, saying how old the copy is', async () => {
  const api = await signedInToWallets({ [`GET ${ORG}/wallets`]: { items: [wallet()] } });
  renderIntoDocument(<WalletsScreen />);
  await waitFor(() => document.querySelector('[data-testid="wallet"]'));
  await new Promise((resolve) => setTimeout(resolve, 50));
  cleanup();
  api.on(`GET ${ORG}/wallets`, (): Response => {
    throw new TypeError('Failed to fetch');
  });

  const screen = renderIntoDocument(<WalletsScreen />);

  await waitFor(() => findByText(screen, 'p', 'Saved copy from'));
  expect(screen.querySelector('[data-testid="wallet"]')?.textContent).toContain('Balance: K12,500.50');
});
