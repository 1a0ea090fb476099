import { useCallback, useEffect, useId, useState } from 'preact/hooks';
import { listCategories, listPurchases, listSuppliers, PURCHASE_STATUSES, type Category, type PurchaseKind, type PurchaseStatus, type PurchaseSummary, type Supplier } from '../../api/purchases';
import { Link } from '../../app/Link';
import { DataTable, type Column, type SortOrder } from '../../components/DataTable';
import { ProblemNotice } from '../../components/ProblemNotice';
import { EmptyState } from '../../components/States';
import { useCursorPages, type Page, type PageQuery } from '../../components/useCursorPages';
import { dateLabel, kwacha, statusLabel } from './display';
import { ExpensesFrame, type ExpensesScope } from './ExpensesFrame';
import { t, tCount } from './messages';
import { sendWaitingPhotos } from './queuedPhotos';
import { onFlushed } from '../../offline/sync';
import { showToast } from '../../components/toasts';
import { EXPENSE_PATHS, purchasePath } from './paths';

const PAGE_SIZE = 25;
const BY_DATE: SortOrder = { column: 'date', direction: 'descending' };

export interface Filters {
  readonly status: PurchaseStatus | '';
  readonly supplierId: string;
  readonly categoryId: string;
  readonly from: string;
  readonly to: string;
  readonly claimableVat: boolean;
  readonly noReceipt: boolean;
}

const NO_FILTERS: Filters = { status: '', supplierId: '', categoryId: '', from: '', to: '', claimableVat: false, noReceipt: false };

/** `/expenses`: the expenses, filtered by status, supplier, category, dates, claimable VAT or a missing receipt. */
export default function ExpenseListScreen() {
  return <PurchaseList kind="expenses" />;
}

export function PurchaseList({ kind }: { readonly kind: PurchaseKind }) {
  const expenses = kind === 'expenses';
  return (
    <ExpensesFrame
      titleId={`${kind}-title`}
      title={expenses ? t('exp.list.title') : t('bills.list.title')}
      current={kind}
      permission="expenses:read"
      actions={(scope) =>
        scope.can('expenses:create') && (
          <Link href={expenses ? EXPENSE_PATHS.newExpense : EXPENSE_PATHS.newBill} class="button">
            {expenses ? t('exp.list.new') : t('bills.list.new')}
          </Link>
        )
      }
      children={(scope) => <Purchases scope={scope} kind={kind} />}
    />
  );
}

function Purchases({ scope, kind }: { readonly scope: ExpensesScope; readonly kind: PurchaseKind }) {
  const ids = useId();
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [suppliers, setSuppliers] = useState<readonly Supplier[]>([]);
  const [categories, setCategories] = useState<readonly Category[]>([]);
  const change = (next: Partial<Filters>): void => setFilters((current) => ({ ...current, ...next }));

  // Photos of expenses saved offline follow their expense once the outbox has sent it.
  useEffect(() => {
    if (kind !== 'expenses') return undefined;
    const attach = (): void => {
      void sendWaitingPhotos(scope.orgId).then((count) => count > 0 && showToast(tCount('exp.photos.sent', count), 'success'));
    };
    attach();
    return onFlushed(attach);
  }, [scope.orgId, kind]);

  useEffect(() => {
    const controller = new AbortController();
    // The pickers are a convenience: without them the list still works.
    listSuppliers(scope.orgId, { limit: 200 }, controller.signal).then((page) => setSuppliers(page.items), () => undefined);
    listCategories(scope.orgId, controller.signal).then(setCategories, () => undefined);
    return () => controller.abort();
  }, [scope.orgId]);

  return (
    <>
      <div class="expenses-toolbar">
        <div class="expenses-toolbar__field">
          <label for={`${ids}-status`}>{t('exp.filter.status')}</label>
          <select id={`${ids}-status`} class="input" value={filters.status} onChange={(event) => change({ status: event.currentTarget.value as PurchaseStatus | '' })}>
            <option value="">{t('exp.filter.allStatuses')}</option>
            {PURCHASE_STATUSES.map((status) => (
              <option key={status} value={status}>
                {statusLabel(status)}
              </option>
            ))}
          </select>
        </div>
        <div class="expenses-toolbar__field">
          <label for={`${ids}-supplier`}>{t('exp.filter.supplier')}</label>
          <select id={`${ids}-supplier`} class="input" value={filters.supplierId} onChange={(event) => change({ supplierId: event.currentTarget.value })}>
            <option value="">{t('exp.filter.allSuppliers')}</option>
            {suppliers.map((supplier) => (
              <option key={supplier.id} value={supplier.id}>
                {supplier.name}
              </option>
            ))}
          </select>
        </div>
        <div class="expenses-toolbar__field">
          <label for={`${ids}-category`}>{t('exp.filter.category')}</label>
          <select id={`${ids}-category`} class="input" value={filters.categoryId} onChange={(event) => change({ categoryId: event.currentTarget.value })}>
            <option value="">{t('exp.filter.allCategories')}</option>
            {categories.map((category) => (
              <option key={category.id} value={category.id}>
                {category.name}
              </option>
            ))}
          </select>
        </div>
        <div class="expenses-toolbar__field">
          <label for={`${ids}-from`}>{t('exp.filter.from')}</label>
          <input id={`${ids}-from`} class="input" type="date" value={filters.from} onChange={(event) => change({ from: event.currentTarget.value })} />
        </div>
        <div class="expenses-toolbar__field">
          <label for={`${ids}-to`}>{t('exp.filter.to')}</label>
          <input id={`${ids}-to`} class="input" type="date" value={filters.to} onChange={(event) => change({ to: event.currentTarget.value })} />
        </div>
        <label class="choice">
          <input type="checkbox" checked={filters.claimableVat} onChange={(event) => change({ claimableVat: event.currentTarget.checked })} />
          {t('exp.filter.claimableVat')}
        </label>
        <label class="choice">
          <input type="checkbox" checked={filters.noReceipt} onChange={(event) => change({ noReceipt: event.currentTarget.checked })} />
          {t('exp.filter.noReceipt')}
        </label>
      </div>
      {/* New filters start again from the first page. */}
      <PurchaseTable key={JSON.stringify(filters)} scope={scope} kind={kind} filters={filters} />
    </>
  );
}

