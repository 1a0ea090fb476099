import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { axeViolations } from '../../test/axe';
import { cleanup, click, findByText, jsonResponse, renderIntoDocument, typeInto, waitFor } from '../../test/dom';
import { resetSession } from '../../test/fakeApi';
import { freshIndexedDb } from '../../test/indexedDb';
import { ACCOUNTANT, ORG, signedInToExpenses, supplier } from '../expenses/testing';
import PayablesAgingScreen from './PayablesAgingScreen';
import SupplierFormScreen from './SupplierFormScreen';
import SupplierListScreen from './SupplierListScreen';
import SupplierScreen from './SupplierScreen';

beforeEach(freshIndexedDb);

afterEach(() => {
  cleanup();
  resetSession();
  vi.restoreAllMocks();
});

const labelled = (screen: HTMLElement, text: string): HTMLInputElement => {
  const label = findByText(screen, 'label', text) as HTMLLabelElement;
  return screen.querySelector(`#${CSS.escape(label.htmlFor)}`) as HTMLInputElement;
};

describe('the supplier list', () => {
  it('lists suppliers linked to their statement, with new, import and pay for those allowed', async () => {
    await signedInToExpenses({}, ACCOUNTANT);
    const screen = renderIntoDocument(<SupplierListScreen />);
    await waitFor(() => screen.querySelector('tbody tr'));
    expect(screen.querySelector('tbody a')?.getAttribute('href')).toBe('/suppliers/sup-puma-energy');
    expect(screen.querySelector('tbody tr')?.textContent).toContain('1002003004');
    expect(findByText(screen, 'a', 'New supplier')?.getAttribute('href')).toBe('/suppliers/new');
    expect(findByText(screen, 'a', 'Pay suppliers')?.getAttribute('href')).toBe('/suppliers/pay');
    expect(await axeViolations(screen)).toEqual([]);
  });

  it('offers nothing to change to someone who may only read', async () => {
    await signedInToExpenses({}, ['suppliers:read']);
    const screen = renderIntoDocument(<SupplierListScreen />);
    await waitFor(() => screen.querySelector('tbody tr'));
    expect(findByText(screen, 'a', 'New supplier')).toBeUndefined();
    expect(findByText(screen, 'a', 'Pay suppliers')).toBeUndefined();
  });
});

describe('the supplier form', () => {
  it('checks the name and TPIN before sending, then saves and warns of a duplicate', async () => {
    const api = await signedInToExpenses({
      [`POST ${ORG}/suppliers`]: () => jsonResponse({ supplier: supplier('Zamtel'), possible_duplicates: [supplier('Zamtel Ltd')] }, 201),
    });
    const screen = renderIntoDocument(<SupplierFormScreen params={{}} />);
    await waitFor(() => screen.querySelector('form'));
    typeInto(labelled(screen, 'TPIN (optional)'), '123');
    click(findByText(screen, 'button', 'Save the supplier') as HTMLElement);
    await waitFor(() => screen.textContent?.includes('A TPIN is 10 digits'));
    expect(screen.textContent).toContain("Enter the supplier's name");
    expect(api.calls(`POST ${ORG}/suppliers`)).toHaveLength(0);
    expect(await axeViolations(screen)).toEqual([]);

    typeInto(labelled(screen, 'Name'), 'Zamtel');
    typeInto(labelled(screen, 'TPIN (optional)'), '1002003009');
    typeInto(labelled(screen, 'Withholding tax') as unknown as HTMLSelectElement, 'rent');
    click(findByText(screen, 'button', 'Save the supplier') as HTMLElement);
    await waitFor(() => api.calls(`POST ${ORG}/suppliers`).length === 1);
    expect(api.calls(`POST ${ORG}/suppliers`)[0]?.body).toMatchObject({ name: 'Zamtel', tpin: '1002003009', wht_type: 'rent', payment_terms_days: 30 });
  });
});

