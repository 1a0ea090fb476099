/** Where each ledger screen lives in the app. */

export const LEDGER_PATHS = {
  chart: '/ledger',
  newEntry: '/ledger/new-entry',
  trialBalance: '/ledger/trial-balance',
  journal: '/ledger/journal',
  /** Route patterns of the screens that take an id. */
  accountPattern: '/ledger/accounts/:accountId',
  entryPattern: '/ledger/entries/:entryId',
} as const;

/** An account's ledger, optionally for a period (ISO dates). */
export function accountPath(accountId: string, period: { readonly from?: string; readonly to?: string } = {}): string {
  const query = new URLSearchParams();
  if (period.from !== undefined) {
    query.set('from', period.from);
  }
  if (period.to !== undefined) {
    query.set('to', period.to);
  }
  const search = query.toString();
  return `/ledger/accounts/${encodeURIComponent(accountId)}${search === '' ? '' : `?${search}`}`;
}

export function entryPath(entryId: string): string {
  return `/ledger/entries/${encodeURIComponent(entryId)}`;
}

/** The journal, with its filters in the address (`?q=&from=&to=&source=&account=`). */
export function journalPath(
  filter: {
    readonly q?: string | undefined;
    readonly from?: string | undefined;
    readonly to?: string | undefined;
    readonly source?: string | undefined;
    readonly accountId?: string | undefined;
  } = {},
): string {
  const query = new URLSearchParams();
  const parts: [string, string | undefined][] = [
    ['q', filter.q],
    ['from', filter.from],
    ['to', filter.to],
    ['source', filter.source],
    ['account', filter.accountId],
  ];
  for (const [name, value] of parts) {
    if (value !== undefined && value !== '') {
      query.set(name, value);
    }
  }
  const search = query.toString();
  return `/ledger/journal${search === '' ? '' : `?${search}`}`;
}
