import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { axeViolations } from '../../test/axe';
import { cleanup, click, findByText, renderIntoDocument, typeInto, waitFor } from '../../test/dom';
import { resetSession, type FakeRequest } from '../../test/fakeApi';
import { freshIndexedDb } from '../../test/indexedDb';
import { ORG, signedInToLedger } from '../ledger/testing';
import type { Statement } from '../../api/reports';
import StatementsScreen from './StatementsScreen';

beforeEach(freshIndexedDb);

afterEach(() => {
  cleanup();
  resetSession();
  window.history.replaceState(null, '', '/');
});

function position(compared: boolean): Statement {
  const amounts = (now: string, then: string): string[] => (compared ? [now, then] : [now]);
  const comparisons = (change: string, percent: string | null) => (compared ? [{ change, percent }] : []);
  return {
    kind: 'financial_position',
    layout: {
      reference: 'mse',
      id: null,
      layout_id: null,
      version: 0,
      built_in: 'mse',
      layout: { kind: 'financial_position', name: 'Balance sheet', framework: 'mse', sections: [] },
    },
    ledger_head: { entry_number: 14, hash: 'ab'.repeat(32) },
    period: { date_from: '2026-01-01', date_to: '2026-12-31' },
    columns: [
      { label: 'current', date_from: null, date_to: '2026-12-31' },
      ...(compared ? [{ label: 'same_period_last_year', date_from: null, date_to: '2025-12-31' }] : []),
    ],
    rows: [
      { key: 'assets', label: 'Assets', depth: 0, kind: 'section', amounts: [], comparisons: [], accounts: [] },
      {
        key: 'cash',
        label: 'Cash, bank and mobile money',
        depth: 1,
        kind: 'line',
        amounts: amounts('68100.00', '50000.00'),
        comparisons: comparisons('18100.00', '36.2'),
        accounts: [
          {
            account_id: 'acc-1100',
            code: '1100',
            name: 'Bank - ZMW current account',
            amounts: amounts('61700.00', '50000.00'),
            ledger: `${ORG}/ledger/acc-1100?to=2026-12-31`,
          },
        ],
      },
      { key: 'total_assets', label: 'Total assets', depth: 1, kind: 'subtotal', amounts: amounts('68100.00', '50000.00'), comparisons: comparisons('18100.00', '36.2'), accounts: [] },
      { key: 'equity_and_liabilities', label: 'Capital and liabilities', depth: 0, kind: 'section', amounts: [], comparisons: [], accounts: [] },
      { key: 'capital', label: 'Capital', depth: 1, kind: 'line', amounts: amounts('-100.00', '0.00'), comparisons: comparisons('-100.00', null), accounts: [] },
    ],
    checks: { assets: amounts('68100.00', '50000.00'), difference: amounts('0.00', '0.00') },
  };
}

const cells = (screen: HTMLElement): string[][] =>
  Array.from(screen.querySelectorAll('.reports-section tbody tr'), (row) =>
    Array.from(row.querySelectorAll(':scope > th, :scope > td'), (cell) => (cell.querySelector('summary')?.textContent ?? cell.textContent ?? '').trim()),
  );

