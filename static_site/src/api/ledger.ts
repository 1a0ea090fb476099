/**
 * The general ledger's endpoints as the ledger screens use them, typed by the API schema.
 * Money is a decimal string on the wire (`"1234.50"`); the screens turn it into `bigint`
 * ngwee with `fromWire` and never into a floating-point number.
 */
import { api, type DownloadedFile } from './client';
import type { RequestBodyOf, ResponseOf } from './paths';

// Named by the paths that carry them, not by the API's schema names, which may change.
type AccountList = ResponseOf<'/api/v1/orgs/{org_id}/accounts', 'get'>;
export type Account = AccountList['items'][number];
export type AccountType = Account['account_type'];
export type AccountDetail = ResponseOf<'/api/v1/orgs/{org_id}/accounts/{account_id}', 'get'>;
export type NewAccount = RequestBodyOf<'/api/v1/orgs/{org_id}/accounts', 'post'>;
export type AccountChanges = RequestBodyOf<'/api/v1/orgs/{org_id}/accounts/{account_id}', 'patch'>;
export type JournalEntry = ResponseOf<'/api/v1/orgs/{org_id}/journal-entries/{entry_id}', 'get'>;
export type JournalEntryList = ResponseOf<'/api/v1/orgs/{org_id}/journal-entries', 'get'>;
export type NewJournalEntry = RequestBodyOf<'/api/v1/orgs/{org_id}/journal-entries', 'post'>;
export type LedgerPage = ResponseOf<'/api/v1/orgs/{org_id}/ledger/{account_id}', 'get'>;
export type LedgerLine = LedgerPage['lines'][number];
export type TrialBalance = ResponseOf<'/api/v1/orgs/{org_id}/reports/trial-balance', 'get'>;
export type TrialBalanceRow = TrialBalance['rows'][number];
export type Periods = ResponseOf<'/api/v1/orgs/{org_id}/periods', 'get'>;

/** The five account types, in the chart's order (the first digit of a default code). */
export const ACCOUNT_TYPES: readonly AccountType[] = ['asset', 'liability', 'equity', 'income', 'expense'];

/**
 * The subtypes each type allows (`shared_code/ledger/model.py`, `SUBTYPES`); the server
 * checks them again and answers `subtype_invalid` if this list falls behind.
 */
export const SUBTYPES: Readonly<Record<AccountType, readonly string[]>> = {
  asset: [
    'cash',
    'bank',
    'mobile_money_wallet',
    'clearing',
    'receivable',
    'contra_asset',
    'prepayment',
    'inventory',
    'tax',
    'fixed_asset',
    'accumulated_depreciation',
    'intangible_asset',
    'other_current_asset',
    'other_non_current_asset',
  ],
  liability: [
    'payable',
    'accrued_liability',
    'deferred_revenue',
    'tax',
    'payroll',
    'short_term_borrowing',
    'long_term_borrowing',
    'other_current_liability',
    'other_non_current_liability',
  ],
  equity: [
    'share_capital',
    'owner_capital',
    'drawings',
    'retained_earnings',
    'current_year_earnings',
    'opening_balance',
    'other_equity',
  ],
  income: ['revenue', 'contra_revenue', 'other_income'],
  expense: ['cost_of_sales', 'operating_expense', 'finance_cost', 'income_tax_expense', 'other_expense'],
};

/** The API's largest page of accounts. */
const ACCOUNT_PAGE = 500;
/** A chart longer than this is not a small business's: stop rather than loop for ever. */
const MAX_ACCOUNT_PAGES = 20;

/**
 * The whole chart, archived accounts included, in code order. A small business's chart is
 * one page (about 85 accounts by default), so the screens search and filter it on the
 * phone, instantly and offline, instead of asking the server at each keystroke.
 */
export async function listChart(orgId: string, signal?: AbortSignal): Promise<Account[]> {
  const accounts: Account[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < MAX_ACCOUNT_PAGES; page += 1) {
    const answer: AccountList = await api.call('get', '/api/v1/orgs/{org_id}/accounts', {
      path: { org_id: orgId },
      query: { include_archived: true, limit: ACCOUNT_PAGE, cursor },
      signal,
    });
    accounts.push(...answer.items);
    cursor = answer.next_cursor;
    if (cursor === null) {
      break;
    }
  }
  return accounts;
}

export function getAccount(orgId: string, accountId: string, signal?: AbortSignal): Promise<AccountDetail> {
  return api.call('get', '/api/v1/orgs/{org_id}/accounts/{account_id}', {
    path: { org_id: orgId, account_id: accountId },
    signal,
  });
}

export function createAccount(orgId: string, account: NewAccount): Promise<Account> {
  return api.call('post', '/api/v1/orgs/{org_id}/accounts', { path: { org_id: orgId }, body: account });
}

export function updateAccount(orgId: string, accountId: string, changes: AccountChanges): Promise<Account> {
  return api.call('patch', '/api/v1/orgs/{org_id}/accounts/{account_id}', {
    path: { org_id: orgId, account_id: accountId },
    body: changes,
  });
}

export function archiveAccount(orgId: string, accountId: string): Promise<Account> {
  return api.call('post', '/api/v1/orgs/{org_id}/accounts/{account_id}/archive', {
    path: { org_id: orgId, account_id: accountId },
  });
}