describe('a supplier and the aging', () => {
  it('shows the statement with its balance and aging', async () => {
    await signedInToExpenses({
      [`GET ${ORG}/suppliers/sup-1`]: supplier('Puma Energy', { id: 'sup-1' }),
      [`GET ${ORG}/suppliers/sup-1/statement`]: {
        supplier_id: 'sup-1',
        as_of: '2026-04-30',
        balance: '116.00',
        lines: [{ day: '2026-03-02', document_type: 'bill', document_id: 'b1', reference: 'BILL-0001', debit: '0.00', credit: '116.00', balance: '116.00' }],
        aging: { current: '0.00', '1_30': '116.00', '31_60': '0.00', '61_90': '0.00', over_90: '0.00' },
      },
    });
    const screen = renderIntoDocument(<SupplierScreen params={{ supplierId: 'sup-1' }} />);
    await waitFor(() => screen.querySelector('tbody tr'));
    expect(screen.querySelector('tbody tr')?.textContent).toContain('BILL-0001');
    expect(screen.textContent).toContain('1–30 days');
    expect(await axeViolations(screen)).toEqual([]);
  });

  it('shows what is owed to each supplier by bucket, and says spending reports do not exist yet', async () => {
    await signedInToExpenses({
      [`GET ${ORG}/reports/payables-aging`]: {
        as_of: '2026-04-30',
        total: '116.00',
        totals: {},
        rows: [{ supplier_id: 'sup-1', supplier_name: 'Puma Energy', total: '116.00', buckets: { current: '0.00', '1_30': '0.00', '31_60': '116.00', '61_90': '0.00', over_90: '0.00' } }],
      },
    });
    const screen = renderIntoDocument(<PayablesAgingScreen />);
    await waitFor(() => screen.querySelector('tbody tr'));
    expect(screen.querySelector('tbody a')?.getAttribute('href')).toBe('/suppliers/sup-1');
    expect(screen.textContent).toContain('no report for it yet');
    expect(await axeViolations(screen)).toEqual([]);
  });
});

describe('importing suppliers', () => {
  it('checks the file first, lists the bad rows, then imports the good ones', async () => {
    const { default: SupplierImportScreen } = await import('./SupplierImportScreen');
    const api = await signedInToExpenses({
      [`POST ${ORG}/suppliers/import`]: (request: { body: unknown }) =>
        jsonResponse(
          (request.body as { preview: boolean }).preview
            ? { rows: 2, good: 1, saved: false, problems: [{ row: 3, field: 'tpin', code: 'tpin_invalid', message: 'A TPIN is 10 digits.' }] }
            : { rows: 2, good: 1, saved: true, problems: [] },
        ),
    });
    const screen = renderIntoDocument(<SupplierImportScreen />);
    await waitFor(() => screen.querySelector('input[type="file"]'));
    const input = screen.querySelector('input[type="file"]:not([capture])') as HTMLInputElement;
    const file = new File(['name,tpin\nZamtel,1002003009\nBad,12\n'], 'suppliers.csv', { type: 'text/csv' });
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    input.dispatchEvent(new Event('change', { bubbles: true }));
    click(await waitFor(() => findByText(screen, 'button', 'Check the file')));
    await waitFor(() => screen.querySelector('tbody tr'));
    expect(screen.querySelector('tbody tr')?.textContent).toContain('A TPIN is 10 digits.');
    expect(await axeViolations(screen)).toEqual([]);
    click(findByText(screen, 'button', 'Import 1 suppliers') as HTMLElement);
    await waitFor(() => screen.textContent?.includes('1 suppliers imported.'));
    expect(api.calls(`POST ${ORG}/suppliers/import`).map((call) => (call.body as { preview: boolean }).preview)).toEqual([true, false]);
  });
});

describe('paying suppliers', () => {
  it('pays open bills of one supplier with WHT withheld, once', async () => {
    const { default: SupplierPaymentScreen } = await import('./SupplierPaymentScreen');
    const { summary } = await import('../expenses/testing');
    const api = await signedInToExpenses(
      {
        [`GET ${ORG}/bills`]: { items: [summary('bill-1', { number: 'BILL-0001', status: 'posted', outstanding: '1000.00' }), summary('bill-2', { status: 'paid', outstanding: '0.00' })], next_cursor: null },
        [`POST ${ORG}/supplier-payments`]: () => jsonResponse({ number: 'SP-0001', amount_paid: '850.00', wht_amount: '150.00', journal_entry_id: 'je-9' }, 201),
      },
      ACCOUNTANT,
    );
    const screen = renderIntoDocument(<SupplierPaymentScreen />);
    await waitFor(() => screen.querySelector('option[value="sup-puma-energy"]'));
    typeInto(labelled(screen, 'Supplier') as unknown as HTMLSelectElement, 'sup-puma-energy');
    const bill = await waitFor(() => screen.querySelector('input[inputmode="decimal"]') as HTMLInputElement | null);
    expect(screen.querySelectorAll('input[inputmode="decimal"]')).toHaveLength(1);
    expect(await axeViolations(screen)).toEqual([]);
    typeInto(bill, '1000');
    click(findByText(screen, 'button', 'Record the payment') as HTMLElement);
    await waitFor(() => screen.textContent?.includes('SP-0001'));
    const sent = api.calls(`POST ${ORG}/supplier-payments`);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.body).toMatchObject({ supplier_id: 'sup-puma-energy', withhold_tax: true, allocations: [{ bill_id: 'bill-1', amount: '1000' }] });
    expect(sent[0]?.headers.get('Idempotency-Key')).toBeTruthy();
  });
});
