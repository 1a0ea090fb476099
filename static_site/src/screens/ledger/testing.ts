/**
 * For the ledger screens' tests: a small chart, answers of the ledger API, and a signed-in
 * session whose role grants the ledger permissions asked for.
 */
import { vi } from 'vitest';
import type { Me } from '../../api/auth';
import { me, ORG_ID, signedIn, type FakeApi, type Handler } from '../../test/fakeApi';
import type { Account, JournalEntry, LedgerLine, LedgerPage, TrialBalance } from '../../api/ledger';
import type { LedgerPermission } from './access';

export { ORG_ID };

export const ORG = `/api/v1/orgs/${ORG_ID}`;

export function account(code: string, name: string, changes: Partial<Account> = {}): Account {
  return {
    id: `acc-${code}`,
    code,
    name,
    account_type: 'asset',
    subtype: 'cash',
    cash_flow_class: null,
    parent_id: null,
    is_header: false,
    is_system: false,
    role: null,
    description: '',
    archived_at: null,
    normal_balance: 'debit',
    ...changes,
  };
}

const header = (code: string, name: string, type: Account['account_type'], subtype: string): Account =>
  account(code, name, { account_type: type, subtype, is_header: true, normal_balance: type === 'asset' || type === 'expense' ? 'debit' : 'credit' });

/** A chart as the default one is shaped: headers with accounts under them, one archived. */
export const CHART: readonly Account[] = [
  header('1000', 'Current assets', 'asset', 'other_current_asset'),
  account('1010', 'Cash on hand', { parent_id: 'acc-1000' }),
  account('1150', 'Airtel Money wallet', { parent_id: 'acc-1000', subtype: 'mobile_money_wallet' }),
  account('1190', 'Old till float', { parent_id: 'acc-1000', archived_at: '2026-01-31T08:00:00Z' }),
  header('3000', 'Equity', 'equity', 'other_equity'),
  account('3010', 'Share capital', {
    parent_id: 'acc-3000',
    account_type: 'equity',
    subtype: 'share_capital',
    normal_balance: 'credit',
  }),
  header('4000', 'Income', 'income', 'revenue'),
  account('4010', 'Sales of goods', { parent_id: 'acc-4000', account_type: 'income', subtype: 'revenue', normal_balance: 'credit' }),
];

export const chartOf = (code: string): Account => {
  const found = CHART.find((candidate) => candidate.code === code);
  if (found === undefined) {
    throw new Error(`no account ${code} in the test chart`);
  }
  return found;
};

export function ledgerLine(number: number, debit: string, credit: string, running: string, changes: Partial<LedgerLine> = {}): LedgerLine {
  return {
    entry_id: `entry-${number}`,
    entry_number: number,
    entry_date: '2026-03-14',
    line_number: 1,
    description: `Entry ${number}`,
    memo: '',
    source_type: 'manual',
    source_id: null,
    debit,
    credit,
    running_balance: running,
    ...changes,
  };
}

export function ledgerPage(lines: LedgerLine[], changes: Partial<LedgerPage> = {}): LedgerPage {
  return {
    account: chartOf('1010'),
    date_from: '2026-01-01',
    date_to: '2026-03-31',
    opening_balance: '0.00',
    closing_balance: '0.00',
    lines,
    next_cursor: null,
    ...changes,
  };
}

export function journalEntry(changes: Partial<JournalEntry> = {}): JournalEntry {
  return {
    id: 'entry-7',
    entry_number: 7,
    entry_date: '2026-03-14',
    description: 'Owner’s capital paid in',
    source_type: 'manual',
    source_id: null,
    created_by: 'user-1',
    posted_by_name: 'Chanda Mwale',
    posted_at: '2026-03-14T08:30:00Z',
    total: '5000.00',
    reverses_entry_id: null,
    reversed_by_entry_id: null,
    previous_hash: 'a'.repeat(64),
    hash: 'b'.repeat(64),
    lines: [
      { line_number: 1, account_id: 'acc-1010', account_code: '1010', account_name: 'Cash on hand', debit: '5000.00', credit: '0.00', memo: 'till', party: null },
      { line_number: 2, account_id: 'acc-3010', account_code: '3010', account_name: 'Share capital', debit: '0.00', credit: '5000.00', memo: '', party: null },
    ],
    ...changes,
  };
}

export function trialBalance(changes: Partial<TrialBalance> = {}): TrialBalance {
  return {
    as_of: '2026-03-31',
    compare_to: null,
    rows: [
      { account_id: 'acc-1010', code: '1010', name: 'Cash on hand', account_type: 'asset', debit: '5000.00', credit: '0.00', balance: '5000.00', compare_debit: null, compare_credit: null, compare_balance: null },
      { account_id: 'acc-3010', code: '3010', name: 'Share capital', account_type: 'equity', debit: '0.00', credit: '5000.00', balance: '-5000.00', compare_debit: null, compare_credit: null, compare_balance: null },
    ],
    total_debit: '5000.00',
    total_credit: '5000.00',
    compare_total_debit: null,
    compare_total_credit: null,
    balanced: true,
    ...changes,
  };
}

export const ALL_LEDGER: readonly LedgerPermission[] = ['ledger:read', 'ledger:post', 'accounts:manage'];

/** A person signed in to the test organization with `permissions` there, and the API's answers. */
export function signedInToLedger(
  routes: Record<string, Handler | Response | unknown> = {},
  permissions: readonly string[] = ALL_LEDGER,
): Promise<FakeApi> {
  const profile: Me = me({
    organizations: [
      {
        organization_id: ORG_ID,
        organization_name: 'Lusaka Traders Ltd',
        role: 'accountant',
        permissions: [...permissions],
        require_mfa: false,
      },
    ],
  });
  return signedIn({ [`GET ${ORG}/accounts`]: { items: CHART, next_cursor: null }, ...routes }, profile);
}

/** What a cell says to assistive technology: without what is hidden from it (the phone-only labels). */
export function spoken(cell: Element): string {
  const copy = cell.cloneNode(true) as Element;
  copy.querySelectorAll('[aria-hidden="true"]').forEach((hidden) => hidden.remove());
  return copy.textContent ?? '';
}

/** Files the screen hands to the browser to save, as `name url`, instead of saving them (restore with `vi.restoreAllMocks`). */
export function captureDownloads(): string[] {
  vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:export');
  vi.spyOn(URL, 'revokeObjectURL').mockReturnValue(undefined);
  const downloads: string[] = [];
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    downloads.push(`${this.download} ${this.href}`);
  });
  return downloads;
}

/** A CSV answer as the API sends it, saved under `name`. */
export function csvFile(name: string): Response {
  return new Response('a,b\n', { headers: { 'Content-Type': 'text/csv', 'Content-Disposition': `attachment; filename="${name}"` } });
}
