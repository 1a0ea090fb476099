/**
 * For the Wallets screens' tests: a wallet, sync runs, transactions with suggestions, rules,
 * statement previews and accounts as the API answers them, and a signed-in session whose role
 * grants the permissions asked for.
 */
import type { Me } from '../../api/auth';
import type { Account } from '../../api/ledger';
import type { Rule, StatementImport, SyncRun, Wallet, WalletTransaction } from '../../api/mobileMoney';
import { me, ORG_ID, signedIn, type FakeApi, type Handler } from '../../test/fakeApi';

export { ORG_ID };

export const ORG = `/api/v1/orgs/${ORG_ID}`;
export const WALLET_ID = 'c3333333-3333-4333-8333-333333333333';
export const FUEL = 'd4444444-4444-4444-8444-444444444444';
export const SALES = 'e5555555-5555-4555-8555-555555555555';

export function wallet(changes: Partial<Wallet> = {}): Wallet {
  return {
    id: WALLET_ID,
    name: 'Main till',
    msisdn: '0971234567',
    environment: 'uat',
    base_url: 'https://openapiuat.airtel.africa',
    account_id: 'f6666666-6666-4666-8666-666666666666',
    status: 'linked',
    linked_at: '2026-03-14T08:00:00Z',
    unlinked_at: null,
    last_synced_at: '2026-03-14T09:00:00Z',
    sync_cursor: null,
    balance: '12500.50',
    balance_at: '2026-03-14T09:00:00Z',
    client_id_hint: 'abcd…wxyz',
    transactions: 3,
    uncategorised: 2,
    ...changes,
  };
}

export function run(changes: Partial<SyncRun> = {}): SyncRun {
  return {
    id: 'run-1',
    wallet_id: WALLET_ID,
    trigger: 'manual',
    status: 'succeeded',
    requested_at: '2026-03-14T09:00:00Z',
    started_at: '2026-03-14T09:00:01Z',
    finished_at: '2026-03-14T09:00:04Z',
    duration_ms: 3200,
    window_from: null,
    window_to: null,
    pages: 1,
    fetched: 40,
    added: 12,
    updated: 1,
    expected: 40,
    progress: 1,
    attempts: 1,
    errors: [],
    ...changes,
  };
}

export function transaction(changes: Partial<WalletTransaction> = {}): WalletTransaction {
  return {
    id: 'txn-1',
    wallet_id: WALLET_ID,
    airtel_id: 'MP260314.0900.A00001',
    partner_id: null,
    occurred_at: '2026-03-14T08:30:00Z',
    direction: 'out',
    amount: '350.00',
    charges: '0.00',
    status: 'TS',
    bookable: true,
    service_type: 'MERCHANT_PAYMENT',
    counterparty_name: 'Puma Cairo Road',
    counterparty_msisdn: '0977000111',
    reference: 'Fuel',
    origin: 'sync',
    categorised_at: null,
    parts: null,
    rule_id: null,
    journal_entry_id: null,
    suggestion: { account_id: FUEL, confidence: '0.86', vat_rate: null, reason: 'Like 6 earlier payments to Puma Cairo Road', rule_id: null },
    ...changes,
  };
}

export function account(id: string, code: string, name: string): Account {
  return {
    id,
    code,
    name,
    account_type: 'expense',
    subtype: 'operating_expense',
    normal_balance: 'debit',
    parent_id: null,
    is_header: false,
    is_system: false,
    archived_at: null,
    cash_flow_class: null,
    description: '',
    role: null,
  } as Account;
}

export const ACCOUNTS = { items: [account(FUEL, '6100', 'Fuel and transport'), account(SALES, '4000', 'Sales')], next_cursor: null };

export function rule(changes: Partial<Rule> = {}): Rule {
  return {
    id: 'rule-1',
    name: 'ZESCO',
    account_id: FUEL,
    vat_rate: null,
    counterparty: null,
    text_contains: 'ZESCO',
    min_amount: null,
    max_amount: null,
    direction: 'out',
    priority: 100,
    created_at: '2026-03-14T08:00:00Z',
    updated_at: '2026-03-14T08:00:00Z',
    ...changes,
  };
}

export function statement(changes: Partial<StatementImport> = {}): StatementImport {
  return {
    id: 'imp-1',
    wallet_id: WALLET_ID,
    file_name: 'march.csv',
    file_format: 'csv',
    status: 'previewed',
    rows_total: 3,
    rows_valid: 3,
    rows_known: 1,
    rows_new: 2,
    rows_done: 0,
    progress: 0,
    problems: [],
    rows: [
      {
        line: 2,
        airtel_id: 'MP1',
        occurred_at: '2026-03-01T08:00:00Z',
        direction: 'in',
        amount: '100.00',
        charges: '0.00',
        status: 'TS',
        counterparty_name: 'Mwila Banda',
        counterparty_msisdn: null,
        reference: 'Order 12',
        known: true,
      },
    ],
    created_at: '2026-03-14T08:00:00Z',
    started_at: null,
    finished_at: null,
    ...changes,
  };
}

export const WALLET_MANAGER: readonly string[] = ['mobile_money:read', 'mobile_money:manage', 'ledger:read'];

/** A person signed in to the test organization with `permissions` there, and the API's answers. */
export function signedInToWallets(routes: Record<string, Handler | Response | object> = {}, permissions: readonly string[] = WALLET_MANAGER): Promise<FakeApi> {
  const person: Me = me({
    organizations: [{ organization_id: ORG_ID, organization_name: 'Lusaka Traders Ltd', role: 'accountant', permissions: [...permissions], require_mfa: false }],
  });
  return signedIn({ [`GET ${ORG}/accounts`]: ACCOUNTS, [`GET ${ORG}/wallets/${WALLET_ID}`]: wallet(), ...routes }, person);
}
