import { afterEach, expect, it } from 'vitest';
import { act } from 'preact/test-utils';
import { axeViolations } from '../../test/axe';
import { cleanup, click, findByText, renderIntoDocument, waitFor } from '../../test/dom';
import { resetSession } from '../../test/fakeApi';
import StatementScreen from './StatementScreen';
import { ORG, signedInToWallets, statement, WALLET_ID } from './testing';

afterEach(() => {
  cleanup();
  resetSession();
});

function choose(screen: HTMLElement, file: File): void {
  const input = screen.querySelector<HTMLInputElement>('#statement-file') as HTMLInputElement;
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  act(() => {
    input.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

const BASE = `${ORG}/wallets/${WALLET_ID}/statements`;

it('previews a statement (known and new rows), then imports it and follows the progress', async () => {
  const api = await signedInToWallets({ [`POST ${BASE}`]: statement() });
  const screen = renderIntoDocument(<StatementScreen params={{ walletId: WALLET_ID }} />);
  await waitFor(() => screen.querySelector('#statement-file'));

  choose(screen, new File(['id,amount\n'], 'march.csv', { type: 'text/csv' }));
  click(findByText(screen, 'button', 'Check the file') as HTMLElement);
  const preview = await waitFor(() => screen.querySelector<HTMLElement>('[data-testid="statement-preview"]'));
  expect(preview.textContent).toContain('3 rows: 3 readable, 1 already known, 2 new.');
  expect(preview.querySelector('tbody tr')?.textContent).toContain('already known');
  expect(api.calls(`POST ${BASE}`)[0]?.query.get('preview_rows')).toBe('20');
  expect(await axeViolations(screen)).toEqual([]);

  api.on(`POST ${BASE}/imp-1/import`, statement({ status: 'importing', rows_done: 1, progress: 0.5 }));
  api.on(`GET ${BASE}/imp-1`, statement({ status: 'imported', rows_done: 3, progress: 1 }));
  click(findByText(screen, 'button', 'Import 2 new rows') as HTMLElement);
  await waitFor(() => screen.querySelector('progress'));
  expect(findByText(screen, '[role="status"] p', '1 of 3 rows imported…')).toBeDefined();
  await waitFor(() => findByText(screen, '[role="status"] p', 'Imported: 2 new transactions.'), 4000);
});

it('lists the problem rows of a broken file and offers no import', async () => {
  await signedInToWallets({
    [`POST ${BASE}`]: statement({
      rows_valid: 1,
      problems: [
        { field: 'row 3: amount', code: 'invalid_amount', message: 'The amount "12,5x" is not a number.' },
        { field: 'row 4: date', code: 'invalid_date', message: 'The date "31/04/2026" does not exist.' },
      ],
    }),
  });
  const screen = renderIntoDocument(<StatementScreen params={{ walletId: WALLET_ID }} />);
  await waitFor(() => screen.querySelector('#statement-file'));

  choose(screen, new File(['x'], 'march.csv', { type: 'text/csv' }));
  click(findByText(screen, 'button', 'Check the file') as HTMLElement);
  const problems = await waitFor(() => screen.querySelector<HTMLElement>('[data-testid="statement-problems"]'));
  expect(Array.from(problems.querySelectorAll('li'), (item) => item.textContent)).toEqual([
    'row 3: amount: The amount "12,5x" is not a number.',
    'row 4: date: The date "31/04/2026" does not exist.',
  ]);
  expect(problems.textContent).toContain('nothing is imported');
  expect(findByText(screen, 'button', 'Import')).toBeUndefined();
  expect(await axeViolations(screen)).toEqual([]);
});
