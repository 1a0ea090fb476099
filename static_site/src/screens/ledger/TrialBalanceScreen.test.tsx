import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { axeViolations } from '../../test/axe';
import { cleanup, click, findByText, renderIntoDocument, typeInto, waitFor } from '../../test/dom';
import { resetSession } from '../../test/fakeApi';
import { freshIndexedDb } from '../../test/indexedDb';
import TrialBalanceScreen from './TrialBalanceScreen';
import { captureDownloads, csvFile, ORG, signedInToLedger, trialBalance } from './testing';

beforeEach(freshIndexedDb);

afterEach(() => {
  cleanup();
  resetSession();
  vi.restoreAllMocks();
  window.history.replaceState(null, '', '/');
});

const rows = (screen: HTMLElement, part: 'tbody' | 'tfoot' = 'tbody'): string[][] =>
  Array.from(screen.querySelectorAll(`${part} tr`), (row) => Array.from(row.querySelectorAll('th, td'), (cell) => cell.textContent ?? ''));

describe('the trial balance', () => {
  it('lists each account’s balance on its side, with totals that balance and a drill-down link', async () => {
    window.history.replaceState(null, '', '/ledger/trial-balance?as_of=2026-03-31');
    const api = await signedInToLedger({ [`GET ${ORG}/reports/trial-balance`]: trialBalance() });
    const screen = renderIntoDocument(<TrialBalanceScreen />);

    await waitFor(() => screen.querySelector('tbody tr'));

    expect(api.calls(`GET ${ORG}/reports/trial-balance`)[0]?.query.get('as_of')).toBe('2026-03-31');
    expect(rows(screen)).toEqual([
      ['1010 Cash on hand', 'K5,000.00', ''],
      ['3010 Share capital', '', 'K5,000.00'],
    ]);
    expect(rows(screen, 'tfoot')).toEqual([['Total', 'K5,000.00', 'K5,000.00']]);
    expect(screen.querySelector('.tb-check')?.textContent).toContain('Balanced: debits and credits are both K5,000.00.');
    expect(findByText(screen, 'tbody a', 'Cash on hand')?.getAttribute('href')).toBe('/ledger/accounts/acc-1010?to=2026-03-31');
    expect(await axeViolations(screen)).toEqual([]);
  });

  it('compares with another date, in two more columns, and keeps both dates in the address', async () => {
    const api = await signedInToLedger({
      [`GET ${ORG}/reports/trial-balance`]: trialBalance({
        compare_to: '2025-12-31',
        rows: [
          {
            ...trialBalance().rows[0]!,
            compare_debit: '2000.00',
            compare_credit: '0.00',
            compare_balance: '2000.00',
          },
          { ...trialBalance().rows[1]!, compare_debit: '0.00', compare_credit: '2000.00', compare_balance: '-2000.00' },
        ],
        compare_total_debit: '2000.00',
        compare_total_credit: '2000.00',
      }),
    });
    const screen = renderIntoDocument(<TrialBalanceScreen />);
    await waitFor(() => screen.querySelector('tbody tr'));

    typeInto(screen.querySelector('#tb-as-of') as HTMLInputElement, '31/03/2026');
    typeInto(screen.querySelector('#tb-compare-to') as HTMLInputElement, '31/12/2025');
    click(findByText(screen, 'button', 'Show') as HTMLElement);

    await waitFor(() => screen.querySelectorAll('thead tr').length === 2);
    const asked = api.calls(`GET ${ORG}/reports/trial-balance`).slice(-1)[0];
    expect([asked?.query.get('as_of'), asked?.query.get('compare_to')]).toEqual(['2026-03-31', '2025-12-31']);
    expect(window.location.search).toBe('?as_of=2026-03-31&compare_to=2025-12-31');
    expect(rows(screen)[0]).toEqual(['1010 Cash on hand', 'K5,000.00', '', 'K2,000.00', '']);
    expect(rows(screen, 'tfoot')).toEqual([['Total', 'K5,000.00', 'K5,000.00', 'K2,000.00', 'K2,000.00']]);
    expect(screen.querySelector('caption')?.textContent).toBe('Trial balance as of 31/03/2026, compared with 31/12/2025');
    expect(await axeViolations(screen)).toEqual([]);
  });

  it('says plainly when the totals do not balance', async () => {
    await signedInToLedger({
      [`GET ${ORG}/reports/trial-balance`]: trialBalance({ total_credit: '4999.99', balanced: false }),
    });
    const screen = renderIntoDocument(<TrialBalanceScreen />);

    await waitFor(() => screen.querySelector('.tb-check'));
    expect(screen.querySelector('.tb-check')?.textContent).toContain('Not balanced: debits and credits differ by K0.01.');
  });

  it('says when nothing has been posted yet', async () => {
    await signedInToLedger({ [`GET ${ORG}/reports/trial-balance`]: trialBalance({ rows: [], total_debit: '0.00', total_credit: '0.00' }) });
    const screen = renderIntoDocument(<TrialBalanceScreen />);

    await waitFor(() => findByText(screen, '.empty-state', 'Nothing posted yet'));
  });

  it('exports the trial balance for its dates as CSV with the session', async () => {
    const downloads = captureDownloads();
    window.history.replaceState(null, '', '/ledger/trial-balance?as_of=2026-03-31&compare_to=2025-12-31');
    const api = await signedInToLedger({ [`GET ${ORG}/reports/trial-balance`]: trialBalance() });
    api.on(`GET ${ORG}/reports/trial-balance.csv`, () => csvFile('trial-balance-2026-03-31.csv'));
    const screen = renderIntoDocument(<TrialBalanceScreen />);
    await waitFor(() => screen.querySelector('tbody tr'));

    click(findByText(screen, 'button', 'Export CSV') as HTMLElement);

    await waitFor(() => downloads.length === 1);
    const request = api.calls(`GET ${ORG}/reports/trial-balance.csv`)[0];
    expect(request?.headers.get('Authorization')).toBe('Bearer access-1');
    expect(Object.fromEntries(request?.query ?? [])).toEqual({ as_of: '2026-03-31', compare_to: '2025-12-31' });
    expect(downloads).toEqual(['trial-balance-2026-03-31.csv blob:export']);
    expect(await axeViolations(screen)).toEqual([]);
  });
});
