import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { axeViolations } from '../../test/axe';
import { cleanup, click, findByText, leave, renderIntoDocument, settle, typeInto, waitFor } from '../../test/dom';
import { problem, resetSession } from '../../test/fakeApi';
import { freshIndexedDb } from '../../test/indexedDb';
import { account } from '../ledger/testing';
import { item, ORG, SALES_PERMISSIONS, signedInToSales } from '../customers/testing';
import ItemFormScreen from './ItemFormScreen';
import ItemListScreen from './ItemListScreen';

const CEMENT = item('CEM50', 'Cement 50 kg', { stock_tracked: true });
const DELIVERY = item('DEL', 'Delivery in Lusaka', { kind: 'service', default_price: '250.0000', price_includes_vat: false });
const LAGER = item('LAGER', 'Lager 375 ml', { tax_category: 'B', rrp: '15.5000', default_price: '14.0000', levy: 'TL' });

const SALES_ACCOUNT = account('4010', 'Sales of goods', { id: 'acc-4010', account_type: 'income', subtype: 'revenue', normal_balance: 'credit' });
const SERVICES_ACCOUNT = account('4020', 'Sales of services', { id: 'acc-4020', account_type: 'income', subtype: 'revenue', normal_balance: 'credit' });
const CHART = [account('1010', 'Cash on hand'), SALES_ACCOUNT, SERVICES_ACCOUNT];

beforeEach(freshIndexedDb);

afterEach(() => {
  cleanup();
  resetSession();
  window.history.replaceState(null, '', '/');
});

const rows = (screen: HTMLElement): string[][] =>
  Array.from(screen.querySelectorAll('tbody tr'), (row) => Array.from(row.querySelectorAll('td'), (cell) => cell.textContent ?? ''));
const input = (id: string): HTMLInputElement => document.getElementById(id) as HTMLInputElement;
const select = (id: string): HTMLSelectElement => document.getElementById(id) as HTMLSelectElement;
const errorOf = (id: string): string => document.getElementById(`${id}-error`)?.textContent ?? '';

describe('the item list', () => {
  async function openList(permissions?: readonly string[]) {
    const api = await signedInToSales({ [`GET ${ORG}/items`]: { items: [CEMENT, DELIVERY, LAGER], next_cursor: null } }, permissions);
    const screen = renderIntoDocument(<ItemListScreen />);
    await waitFor(() => screen.querySelector('tbody tr'));
    return { api, screen };
  }
  const lastQuery = (api: Awaited<ReturnType<typeof openList>>['api']): Record<string, string> => {
    const calls = api.calls(`GET ${ORG}/items`);
    return Object.fromEntries(calls[calls.length - 1]?.query ?? []);
  };

  it('shows each item with its tax category, levy, price basis and stock, linked to its form', async () => {
    const { screen } = await openList();

    expect(rows(screen)).toEqual([
      ['CEM50', 'Cement 50 kg', 'Goods', 'A · Standard rated (16%)', 'K116.00 incl. VAT', 'Counted'],
      ['DEL', 'Delivery in Lusaka', 'Service', 'A · Standard rated (16%)', 'K250.00 excl. VAT', 'Not counted'],
      ['LAGER', 'Lager 375 ml', 'Goods', 'B · Minimum taxable value (RRP) + Tourism levy', 'K14.00 incl. VAT', 'Not counted'],
    ]);
    expect(screen.querySelector('tbody a')?.getAttribute('href')).toBe('/items/item-cem50');
    expect(findByText(screen, 'a', 'New item')?.getAttribute('href')).toBe('/items/new');
    expect(await axeViolations(screen)).toEqual([]);
  });

  it('filters by goods or services and by tax category', async () => {
    const { api } = await openList();
    const labelled = (text: string): HTMLSelectElement => {
      const label = findByText(document, 'label', text) as HTMLLabelElement;
      return document.getElementById(label.htmlFor) as HTMLSelectElement;
    };

    typeInto(labelled('Goods or services'), 'service');
    await waitFor(() => lastQuery(api).kind === 'service');
    typeInto(labelled('Tax category'), 'C3');
    await waitFor(() => lastQuery(api).tax_category === 'C3');

    expect(lastQuery(api)).toEqual({ kind: 'service', tax_category: 'C3', include_archived: 'false', limit: '25' });
  });

  it('offers neither a new item nor the forms to a role that may only read invoices', async () => {
    const { screen } = await openList(['invoices:read']);

    expect(findByText(screen, 'a', 'New item')).toBeUndefined();
    expect(screen.querySelector('tbody a')).toBeNull();
  });
});

