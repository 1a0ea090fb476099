/** Where each Wallets screen lives in the app. */
export const WALLET_PATHS = {
  wallets: '/wallets',
  link: '/wallets/link',
  inbox: '/wallets/inbox',
  rules: '/wallets/rules',
} as const;

export function walletPath(walletId: string): string {
  return `/wallets/${encodeURIComponent(walletId)}`;
}

export function statementPath(walletId: string): string {
  return `/wallets/${encodeURIComponent(walletId)}/statement`;
}

export function entryPath(entryId: string): string {
  return `/ledger/entries/${encodeURIComponent(entryId)}`;
}