export function unarchiveAccount(orgId: string, accountId: string): Promise<Account> {
  return api.call('post', '/api/v1/orgs/{org_id}/accounts/{account_id}/unarchive', {
    path: { org_id: orgId, account_id: accountId },
  });
}

export interface LedgerQuery {
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly cursor?: string | null;
  readonly limit?: number;
}

/** One page of an account's ledger; without dates, this fiscal year to date. */
export function getLedgerPage(orgId: string, accountId: string, query: LedgerQuery, signal?: AbortSignal): Promise<LedgerPage> {
  return api.call('get', '/api/v1/orgs/{org_id}/ledger/{account_id}', {
    path: { org_id: orgId, account_id: accountId },
    query: { from: query.from ?? null, to: query.to ?? null, cursor: query.cursor ?? null, limit: query.limit ?? 50 },
    signal,
  });
}

export function getJournalEntry(orgId: string, entryId: string, signal?: AbortSignal): Promise<JournalEntry> {
  return api.call('get', '/api/v1/orgs/{org_id}/journal-entries/{entry_id}', {
    path: { org_id: orgId, entry_id: entryId },
    signal,
  });
}

/** Posts the mirror entry; `idempotencyKey` makes a retry of the same request post it once. */
export function reverseJournalEntry(
  orgId: string,
  entryId: string,
  options: { readonly entryDate?: string; readonly idempotencyKey: string },
): Promise<JournalEntry> {
  return api.call('post', '/api/v1/orgs/{org_id}/journal-entries/{entry_id}/reverse', {
    path: { org_id: orgId, entry_id: entryId },
    body: options.entryDate === undefined ? null : { entry_date: options.entryDate },
    headers: { 'Idempotency-Key': options.idempotencyKey },
  });
}

export function getTrialBalance(
  orgId: string,
  asOf: string,
  compareTo: string | undefined,
  signal?: AbortSignal,
): Promise<TrialBalance> {
  return api.call('get', '/api/v1/orgs/{org_id}/reports/trial-balance', {
    path: { org_id: orgId },
    query: { as_of: asOf, compare_to: compareTo ?? null },
    signal,
  });
}

/** The lock date and fiscal year around `date` (today by default). */
export function getPeriods(orgId: string, signal?: AbortSignal): Promise<Periods> {
  return api.call('get', '/api/v1/orgs/{org_id}/periods', { path: { org_id: orgId }, signal });
}

/** The path of `POST /journal-entries` for one organization, as the outbox stores it. */
export function journalEntriesPath(orgId: string): string {
  return `/api/v1/orgs/${encodeURIComponent(orgId)}/journal-entries`;
}

/**
 * The kinds of document an entry records (`source_type`), as the journal's source filter
 * offers them: manual entries, the sales documents that post, and the year-end close.
 */
export const ENTRY_SOURCES = ['manual', 'invoice', 'credit_note', 'debit_note', 'payment', 'refund', 'year_end_close'] as const;

/** Which entries the journal shows; every field left out or empty keeps all. */
export interface JournalFilter {
  /** An entry number, or words of a description or a line's memo. */
  readonly q?: string | undefined;
  /** ISO dates. */
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly source?: string | undefined;
  readonly accountId?: string | undefined;
}

function journalQuery(filter: JournalFilter) {
  const q = filter.q?.trim() ?? '';
  return {
    q: q === '' ? null : q,
    from: filter.from === undefined || filter.from === '' ? null : filter.from,
    to: filter.to === undefined || filter.to === '' ? null : filter.to,
    source_type: filter.source === undefined || filter.source === '' ? null : filter.source,
    account_id: filter.accountId === undefined || filter.accountId === '' ? null : filter.accountId,
  };
}

/** One page of the journal, newest date first, each entry with who posted it. */
export function listJournalEntries(
  orgId: string,
  filter: JournalFilter,
  page: { readonly cursor: string | null; readonly limit: number },
  signal?: AbortSignal,
): Promise<JournalEntryList> {
  return api.call('get', '/api/v1/orgs/{org_id}/journal-entries', {
    path: { org_id: orgId },
    query: { ...journalQuery(filter), cursor: page.cursor, limit: page.limit },
    signal,
  });
}

/** The journal as CSV (one line a row), with the same filters as the list, every page. */
export function exportJournal(orgId: string, filter: JournalFilter): Promise<DownloadedFile> {
  return api.download('/api/v1/orgs/{org_id}/journal-entries.csv', {
    path: { org_id: orgId },
    query: journalQuery(filter),
    accept: 'text/csv',
  });
}

/** The trial balance as CSV, for the same dates as the screen. */
export function exportTrialBalance(orgId: string, asOf: string, compareTo: string | undefined): Promise<DownloadedFile> {
  return api.download('/api/v1/orgs/{org_id}/reports/trial-balance.csv', {
    path: { org_id: orgId },
    query: { as_of: asOf, compare_to: compareTo ?? null },
    accept: 'text/csv',
  });
}

/** An account's whole ledger for a period as CSV; without dates, this fiscal year to date. */
export function exportLedger(orgId: string, accountId: string, period: { readonly from?: string | undefined; readonly to?: string | undefined }): Promise<DownloadedFile> {
  return api.download('/api/v1/orgs/{org_id}/ledger/{account_id}.csv', {
    path: { org_id: orgId, account_id: accountId },
    query: { from: period.from ?? null, to: period.to ?? null },
    accept: 'text/csv',
  });
}