/** The list's query for these filters (what the API's `GET /expenses` reads). */
export function queryFor(filters: Filters, search: string, cursor: string | null) {
  return {
    q: search.trim() === '' ? null : search.trim(),
    status: filters.status === '' ? null : filters.status,
    supplier_id: filters.supplierId === '' ? null : filters.supplierId,
    category_id: filters.categoryId === '' ? null : filters.categoryId,
    from: filters.from === '' ? null : filters.from,
    to: filters.to === '' ? null : filters.to,
    claimable_vat: filters.claimableVat ? true : null,
    has_receipt: filters.noReceipt ? false : null,
    cursor,
    limit: PAGE_SIZE,
  };
}

function PurchaseTable({ scope, kind, filters }: { readonly scope: ExpensesScope; readonly kind: PurchaseKind; readonly filters: Filters }) {
  const ids = useId();
  const load = useCallback(
    async ({ cursor, filter, signal }: PageQuery): Promise<Page<PurchaseSummary>> => {
      const page = await listPurchases(scope.orgId, kind, queryFor(filters, filter, cursor), signal);
      return { items: page.items, nextCursor: page.next_cursor };
    },
    [scope.orgId, kind, filters],
  );
  const pages = useCursorPages(load, BY_DATE);
  const filtered = JSON.stringify(filters) !== JSON.stringify(NO_FILTERS) || pages.filter.trim() !== '';

  const columns: Column<PurchaseSummary>[] = [
    { key: 'date', label: t('exp.col.date'), render: (row) => <Link href={purchasePath(kind, row.id)}>{dateLabel(row.document_date)}</Link> },
    { key: 'number', label: t('exp.col.number'), render: (row) => row.number ?? t('exp.draftNumber') },
    { key: 'status', label: t('exp.col.status'), render: (row) => statusLabel(row.status) },
    { key: 'amount', label: t('exp.col.amount'), render: (row) => kwacha(row.amount_due) },
    {
      key: 'vat',
      label: t('exp.col.vat'),
      render: (row) => (row.vat_reason === null ? kwacha(row.input_vat_claimable) : <span title={row.vat_reason}>{kwacha(row.input_vat_claimable)}</span>),
    },
    { key: 'outstanding', label: t('exp.col.outstanding'), render: (row) => kwacha(row.outstanding) },
  ];

  return (
    <>
      <div class="expenses-search">
        <label for={`${ids}-search`}>{t('exp.search')}</label>
        <input id={`${ids}-search`} class="input" type="search" value={pages.filter} autocomplete="off" onInput={(event) => pages.onFilter(event.currentTarget.value)} />
      </div>
      {pages.error !== undefined && <ProblemNotice error={pages.error} />}
      <DataTable
        caption={kind === 'expenses' ? t('exp.list.caption') : t('bills.list.caption')}
        columns={columns}
        rows={pages.rows}
        rowKey={(row) => row.id}
        sort={pages.sort}
        onSort={pages.onSort}
        filter={pages.filter}
        loading={pages.loading}
        paging={pages.paging}
        empty={filtered ? undefined : <EmptyState title={kind === 'expenses' ? t('exp.list.empty') : t('bills.list.empty')} />}
      />
    </>
  );
}
