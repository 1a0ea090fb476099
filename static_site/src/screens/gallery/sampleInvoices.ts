/** Made-up invoices for the component gallery, served a page at a time as the API would. */
import type { SortOrder } from '../../components/DataTable';
import type { Page, PageQuery } from '../../components/useCursorPages';

export interface SampleInvoice {
  readonly number: string;
  readonly customer: string;
  /** ISO date. */
  readonly date: string;
  /** Ngwee. */
  readonly total: bigint;
}

const CUSTOMERS = ['Lusaka Traders', 'Ndola Hardware', 'Kitwe Agro Supplies', 'Chipata Fresh Produce', 'Livingstone Lodges'];

export const SAMPLE_INVOICES: readonly SampleInvoice[] = Array.from({ length: 23 }, (_, index) => ({
  number: `INV-${String(index + 1).padStart(4, '0')}`,
  customer: CUSTOMERS[index % CUSTOMERS.length] ?? '',
  date: `2026-03-${String((index % 28) + 1).padStart(2, '0')}`,
  total: BigInt(((index * 7919) % 250_000) + 1_000) * 100n + BigInt((index * 37) % 100),
}));

export const PAGE_SIZE = 5;

function compare(a: SampleInvoice, b: SampleInvoice, sort: SortOrder | undefined): number {
  const column = (sort?.column ?? 'number') as keyof SampleInvoice;
  const order = a[column] < b[column] ? -1 : a[column] > b[column] ? 1 : 0;
  return sort?.direction === 'descending' ? -order : order;
}

/** One page of the sample invoices; the cursor is the index of the page's first row. */
export async function loadSampleInvoices(query: PageQuery): Promise<Page<SampleInvoice>> {
  const needle = query.filter.trim().toLowerCase();
  const matching = SAMPLE_INVOICES.filter(
    (invoice) => needle === '' || `${invoice.number} ${invoice.customer}`.toLowerCase().includes(needle),
  ).sort((a, b) => compare(a, b, query.sort));
  const start = query.cursor === null ? 0 : Number(query.cursor);
  const next = start + PAGE_SIZE;
  return { items: matching.slice(start, next), nextCursor: next < matching.length ? String(next) : null };
}
