import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { axeViolations } from '../../test/axe';
import { cleanup, click, findByText, renderIntoDocument, settle, typeInto, waitFor } from '../../test/dom';
import { problem, resetSession } from '../../test/fakeApi';
import { freshIndexedDb } from '../../test/indexedDb';
import ChartScreen from './ChartScreen';
import { account, chartOf, ORG, signedInToLedger } from './testing';

beforeEach(freshIndexedDb);

afterEach(() => {
  cleanup();
  resetSession();
});

/** The accounts the tree shows (collapsed branches excluded), by code. */
const visibleCodes = (root: HTMLElement): string[] =>
  Array.from(root.querySelectorAll<HTMLElement>('.account-tree li'))
    .filter((item) => item.closest('[hidden]') === null)
    .map((item) => item.dataset.accountCode ?? '');

const button = (root: HTMLElement, text: string): HTMLElement => {
  const found = findByText(root, 'button', text);
  if (found === undefined) {
    throw new Error(`no button "${text}"`);
  }
  return found;
};

async function openChart(permissions?: readonly string[]) {
  const api = await signedInToLedger({}, permissions);
  const screen = renderIntoDocument(<ChartScreen />);
  await waitFor(() => screen.querySelector('.account-tree'));
  return { api, screen };
}

describe('the chart of accounts', () => {
  it('shows the headers, each opening onto the accounts under it', async () => {
    const { screen } = await openChart();

    expect(visibleCodes(screen)).toEqual(['1000', '3000', '4000']);
    const toggle = button(screen, 'Accounts under 1000 · Current assets');
    expect(toggle.getAttribute('aria-expanded')).toBe('false');

    click(toggle);

    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(visibleCodes(screen)).toEqual(['1000', '1010', '1150', '3000', '4000']);
    expect(findByText(screen, 'li[data-account-code="1150"] .badge', 'Mobile money wallet')).toBeDefined();
    expect(findByText(screen, 'li[data-account-code="1000"] .badge', 'Asset header')).toBeDefined();
    expect(await axeViolations(screen)).toEqual([]);
  });

  it('finds accounts by code or name and shows them under their header', async () => {
    const { screen } = await openChart();

    typeInto(screen.querySelector<HTMLInputElement>('input[type="search"]') as HTMLInputElement, 'airtel');

    expect(visibleCodes(screen)).toEqual(['1000', '1150']);
    expect(screen.textContent).toContain('Showing 2 accounts');
    typeInto(screen.querySelector<HTMLInputElement>('input[type="search"]') as HTMLInputElement, 'nothing like it');
    expect(screen.textContent).toContain('No account matches “nothing like it”.');
  });

  it('filters by type', async () => {
    const { screen } = await openChart();

    typeInto(screen.querySelector<HTMLSelectElement>('select') as HTMLSelectElement, 'equity');
    click(button(screen, 'Expand all'));

    expect(visibleCodes(screen)).toEqual(['3000', '3010']);
  });

  it('hides archived accounts until asked, then shows them marked in words', async () => {
    const { screen } = await openChart();
    click(button(screen, 'Expand all'));
    expect(visibleCodes(screen)).not.toContain('1190');

    click(findByText(screen, 'label', 'Show archived accounts')?.querySelector('input') as HTMLElement);

    expect(visibleCodes(screen)).toContain('1190');
    const archived = screen.querySelector('li[data-account-code="1190"]');
    expect(archived?.className).toContain('account-row--archived');
    expect(archived?.textContent).toContain('Archived');
    expect(findByText(archived as HTMLElement, 'button', 'Restore')).toBeDefined();
  });

  it('offers no changes to someone who may only read the ledger', async () => {
    const { screen } = await openChart(['ledger:read']);

    expect(findByText(screen, 'button', 'New account')).toBeUndefined();
    expect(findByText(screen, 'button', 'Edit')).toBeUndefined();
    expect(findByText(screen, 'nav a', 'New journal entry')).toBeUndefined();
    expect(findByText(screen, 'nav a', 'Trial balance')).toBeDefined();
  });

  it('says so to someone whose role has no ledger access', async () => {
    await signedInToLedger({}, ['organization:read']);
    const screen = renderIntoDocument(<ChartScreen />);
    await waitFor(() => findByText(screen, 'p', 'does not include this part of the ledger'));
  });
});