/** Ticks the checkbox labelled `text`. */
function tick(screen: HTMLElement, text: string): void {
  const label = findByText(screen, 'label', text) as HTMLLabelElement;
  const box = label.querySelector('input') as HTMLInputElement;
  act(() => {
    box.checked = !box.checked;
    box.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

function profitOrLoss(request: FakeRequest): Statement {
  const compare = request.query.getAll('compare');
  return {
    ...position(false),
    kind: 'profit_and_loss',
    period: { date_from: '2026-04-01', date_to: '2026-06-30' },
    columns: [
      { label: 'current', date_from: '2026-04-01', date_to: '2026-06-30' },
      ...compare.map((label) => ({ label: label.includes('..') ? 'custom' : label, date_from: '2025-04-01', date_to: '2025-06-30' })),
    ],
    rows: [],
    checks: {},
  };
}

describe('the statements', () => {
  it('chooses a named period of the financial year, and up to three comparatives with other dates', async () => {
    window.history.replaceState(null, '', '/reports?statement=profit_and_loss');
    const api = await signedInToLedger(
      { [`GET ${ORG}/reports/profit-and-loss`]: (request: FakeRequest) => Response.json(profitOrLoss(request)), [`GET ${ORG}/reports/sign-offs`]: [] },
      ['reports:read'],
    );
    const screen = renderIntoDocument(<StatementsScreen />);
    await waitFor(() => api.calls(`GET ${ORG}/reports/profit-and-loss`).length === 1);

    // With nothing in the address: this financial year, as the organization counts it.
    const first = api.calls(`GET ${ORG}/reports/profit-and-loss`)[0];
    expect([first?.query.get('period'), first?.query.get('from'), first?.query.get('to')]).toEqual(['fiscal_year', null, null]);
    // The sign-offs are asked for the dates the API says the period covers.
    await waitFor(() => api.calls(`GET ${ORG}/reports/sign-offs`).length === 1);
    expect(api.calls(`GET ${ORG}/reports/sign-offs`)[0]?.query.get('from')).toBe('2026-04-01');

    const select = screen.querySelector('#reports-period') as HTMLSelectElement;
    select.value = 'quarter';
    act(() => {
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    typeInto(screen.querySelector('#reports-date') as HTMLInputElement, '15/05/2026');
    tick(screen, 'The previous period');
    tick(screen, 'The same period last year');
    tick(screen, 'Other dates');
    typeInto(screen.querySelector('#reports-other-from') as HTMLInputElement, '01/07/2025');
    typeInto(screen.querySelector('#reports-other-to') as HTMLInputElement, '01/04/2025');
    click(findByText(screen, 'button', 'Show') as HTMLElement);
    expect(screen.querySelector('#reports-other-from-error')?.textContent).toContain('on or before');
    expect(api.calls(`GET ${ORG}/reports/profit-and-loss`)).toHaveLength(1);

    typeInto(screen.querySelector('#reports-other-to') as HTMLInputElement, '30/09/2025');
    click(findByText(screen, 'button', 'Show') as HTMLElement);
    await waitFor(() => api.calls(`GET ${ORG}/reports/profit-and-loss`).length === 2);
    const asked = api.calls(`GET ${ORG}/reports/profit-and-loss`)[1];
    expect([asked?.query.get('period'), asked?.query.get('date')]).toEqual(['quarter', '2026-05-15']);
    expect(asked?.query.getAll('compare')).toEqual(['previous_period', 'same_period_last_year', '2025-07-01..2025-09-30']);
    expect(window.location.search).toBe(
      `?statement=profit_and_loss&period=quarter&date=2026-05-15&compare=${encodeURIComponent('previous_period,same_period_last_year,2025-07-01..2025-09-30')}`,
    );
    expect(await axeViolations(screen)).toEqual([]);
  });


  it('shows the financial position in folding sections, compares with last year, and drills to the ledger', async () => {
    window.history.replaceState(null, '', '/reports?statement=financial_position&from=2026-01-01&to=2026-12-31');
    const api = await signedInToLedger(
      {
        [`GET ${ORG}/reports/financial-position`]: (request: FakeRequest) =>
          Response.json(position(request.query.get('compare') === 'same_period_last_year')),
        [`GET ${ORG}/report-layouts`]: [
          { ...position(false).layout, reference: 'v-7', id: 'v-7', layout_id: 'l-1', version: 2, built_in: null, layout: { ...position(false).layout.layout, name: 'Our balance sheet' } },
        ],
      },
      ['reports:read', 'ledger:read'],
    );
    const screen = renderIntoDocument(<StatementsScreen />);
    await waitFor(() => screen.querySelector('.reports-section'));

    expect(api.calls(`GET ${ORG}/reports/financial-position`)[0]?.query.get('as_of')).toBe('2026-12-31');
    expect(cells(screen)).toEqual([
      ['Cash, bank and mobile money', 'K68,100.00'],
      ['Total assets', 'K68,100.00'],
      ['Capital', '(K100.00)'],
    ]);
    expect(screen.querySelector('.reports-check')?.textContent).toContain('Assets equal liabilities plus equity.');
    expect(screen.textContent).toContain('Read at journal entry 14 (abababababab…), with the layout “Balance sheet”.');

    await waitFor(() => findByText(screen, '#reports-layout option', 'Our balance sheet (version 2)'));
    const choose = (id: string, value: string): void => {
      const select = screen.querySelector(id) as HTMLSelectElement;
      select.value = value;
      act(() => {
        select.dispatchEvent(new Event('change', { bubbles: true }));
      });
    };
    tick(screen, 'The same period last year');
    choose('#reports-layout', 'v-7');
    click(findByText(screen, 'button', 'Show') as HTMLElement);
    await waitFor(() => api.calls(`GET ${ORG}/reports/financial-position`).length === 2 && cells(screen)[0]?.length === 4);

    const asked = api.calls(`GET ${ORG}/reports/financial-position`).slice(-1)[0];
    expect([asked?.query.get('compare'), asked?.query.get('layout_version')]).toEqual(['same_period_last_year', 'v-7']);
    expect(window.location.search).toBe('?statement=financial_position&to=2026-12-31&compare=same_period_last_year&layout=v-7');
    expect(cells(screen)[0]).toEqual(['Cash, bank and mobile money', 'K68,100.00', 'K50,000.00', 'K18,100.00 (36.2%)']);
    expect(Array.from(screen.querySelectorAll('thead th'), (th) => th.textContent)[2]).toBe('Last year, 31/12/2025');
    expect(findByText(screen, '.reports-drill a', 'Bank - ZMW current account')?.getAttribute('href')).toBe('/ledger/accounts/acc-1100?to=2026-12-31');
    expect(await axeViolations(screen)).toEqual([]);
  });
});

describe('sign-offs', () => {
  it('lists the period\'s sign-offs, says a stale one is out of date, and signs off the period', async () => {
    window.history.replaceState(null, '', '/reports?statement=profit_and_loss&from=2026-01-01&to=2026-12-31');
    const signed = {
      id: 'so-1',
      date_from: '2026-01-01',
      date_to: '2026-12-31',
      status: 'reviewed',
      layout_versions: {},
      ledger_head: { entry_number: 14, hash: 'ab'.repeat(32) },
    period: { date_from: '2026-01-01', date_to: '2026-12-31' },
      note: 'Bank reconciled.',
      signed_by: 'user-1',
      signed_at: '2027-01-10T08:00:00Z',
      stale: true,
      later_postings: 1,
    };
    const api = await signedInToLedger(
      {
        [`GET ${ORG}/reports/profit-and-loss`]: { ...position(false), kind: 'profit_and_loss', rows: [], checks: {} },
        [`GET ${ORG}/reports/sign-offs`]: [signed],
        [`POST ${ORG}/reports/sign-offs`]: (request: FakeRequest) => Response.json({ ...signed, id: 'so-2', stale: false, ...(request.body as object) }, { status: 201 }),
      },
      ['reports:read', 'reports:sign_off'],
    );
    const screen = renderIntoDocument(<StatementsScreen />);
    await waitFor(() => screen.querySelector('.reports-signoffs__list li'));

    expect(api.calls(`GET ${ORG}/reports/sign-offs`)[0]?.query.get('from')).toBe('2026-01-01');
    expect(screen.querySelector('.reports-signoffs__list')?.textContent).toContain('Reviewed 01/01/2026 – 31/12/2026');
    expect(screen.querySelector('.reports-signoffs__list')?.textContent).toContain('Out of date: entries posted since change these statements.');

    const note = screen.querySelector('#signoff-note') as HTMLTextAreaElement;
    act(() => {
      note.value = 'Checked again.';
      note.dispatchEvent(new Event('input', { bubbles: true }));
    });
    click(findByText(screen, 'button', 'Sign off 01/01/2026 – 31/12/2026') as HTMLElement);
    await waitFor(() => api.calls(`POST ${ORG}/reports/sign-offs`).length === 1 && api.calls(`GET ${ORG}/reports/sign-offs`).length === 2);
    expect(api.calls(`POST ${ORG}/reports/sign-offs`)[0]?.body).toEqual({
      date_from: '2026-01-01',
      date_to: '2026-12-31',
      status: 'reviewed',
      note: 'Checked again.',
      layout_versions: {},
    });
    expect(await axeViolations(screen)).toEqual([]);
  });

  it('offers no sign-off form without the permission', async () => {
    await signedInToLedger(
      {
        [`GET ${ORG}/reports/profit-and-loss`]: { ...position(false), kind: 'profit_and_loss', rows: [], checks: {} },
        [`GET ${ORG}/reports/sign-offs`]: [],
      },
      ['reports:read'],
    );
    const screen = renderIntoDocument(<StatementsScreen />);
    await waitFor(() => findByText(screen, '.reports-signoffs p', 'Nobody has signed off this period yet.'));
    expect(screen.querySelector('.reports-signoff-form')).toBeNull();
  });
});