describe('the item form', () => {
  async function openNew(routes: Record<string, unknown> = {}, permissions: readonly string[] = [...SALES_PERMISSIONS, 'ledger:read']) {
    window.history.replaceState(null, '', '/items/new');
    const api = await signedInToSales({ [`GET ${ORG}/accounts`]: { items: CHART, next_cursor: null }, ...routes }, permissions);
    const screen = renderIntoDocument(<ItemFormScreen params={{}} />);
    await waitFor(() => screen.querySelector('form'));
    await settle();
    return { api, screen };
  }
  const save = (screen: HTMLElement): void => click(findByText(screen, 'button', 'Save item') as HTMLElement);

  it('explains each tax category in plain words, and asks for the RRP only of a B item', async () => {
    const { screen } = await openNew();
    const explanation = (): string => screen.querySelector('.sales-explanation')?.textContent ?? '';

    expect(Array.from(select('item-taxCategory').options, (option) => option.value)).toEqual(['A', 'B', 'C1', 'C2', 'C3', 'D', 'E', 'RVAT']);
    expect(explanation()).toContain('16% VAT');
    expect(input('item-rrp')).toBeNull();
    typeInto(select('item-taxCategory'), 'B');
    expect(explanation()).toContain('recommended retail price (RRP)');
    expect(input('item-rrp')).not.toBeNull();
    typeInto(select('item-taxCategory'), 'C2');
    expect(explanation()).toContain('local purchase order (LPO)');
    typeInto(select('item-taxCategory'), 'D');
    expect(explanation()).toContain('exempt');
    expect(await axeViolations(screen)).toEqual([]);
  });

  it('sends a B item with its RRP, levy, VAT-exclusive price and income account as the API takes them', async () => {
    const { api, screen } = await openNew({
      [`POST ${ORG}/items`]: new Response(JSON.stringify(LAGER), { status: 201, headers: { 'Content-Type': 'application/json' } }),
    });

    typeInto(input('item-code'), ' LAGER ');
    typeInto(input('item-name'), 'Lager  375 ml');
    typeInto(input('item-classificationCode'), '50202201');
    typeInto(select('item-unitCode'), 'EA');
    typeInto(select('item-packagingCode'), 'BOTT');
    expect(input('item-originCountry').value).toBe('ZM');
    typeInto(input('item-originCountry'), 'za');
    typeInto(select('item-taxCategory'), 'B');
    typeInto(input('item-rrp'), '15.5');
    leave(input('item-rrp'));
    typeInto(select('item-levy'), 'TL');
    typeInto(input('item-defaultPrice'), '1,200');
    click(input('item-priceBasis-exclusive'));
    const picker = input('item-incomeAccountId');
    act(() => picker.focus());
    click(picker);
    typeInto(picker, '4020');
    act(() => {
      document.querySelector('[role="option"]')?.dispatchEvent(new MouseEvent('mousedown', { bubbles: true, cancelable: true }));
    });
    click(input('item-stockTracked'));
    expect(input('item-rrp').value).toBe('15.50');
    save(screen);

    await waitFor(() => window.location.pathname === '/items');
    expect(api.calls(`POST ${ORG}/items`)[0]?.body).toEqual({
      code: 'LAGER',
      name: 'Lager 375 ml',
      kind: 'goods',
      classification_code: '50202201',
      unit_code: 'EA',
      packaging_code: 'BOTT',
      tax_category: 'B',
      levy: 'TL',
      rrp: '15.50',
      default_price: '1200.00',
      price_includes_vat: false,
      income_account_id: 'acc-4020',
      stock_tracked: true,
      origin_country: 'ZA',
    });
  });

  it('is checked on the phone first, the RRP of a B item too; nothing is sent', async () => {
    const { api, screen } = await openNew();

    typeInto(input('item-code'), 'bad code!');
    typeInto(input('item-classificationCode'), '1234');
    typeInto(select('item-taxCategory'), 'B');
    typeInto(input('item-defaultPrice'), '1.234');
    save(screen);
    await waitFor(() => screen.querySelector('.error-summary'));
    expect(Array.from(screen.querySelectorAll('.error-summary li'), (item) => item.textContent)).toEqual([
      'Code: Use letters, digits, “.”, “_” or “-”, up to 50, starting with a letter or digit.',
      'Name: Fill this in.',
      'ZRA item classification code: ZRA’s classification code is 8 or 10 digits.',
      'Usual price: Use at most 2 digits after the point.',
    ]);

    typeInto(input('item-code'), 'LAGER');
    typeInto(input('item-name'), 'Lager');
    typeInto(input('item-classificationCode'), '');
    typeInto(input('item-defaultPrice'), '14');
    save(screen);
    await waitFor(() => errorOf('item-rrp') !== '');
    expect(errorOf('item-rrp')).toContain('A minimum-taxable-value (B) item needs its RRP.');
    expect(api.calls(`POST ${ORG}/items`)).toEqual([]);
  });

  it('shows the server’s refusals on their fields', async () => {
    const { screen } = await openNew({
      [`POST ${ORG}/items`]: problem(422, 'validation_failed', 'The item cannot be saved.', {
        errors: [
          { field: 'code', code: 'item_code_taken', message: 'Another item has this code.' },
          { field: 'income_account_id', code: 'account_not_income', message: '4010 cannot take sales.' },
        ],
      }),
    });

    typeInto(input('item-code'), 'CEM50');
    typeInto(input('item-name'), 'Cement 50 kg');
    typeInto(input('item-defaultPrice'), '116');
    save(screen);

    await waitFor(() => errorOf('item-code') !== '');
    expect(errorOf('item-code')).toContain('Another item has this code.');
    expect(errorOf('item-incomeAccountId')).toContain('Choose an income account that takes postings.');
    expect(window.location.pathname).toBe('/items/new');
  });

  it('never counts the stock of a service, and leaves out the account for a role that cannot read the chart', async () => {
    await openNew({}, SALES_PERMISSIONS);

    click(input('item-kind-service'));
    expect(input('item-stockTracked').disabled).toBe(true);
    expect(input('item-stockTracked').checked).toBe(false);
    expect(input('item-incomeAccountId')).toBeNull();
  });

  it('edits an item from its saved details', async () => {
    const api = await signedInToSales({
      [`GET ${ORG}/items/item-lager`]: { ...LAGER, income_account_id: 'acc-4010' },
      [`GET ${ORG}/accounts`]: { items: CHART, next_cursor: null },
      [`PUT ${ORG}/items/item-lager`]: LAGER,
    }, [...SALES_PERMISSIONS, 'ledger:read']);
    const screen = renderIntoDocument(<ItemFormScreen params={{ itemId: 'item-lager' }} />);
    await waitFor(() => screen.querySelector('form'));
    await waitFor(() => input('item-incomeAccountId').value !== '');

    expect(input('item-code').value).toBe('LAGER');
    expect(select('item-taxCategory').value).toBe('B');
    expect(input('item-rrp').value).toBe('15.50');
    expect(input('item-defaultPrice').value).toBe('14.00');
    expect(select('item-levy').value).toBe('TL');
    expect(input('item-incomeAccountId').value).toBe('4010 · Sales of goods');
    typeInto(input('item-defaultPrice'), '15');
    click(findByText(screen, 'button', 'Save changes') as HTMLElement);

    await waitFor(() => api.calls(`PUT ${ORG}/items/item-lager`).length === 1);
    expect(api.calls(`PUT ${ORG}/items/item-lager`)[0]?.body).toMatchObject({ default_price: '15.00', rrp: '15.50', income_account_id: 'acc-4010', levy: 'TL' });
  });
});
