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
