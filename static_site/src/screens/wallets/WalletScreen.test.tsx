import { afterEach, expect, it } from 'vitest';
import { axeViolations } from '../../test/axe';
import { cleanup, click, findByText, renderIntoDocument, waitFor } from '../../test/dom';
import { resetSession } from '../../test/fakeApi';
import { ORG, run, signedInToWallets, wallet, WALLET_ID } from './testing';
import WalletScreen from './WalletScreen';

afterEach(() => {
  cleanup();
  resetSession();
  history.replaceState(null, '', '/');
});

it('shows the wallet, Sync now, the statement upload and the sync history with counts, duration and errors', async () => {
  await signedInToWallets({
    [`GET ${ORG}/wallets/${WALLET_ID}/syncs`]: {
      items: [run({ id: 'run-2', status: 'failed', trigger: 'timer', errors: [{ code: 'airtel_unreachable', message: 'Airtel did not answer.' }] }), run()],
      next_cursor: null,
    },
  });
  const screen = renderIntoDocument(<WalletScreen params={{ walletId: WALLET_ID }} />);
  await waitFor(() => screen.querySelectorAll('[data-testid="sync-run"]').length === 2);

  expect(screen.querySelector('[data-testid="wallet-summary"]')?.textContent).toContain('K12,500.50');
  const runs = Array.from(screen.querySelectorAll('[data-testid="sync-run"]'), (row) => row.textContent);
  expect(runs[0]).toContain('Failed');
  expect(runs[0]).toContain('hourly');
  expect(runs[0]).toContain('Airtel did not answer.');
  expect(runs[1]).toContain('Done');
  expect(runs[1]).toContain('40 read, 12 new, 1 updated');
  expect(runs[1]).toContain('took 3.2 s');
  expect(findByText(screen, 'button', 'Sync now')).toBeDefined();
  expect(findByText(screen, 'a', 'Upload a statement')?.getAttribute('href')).toBe(`/wallets/${WALLET_ID}/statement`);
  expect(await axeViolations(screen)).toEqual([]);
});

it('unlinks the wallet after asking, and goes back to the wallets', async () => {
  const api = await signedInToWallets({
    [`GET ${ORG}/wallets/${WALLET_ID}/syncs`]: { items: [], next_cursor: null },
    [`DELETE ${ORG}/wallets/${WALLET_ID}`]: wallet({ status: 'unlinked' }),
  });
  const screen = renderIntoDocument(<WalletScreen params={{ walletId: WALLET_ID }} />);
  click((await waitFor(() => findByText(screen, 'button', 'Unlink this wallet'))) as HTMLElement);

  const dialog = await waitFor(() => document.querySelector<HTMLElement>('[role="alertdialog"]'));
  expect(dialog.textContent).toContain('Unlink Main till?');
  expect(dialog.textContent).toContain('stay in the books');
  expect(await axeViolations(document.body)).toEqual([]);
  click(findByText(dialog, 'button', 'Unlink') as HTMLElement);

  await waitFor(() => location.pathname === '/wallets');
  expect(api.calls(`DELETE ${ORG}/wallets/${WALLET_ID}`)).toHaveLength(1);
});
