import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';
import { t } from '../i18n';
import { Skeleton } from './States';

export type SortDirection = 'ascending' | 'descending';

export interface SortOrder {
  readonly column: string;
  readonly direction: SortDirection;
}

export interface Column<Row> {
  readonly key: string;
  readonly label: string;
  readonly render: (row: Row) => ComponentChildren;
  readonly sortable?: boolean;
  /** Right-aligned with even-width digits, for amounts and counts. */
  readonly numeric?: boolean;
}

export interface Paging {
  readonly hasPrevious: boolean;
  readonly hasNext: boolean;
  readonly onPrevious: () => void;
  readonly onNext: () => void;
}

interface DataTableProps<Row> {
  /** Names the table for everyone; shown as its caption. */
  readonly caption: string;
  readonly columns: readonly Column<Row>[];
  readonly rows: readonly Row[];
  readonly rowKey: (row: Row) => string;
  readonly sort?: SortOrder | undefined;
  readonly onSort?: (sort: SortOrder) => void;
  /** Shown with a filter field when `onFilter` is given. */
  readonly filter?: string;
  readonly onFilter?: (filter: string) => void;
  readonly loading?: boolean;
  readonly paging?: Paging;
  /** Shown instead of an empty table when there is nothing, and no filter. */
  readonly empty?: ComponentChildren;
}

/**
 * A table of records: sortable columns (announced through `aria-sort`), an optional filter,
 * and pages that move by cursor. It scrolls sideways on a phone rather than squeezing
 * columns, and its scrolling area can be reached and scrolled with the keyboard.
 */
export function DataTable<Row>({
  caption,
  columns,
  rows,
  rowKey,
  sort,
  onSort,
  filter = '',
  onFilter,
  loading = false,
  paging,
  empty,
}: DataTableProps<Row>) {
  const id = useId();
  const captionId = `${id}-caption`;
  const filterId = `${id}-filter`;
  const nothing = rows.length === 0 && !loading;

  const toggle = (column: string): void => {
    const direction: SortDirection = sort?.column === column && sort.direction === 'ascending' ? 'descending' : 'ascending';
    onSort?.({ column, direction });
  };

  return (
    <div class="data-table">
      {onFilter !== undefined && (
        <div class="data-table__filter">
          <label for={filterId}>{t('table.filter')}</label>
          <input
            id={filterId}
            class="input"
            type="search"
            value={filter}
            autocomplete="off"
            onInput={(event) => onFilter(event.currentTarget.value)}
          />
        </div>
      )}
      {nothing && filter === '' && empty !== undefined ? (
        empty
      ) : (
        <div class="data-table__scroll" role="region" aria-labelledby={captionId} tabIndex={0}>
          <table aria-busy={loading ? 'true' : undefined}>
            <caption id={captionId}>{caption}</caption>
            <thead>
              <tr>
                {columns.map((column) => (
                  <th
                    key={column.key}
                    scope="col"
                    class={[column.numeric === true ? 'numeric' : '', column.sortable === true && onSort !== undefined ? 'sortable' : '']
                      .filter((name) => name !== '')
                      .join(' ') || undefined}
                    aria-sort={sort?.column === column.key ? sort.direction : undefined}
                  >
                    {column.sortable === true && onSort !== undefined ? (
                      <button type="button" class="data-table__sort" onClick={() => toggle(column.key)}>
                        {column.label}
                        <span aria-hidden="true" class="data-table__arrow">
                          {sort?.column !== column.key ? '↕' : sort.direction === 'ascending' ? '↑' : '↓'}
                        </span>
                      </button>
                    ) : (
                      column.label
                    )}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={rowKey(row)}>
                  {columns.map((column) => (
                    // The label heads the value when a narrow screen shows the row as a card.
                    <td key={column.key} class={column.numeric === true ? 'numeric' : undefined} data-label={column.label}>
                      {column.render(row)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          {loading && rows.length === 0 && <Skeleton label={t('table.loading')} lines={3} />}
          {nothing && <p class="data-table__nothing">{filter === '' ? t('table.empty') : t('table.noMatches', { filter })}</p>}
        </div>
      )}
      {paging !== undefined && (paging.hasPrevious || paging.hasNext) && (
        <nav class="data-table__paging" aria-label={t('table.pagination')}>
          <button type="button" class="button button--quiet" disabled={!paging.hasPrevious || loading} onClick={paging.onPrevious}>
            {t('table.previous')}
          </button>
          <button type="button" class="button button--quiet" disabled={!paging.hasNext || loading} onClick={paging.onNext}>
            {t('table.next')}
          </button>
        </nav>
      )}
    </div>
  );
}
