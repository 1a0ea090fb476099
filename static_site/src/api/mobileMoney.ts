/**
 * The mobile money (Airtel Money) endpoints as the Wallets screens use them: wallets linked
 * with the business's own Airtel Open API credentials, their syncs, the transaction inbox and
 * its categorisation, the categorisation rules, and statement uploads. Typed by the schema.
 */
import { api } from './client';
import type { RequestBodyOf, ResponseOf } from './paths';

// Named by the paths that carry them, not by the API's schema names, which may change.
export type Wallet = ResponseOf<'/api/v1/orgs/{org_id}/wallets/{wallet_id}', 'get'>;
export type NewWallet = RequestBodyOf<'/api/v1/orgs/{org_id}/wallets', 'post'>;
export type Environment = NonNullable<NewWallet['environment']>;
export type SyncRun = ResponseOf<'/api/v1/orgs/{org_id}/wallets/{wallet_id}/sync', 'post'>;
export type SyncRunList = ResponseOf<'/api/v1/orgs/{org_id}/wallets/{wallet_id}/syncs', 'get'>;
export type WalletTransaction = ResponseOf<'/api/v1/orgs/{org_id}/wallet-transactions/{transaction_id}', 'get'>;
export type TransactionList = ResponseOf<'/api/v1/orgs/{org_id}/wallet-transactions', 'get'>;
export type Suggestion = NonNullable<WalletTransaction['suggestion']>;
export type Categorisation = RequestBodyOf<'/api/v1/orgs/{org_id}/wallet-transactions/{transaction_id}/categorise', 'post'>;
export type Part = Categorisation['parts'][number];
export type BulkCategorisation = RequestBodyOf<'/api/v1/orgs/{org_id}/wallet-transactions/categorise', 'post'>;
export type Rule = ResponseOf<'/api/v1/orgs/{org_id}/categorisation-rules/{rule_id}', 'get'>;
export type NewRule = RequestBodyOf<'/api/v1/orgs/{org_id}/categorisation-rules', 'post'>;
export type StatementImport = ResponseOf<'/api/v1/orgs/{org_id}/wallets/{wallet_id}/statements/{import_id}', 'get'>;

export async function listWallets(orgId: string, signal?: AbortSignal): Promise<Wallet[]> {
  const list = await api.call('get', '/api/v1/orgs/{org_id}/wallets', { path: { org_id: orgId }, query: { include_unlinked: false }, signal });
  return list.items;
}

export function getWallet(orgId: string, walletId: string, signal?: AbortSignal): Promise<Wallet> {
  return api.call('get', '/api/v1/orgs/{org_id}/wallets/{wallet_id}', { path: { org_id: orgId, wallet_id: walletId }, signal });
}

/** Links a wallet: Airtel is asked for a token with the credentials first; refused, nothing is saved. */
export function linkWallet(orgId: string, wallet: NewWallet): Promise<Wallet> {
  return api.call('post', '/api/v1/orgs/{org_id}/wallets', { path: { org_id: orgId }, body: wallet, timeoutMs: 60_000 });
}

export function unlinkWallet(orgId: string, walletId: string): Promise<Wallet> {
  return api.call('delete', '/api/v1/orgs/{org_id}/wallets/{wallet_id}', { path: { org_id: orgId, wallet_id: walletId } });
}

/** Queues a sync (or answers the one already queued or running). */
export function syncWallet(orgId: string, walletId: string): Promise<SyncRun> {
  return api.call('post', '/api/v1/orgs/{org_id}/wallets/{wallet_id}/sync', { path: { org_id: orgId, wallet_id: walletId } });
}

export function listSyncs(orgId: string, walletId: string, query: { readonly cursor?: string | null; readonly limit?: number }, signal?: AbortSignal): Promise<SyncRunList> {
  return api.call('get', '/api/v1/orgs/{org_id}/wallets/{wallet_id}/syncs', {
    path: { org_id: orgId, wallet_id: walletId },
    query: { cursor: query.cursor ?? null, limit: query.limit ?? 20 },
    signal,
  });
}

export interface TransactionQuery {
  /** `null`: every transaction, uncategorised first. */
  readonly categorised: boolean | null;
  readonly walletId?: string | null;
  readonly q?: string | null;
  readonly cursor?: string | null;
  readonly limit?: number;
}

/** One page of wallet transactions, uncategorised first, with a suggestion for each uncategorised one. */
export function listTransactions(orgId: string, query: TransactionQuery, signal?: AbortSignal): Promise<TransactionList> {
  return api.call('get', '/api/v1/orgs/{org_id}/wallet-transactions', {
    path: { org_id: orgId },
    query: {
      categorised: query.categorised,
      wallet_id: query.walletId ?? null,
      q: query.q ?? null,
      suggest: query.categorised !== true,
      cursor: query.cursor ?? null,
      limit: query.limit ?? 25,
    },
    signal,
  });
}

/** Categorises (and posts) one transaction: one part, or a split over several. */
export function categorise(orgId: string, transactionId: string, body: Categorisation): Promise<WalletTransaction> {
  return api.call('post', '/api/v1/orgs/{org_id}/wallet-transactions/{transaction_id}/categorise', {
    path: { org_id: orgId, transaction_id: transactionId },
    body,
  });
}

export async function categoriseMany(orgId: string, body: BulkCategorisation): Promise<WalletTransaction[]> {
  const answer = await api.call('post', '/api/v1/orgs/{org_id}/wallet-transactions/categorise', { path: { org_id: orgId }, body });
  return answer.items;
}

export async function listRules(orgId: string, signal?: AbortSignal): Promise<Rule[]> {
  const list = await api.call('get', '/api/v1/orgs/{org_id}/categorisation-rules', { path: { org_id: orgId }, signal });
  return list.items;
}

export function createRule(orgId: string, rule: NewRule): Promise<Rule> {
  return api.call('post', '/api/v1/orgs/{org_id}/categorisation-rules', { path: { org_id: orgId }, body: rule });
}

export function deleteRule(orgId: string, ruleId: string): Promise<unknown> {
  return api.call('delete', '/api/v1/orgs/{org_id}/categorisation-rules/{rule_id}', { path: { org_id: orgId, rule_id: ruleId } });
}

/** Uploads a statement (CSV or XLSX): answers the preview, with every problem row listed. */
export function uploadStatement(orgId: string, walletId: string, file: File): Promise<StatementImport> {
  const form = new FormData();
  form.append('file', file);
  return api.call('post', '/api/v1/orgs/{org_id}/wallets/{wallet_id}/statements', {
    path: { org_id: orgId, wallet_id: walletId },
    query: { preview_rows: 20 },
    body: form,
    timeoutMs: 60_000,
  });
}

export function getStatement(orgId: string, walletId: string, importId: string, signal?: AbortSignal): Promise<StatementImport> {
  return api.call('get', '/api/v1/orgs/{org_id}/wallets/{wallet_id}/statements/{import_id}', {
    path: { org_id: orgId, wallet_id: walletId, import_id: importId },
    signal,
  });
}

/** Starts the import of a previewed statement; its progress is read with `getStatement`. */
export function importStatement(orgId: string, walletId: string, importId: string): Promise<StatementImport> {
  return api.call('post', '/api/v1/orgs/{org_id}/wallets/{wallet_id}/statements/{import_id}/import', {
    path: { org_id: orgId, wallet_id: walletId, import_id: importId },
  });
}
