/**
 * An account's ledger for a period, a page at a time, each page added below the last ("Load
 * more"): a running balance reads down the whole list, so earlier lines stay on screen.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { getLedgerPage, type LedgerLine, type LedgerPage } from '../../api/ledger';

export const LEDGER_PAGE_SIZE = 50;

export interface Period {
  /** ISO dates; left out, the server takes this fiscal year to date. */
  readonly from?: string | undefined;
  readonly to?: string | undefined;
}

export interface LedgerPages {
  /** The first page's answer: the account, the period and its opening and closing balances. */
  readonly first: LedgerPage | undefined;
  readonly lines: readonly LedgerLine[];
  readonly hasMore: boolean;
  /** The first page is loading. */
  readonly loading: boolean;
  /** A further page is loading. */
  readonly loadingMore: boolean;
  readonly error: unknown;
  readonly loadMore: () => void;
  readonly reload: () => void;
}

interface State {
  readonly first: LedgerPage | undefined;
  readonly lines: readonly LedgerLine[];
  readonly next: string | null;
  readonly loading: boolean;
  readonly loadingMore: boolean;
  readonly error: unknown;
}

const START: State = { first: undefined, lines: [], next: null, loading: true, loadingMore: false, error: undefined };

export function useLedgerPages(orgId: string, accountId: string, period: Period, pageSize = LEDGER_PAGE_SIZE): LedgerPages {
  const [state, setState] = useState<State>(START);
  const [generation, setGeneration] = useState(0);
  const more = useRef<AbortController | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    more.current?.abort();
    setState(START);
    getLedgerPage(orgId, accountId, { from: period.from, to: period.to, limit: pageSize }, controller.signal).then(
      (page) => {
        if (!controller.signal.aborted) {
          setState({ first: page, lines: page.lines, next: page.next_cursor, loading: false, loadingMore: false, error: undefined });
        }
      },
      (error: unknown) => {
        if (!controller.signal.aborted) {
          setState((previous) => ({ ...previous, first: undefined, loading: false, error }));
        }
      },
    );
    return () => controller.abort();
  }, [orgId, accountId, period.from, period.to, pageSize, generation]);

  const loadMore = useCallback(() => {
    const cursor = state.next;
    if (cursor === null || state.loadingMore || state.first === undefined) {
      return;
    }
    const controller = new AbortController();
    more.current = controller;
    const { date_from: from, date_to: to } = state.first;
    setState((previous) => ({ ...previous, loadingMore: true, error: undefined }));
    getLedgerPage(orgId, accountId, { from, to, cursor, limit: pageSize }, controller.signal).then(
      (page) => {
        if (!controller.signal.aborted) {
          setState((previous) => ({
            ...previous,
            lines: [...previous.lines, ...page.lines],
            next: page.next_cursor,
            loadingMore: false,
          }));
        }
      },
      (error: unknown) => {
        if (!controller.signal.aborted) {
          setState((previous) => ({ ...previous, loadingMore: false, error }));
        }
      },
    );
  }, [orgId, accountId, pageSize, state.next, state.loadingMore, state.first]);

  useEffect(() => () => more.current?.abort(), []);

  return {
    first: state.first,
    lines: state.lines,
    hasMore: state.next !== null,
    loading: state.loading,
    loadingMore: state.loadingMore,
    error: state.error,
    loadMore,
    reload: useCallback(() => setGeneration((n) => n + 1), []),
  };
}
