/**
 * Pages of a list that the API serves by cursor: each answer gives its items and the cursor
 * of the next page. Going back reuses the cursors already seen. A new sort order or filter
 * starts again from the first page; typing in the filter waits for a pause, so a phone on
 * prepaid data does not fetch a page per keystroke.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Paging, SortOrder } from './DataTable';

export interface PageQuery {
  /** `null` for the first page. */
  readonly cursor: string | null;
  readonly sort: SortOrder | undefined;
  readonly filter: string;
  readonly signal: AbortSignal;
}

export interface Page<Row> {
  readonly items: readonly Row[];
  readonly nextCursor: string | null;
}

export const FILTER_PAUSE_MS = 400;

export interface CursorPages<Row> {
  readonly rows: readonly Row[];
  readonly loading: boolean;
  readonly error: unknown;
  readonly sort: SortOrder | undefined;
  readonly onSort: (sort: SortOrder) => void;
  readonly filter: string;
  readonly onFilter: (filter: string) => void;
  readonly paging: Paging;
  readonly reload: () => void;
}

/** `load` must keep its identity between renders (a module-level function, or memoised). */
export function useCursorPages<Row>(
  load: (query: PageQuery) => Promise<Page<Row>>,
  initialSort?: SortOrder,
): CursorPages<Row> {
  const [sort, setSort] = useState(initialSort);
  const [filter, setFilter] = useState('');
  const [appliedFilter, setAppliedFilter] = useState('');
  /** Cursors of the pages seen, the current page's last. */
  const [cursors, setCursors] = useState<readonly (string | null)[]>([null]);
  const [page, setPage] = useState<Page<Row> | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(undefined);
  const [generation, setGeneration] = useState(0);
  const cursor = cursors[cursors.length - 1] ?? null;

  useEffect(() => {
    if (filter === appliedFilter) {
      return undefined;
    }
    const timer = setTimeout(() => {
      setAppliedFilter(filter);
      setCursors([null]);
    }, FILTER_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [filter, appliedFilter]);

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    load({ cursor, sort, filter: appliedFilter, signal: controller.signal }).then(
      (answer) => {
        if (!controller.signal.aborted) {
          setPage(answer);
          setError(undefined);
          setLoading(false);
        }
      },
      (failure: unknown) => {
        if (!controller.signal.aborted) {
          setError(failure);
          setLoading(false);
        }
      },
    );
    return () => controller.abort();
  }, [load, cursor, sort, appliedFilter, generation]);

  return {
    rows: page?.items ?? [],
    loading,
    error,
    sort,
    onSort: (next) => {
      setSort(next);
      setCursors([null]);
    },
    filter,
    onFilter: setFilter,
    paging: {
      hasPrevious: cursors.length > 1,
      hasNext: page?.nextCursor !== null && page?.nextCursor !== undefined,
      onPrevious: () => setCursors((seen) => (seen.length > 1 ? seen.slice(0, -1) : seen)),
      onNext: () => {
        const next = page?.nextCursor;
        if (next !== null && next !== undefined) {
          setCursors((seen) => [...seen, next]);
        }
      },
    },
    reload: () => setGeneration((n) => n + 1),
  };
}