describe('changing the chart', () => {
  it('adds an account under a header, with the code upper-cased', async () => {
    const { api, screen } = await openChart();
    api.on(`POST ${ORG}/accounts`, () => new Response(JSON.stringify(account('1150-02', 'Airtel Money (branch)', { parent_id: 'acc-1000' })), { status: 201, headers: { 'Content-Type': 'application/json' } }));
    click(button(screen, 'New account'));
    const dialog = await waitFor(() => document.querySelector<HTMLElement>('[role="dialog"]'));

    typeInto(dialog.querySelector('#account-code') as HTMLInputElement, '1150-b');
    typeInto(dialog.querySelector('#account-name') as HTMLInputElement, 'Airtel Money (branch)');
    typeInto(dialog.querySelector('#account-subtype') as HTMLSelectElement, 'mobile_money_wallet');
    typeInto(dialog.querySelector('#account-parentId') as HTMLSelectElement, 'acc-1000');
    expect(await axeViolations(dialog)).toEqual([]);
    click(button(dialog, 'Add account'));

    await waitFor(() => api.calls(`POST ${ORG}/accounts`).length === 1);
    expect(api.calls(`POST ${ORG}/accounts`)[0]?.body).toEqual({
      code: '1150-B',
      name: 'Airtel Money (branch)',
      account_type: 'asset',
      subtype: 'mobile_money_wallet',
      parent_id: 'acc-1000',
      is_header: false,
      description: '',
    });
    await waitFor(() => document.querySelector('[role="dialog"]') === null);
  });

  it('puts the server’s refusal on the field it concerns', async () => {
    const { api, screen } = await openChart();
    api.on(
      `POST ${ORG}/accounts`,
      problem(422, 'code_taken', 'The account cannot be saved.', {
        errors: [{ field: 'code', code: 'code_taken', message: 'Another account already has code 1150.' }, { field: 'subtype', code: 'subtype_invalid', message: 'A asset account’s subtype is one of …' }],
      }),
    );
    click(button(screen, 'New account'));
    const dialog = await waitFor(() => document.querySelector<HTMLElement>('[role="dialog"]'));
    typeInto(dialog.querySelector('#account-code') as HTMLInputElement, '1150');
    typeInto(dialog.querySelector('#account-name') as HTMLInputElement, 'Second wallet');

    click(button(dialog, 'Add account'));

    await waitFor(() => dialog.querySelector('#account-code-error'));
    expect(dialog.querySelector('#account-code-error')?.textContent).toContain('Another account already has this code.');
    expect(dialog.querySelector('#account-subtype-error')?.textContent).toContain('This kind of account does not go with this type.');
    expect(dialog.querySelector('#account-code')?.getAttribute('aria-invalid')).toBe('true');
    const code = dialog.querySelector<HTMLInputElement>('#account-code') as HTMLInputElement;
    code.focus();
    typeInto(dialog.querySelector('#account-code') as HTMLInputElement, '1151');
    await settle();
    // Correcting one field leaves focus there: the summary moves only on the next press.
    expect(document.activeElement?.id).toBe('account-code');
    expect(dialog.querySelector('.error-summary')?.textContent).toContain('Another account already has this code.');
  });

  it('says why an account with postings cannot change type', async () => {
    const { api, screen } = await openChart();
    api.on(`GET ${ORG}/accounts/acc-1010`, {
      account: chartOf('1010'),
      parent: chartOf('1000'),
      children: [],
      as_of: '2026-03-31',
      balance: '5000.00',
      line_count: 3,
      first_posting: '2026-03-14',
      last_posting: '2026-03-20',
    });
    click(button(screen, 'Expand all'));

    click(button(screen.querySelector('li[data-account-code="1010"]') as HTMLElement, 'Edit'));

    const dialog = await waitFor(() => document.querySelector<HTMLElement>('[role="dialog"]'));
    await waitFor(() => dialog.textContent?.includes('This account has postings, so it stays a postable Asset account.'));
    expect((dialog.querySelector('#account-accountType') as HTMLSelectElement).disabled).toBe(true);
    expect((dialog.querySelector('#account-isHeader') as HTMLInputElement).disabled).toBe(true);
    expect((dialog.querySelector('#account-name') as HTMLInputElement).disabled).toBe(false);
  });

  it('renames with only the name sent', async () => {
    const { api, screen } = await openChart();
    api.on(`GET ${ORG}/accounts/acc-1150`, {
      account: chartOf('1150'),
      parent: chartOf('1000'),
      children: [],
      as_of: '2026-03-31',
      balance: '0.00',
      line_count: 0,
      first_posting: null,
      last_posting: null,
    });
    api.on(`PATCH ${ORG}/accounts/acc-1150`, account('1150', 'Airtel Money', { parent_id: 'acc-1000' }));
    click(button(screen, 'Expand all'));
    click(button(screen.querySelector('li[data-account-code="1150"]') as HTMLElement, 'Edit'));
    const dialog = await waitFor(() => document.querySelector<HTMLElement>('[role="dialog"]'));
    await waitFor(() => !(dialog.querySelector('#account-accountType') as HTMLSelectElement).disabled);

    typeInto(dialog.querySelector('#account-name') as HTMLInputElement, 'Airtel Money');
    click(button(dialog, 'Save changes'));

    await waitFor(() => api.calls(`PATCH ${ORG}/accounts/acc-1150`).length === 1);
    expect(api.calls(`PATCH ${ORG}/accounts/acc-1150`)[0]?.body).toEqual({ name: 'Airtel Money' });
  });

  it('asks before archiving, and says why the server refused', async () => {
    const { api, screen } = await openChart();
    api.on(
      `POST ${ORG}/accounts/acc-1150/archive`,
      problem(422, 'account_has_balance', 'The account cannot be saved.', {
        errors: [{ field: 'account_id', code: 'account_has_balance', message: 'The balance is K12.00.' }],
      }),
    );
    click(button(screen, 'Expand all'));

    click(button(screen.querySelector('li[data-account-code="1150"]') as HTMLElement, 'Archive'));
    const dialog = await waitFor(() => document.querySelector<HTMLElement>('[role="alertdialog"]'));
    expect(dialog.textContent).toContain('Archive 1150 · Airtel Money wallet?');
    click(button(dialog, 'Archive account'));

    await waitFor(() => findByText(dialog, '[role="alert"]', 'Only an account with a zero balance can be archived.'));
    await settle();
  });

  it('offers "Archive" on accounts, never on the headings that hold them', async () => {
    const { screen } = await openChart();
    click(button(screen, 'Expand all'));

    const actionsOf = (code: string): string[] =>
      Array.from(
        screen.querySelector(`li[data-account-code="${code}"] > div .account-row__actions`)?.querySelectorAll('button') ?? [],
        (action) => action.firstChild?.textContent ?? '',
      );
    expect(actionsOf('1000')).toEqual(['Edit']);
    expect(actionsOf('1150')).toEqual(['Edit', 'Archive']);
  });
});
