import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatMoney } from '../format/money';
import { loadSampleInvoices, SAMPLE_INVOICES, type SampleInvoice } from '../screens/gallery/sampleInvoices';
import { axeViolations } from '../test/axe';
import { cleanup, click, findByText, renderIntoDocument, settle, typeInto, waitFor } from '../test/dom';
import { DataTable, type Column } from './DataTable';
import { EmptyState } from './States';
import { FILTER_PAUSE_MS, useCursorPages, type Page, type PageQuery } from './useCursorPages';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const COLUMNS: readonly Column<SampleInvoice>[] = [
  { key: 'number', label: 'Invoice', render: (row) => row.number, sortable: true },
  { key: 'customer', label: 'Customer', render: (row) => row.customer },
  { key: 'total', label: 'Total', render: (row) => formatMoney(row.total, 'ZMW'), sortable: true, numeric: true },
];

function InvoiceTable({ load }: { readonly load: (query: PageQuery) => Promise<Page<SampleInvoice>> }) {
  const pages = useCursorPages(load, { column: 'number', direction: 'ascending' });
  return (
    <DataTable
      caption="Invoices"
      columns={COLUMNS}
      rows={pages.rows}
      rowKey={(row) => row.number}
      sort={pages.sort}
      onSort={pages.onSort}
      filter={pages.filter}
      onFilter={pages.onFilter}
      loading={pages.loading}
      paging={pages.paging}
      empty={<EmptyState title="No invoices yet" />}
    />
  );
}

const invoiceNumbers = (root: HTMLElement): string[] =>
  Array.from(root.querySelectorAll('tbody tr td:first-child'), (cell) => cell.textContent ?? '');

const button = (root: HTMLElement, text: string): HTMLButtonElement => findByText(root, 'button', text) as HTMLButtonElement;

describe('a data table', () => {
  it('has a caption, column headers and a keyboard-reachable scrolling region', async () => {
    const root = renderIntoDocument(<InvoiceTable load={loadSampleInvoices} />);
    await waitFor(() => invoiceNumbers(root).length === 5);

    const region = root.querySelector('[role="region"]');
    expect(region?.getAttribute('tabindex')).toBe('0');
    expect(document.getElementById(region?.getAttribute('aria-labelledby') ?? '')?.textContent).toBe('Invoices');
    expect(Array.from(root.querySelectorAll('th'), (th) => th.getAttribute('scope'))).toEqual(['col', 'col', 'col']);
    expect(root.querySelector('td.numeric')?.textContent).toMatch(/^K[\d,]+\.\d{2}$/);
    expect(await axeViolations(root)).toEqual([]);
  });

  it('sorts by a column, says so through aria-sort, and turns the order around on a second press', async () => {
    const root = renderIntoDocument(<InvoiceTable load={loadSampleInvoices} />);
    await waitFor(() => invoiceNumbers(root).length === 5);
    const numberHeader = root.querySelector('th') as HTMLElement;
    expect(numberHeader.getAttribute('aria-sort')).toBe('ascending');

    click(button(root, 'Invoice'));
    await waitFor(() => invoiceNumbers(root)[0] === 'INV-0023');
    expect(numberHeader.getAttribute('aria-sort')).toBe('descending');

    click(button(root, 'Total'));
    await settle();
    const totals = SAMPLE_INVOICES.map((invoice) => invoice.total).sort((a, b) => (a < b ? -1 : 1));
    await waitFor(() => root.querySelector('tbody td.numeric')?.textContent === formatMoney(totals[0] ?? 0n, 'ZMW'));
    expect(numberHeader.hasAttribute('aria-sort')).toBe(false);
    expect(root.querySelectorAll('th')[2]?.getAttribute('aria-sort')).toBe('ascending');
  });

  it('moves through pages by cursor, forward and back', async () => {
    const cursors: (string | null)[] = [];
    const root = renderIntoDocument(
      <InvoiceTable
        load={async (query) => {
          cursors.push(query.cursor);
          return loadSampleInvoices(query);
        }}
      />,
    );
    await waitFor(() => invoiceNumbers(root).length === 5);
    expect(button(root, 'Previous page').disabled).toBe(true);

    click(button(root, 'Next page'));
    await waitFor(() => invoiceNumbers(root)[0] === 'INV-0006');
    click(button(root, 'Next page'));
    await waitFor(() => invoiceNumbers(root)[0] === 'INV-0011');
    click(button(root, 'Previous page'));
    await waitFor(() => invoiceNumbers(root)[0] === 'INV-0006');

    expect(cursors).toEqual([null, '5', '10', '5']);
    expect(root.querySelector('nav')?.getAttribute('aria-label')).toBe('Pages');
  });

  it('filters after a pause in typing, from the first page, and says when nothing matches', async () => {
    const filters: string[] = [];
    const root = renderIntoDocument(
      <InvoiceTable
        load={async (query) => {
          filters.push(query.filter);
          return loadSampleInvoices(query);
        }}
      />,
    );
    await waitFor(() => invoiceNumbers(root).length === 5);
    const filter = root.querySelector<HTMLInputElement>('input[type="search"]') as HTMLInputElement;

    typeInto(filter, 'N');
    typeInto(filter, 'Nd');
    typeInto(filter, 'Ndola');
    await waitFor(() => invoiceNumbers(root).every((number) => ['INV-0002', 'INV-0007', 'INV-0012', 'INV-0017', 'INV-0022'].includes(number)), FILTER_PAUSE_MS * 5);
    expect(filters).toEqual(['', 'Ndola']);

    typeInto(filter, 'Mongu');
    await waitFor(() => findByText(root, 'p', 'Nothing matches “Mongu”.'), FILTER_PAUSE_MS * 5);
  });

  it('shows the empty state when there is nothing at all', async () => {
    const root = renderIntoDocument(<InvoiceTable load={async () => ({ items: [], nextCursor: null })} />);

    await waitFor(() => findByText(root, '.empty-state', 'No invoices yet'));
    expect(root.querySelector('table')).toBeNull();
  });

  it('shows a skeleton, marked busy, while the first page loads', () => {
    const root = renderIntoDocument(<InvoiceTable load={() => new Promise(() => undefined)} />);

    expect(root.querySelector('table')?.getAttribute('aria-busy')).toBe('true');
    expect(root.querySelector('.skeleton[role="status"]')?.textContent).toBe('Loading…');
  });
});
