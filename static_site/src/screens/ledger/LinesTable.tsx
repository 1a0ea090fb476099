import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';

/** Where a cell goes on a phone's card: left or right of its row, or across it. */
export type Place = 'start' | 'end' | 'wide';

export interface LinesColumn<Row> {
  readonly key: string;
  readonly label: string;
  /** The cell's row on a phone's card (1 to 3) and its place in that row. */
  readonly row: 1 | 2 | 3;
  readonly place: Place;
  /** Right-aligned with even-width digits; on a card, an amount says what it is. */
  readonly amount?: boolean;
  /** Text, or `''` for nothing: a blank cell is left off the card. */
  readonly render: (row: Row) => ComponentChildren;
}

interface LinesTableProps<Row> {
  readonly caption: string;
  readonly columns: readonly LinesColumn<Row>[];
  readonly rows: readonly Row[];
  readonly rowKey: (row: Row) => string;
}

/**
 * Journal lines as a table on wide screens and as one card per line on phones, so that no
 * amount sits off the edge of a small screen. The table roles are written out because some
 * browsers drop them from tables whose layout CSS changes.
 */
export function LinesTable<Row>({ caption, columns, rows, rowKey }: LinesTableProps<Row>) {
  const captionId = `${useId()}-caption`;
  return (
    <div class="data-table">
      <div class="data-table__scroll lines-table" role="region" aria-labelledby={captionId} tabIndex={0}>
        <table role="table">
          <caption id={captionId}>{caption}</caption>
          <thead role="rowgroup">
            <tr role="row">
              {columns.map((column) => (
                <th key={column.key} role="columnheader" scope="col" class={column.amount === true ? 'numeric' : undefined}>
                  {column.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody role="rowgroup">
            {rows.map((row) => (
              <tr key={rowKey(row)} role="row">
                {columns.map((column) => {
                  const content = column.render(row);
                  const blank = content === '' || content === null || content === undefined;
                  const classes = [
                    `lines-table__cell--${column.place}`,
                    `lines-table__row-${column.row}`,
                    `lines-table__${column.key}`,
                    column.amount === true ? 'numeric' : '',
                    blank ? 'lines-table__blank' : '',
                  ];
                  return (
                    <td key={column.key} role="cell" class={classes.filter((name) => name !== '').join(' ')}>
                      {column.amount === true && !blank && (
                        <span class="lines-table__label" aria-hidden="true">
                          {column.label}{' '}
                        </span>
                      )}
                      {content}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
