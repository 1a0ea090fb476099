import { useCallback, useId, useState } from 'preact/hooks';
import { listSuppliers, type Supplier } from '../../api/purchases';
import { Link } from '../../app/Link';
import { DataTable, type Column, type SortOrder } from '../../components/DataTable';
import { ProblemNotice } from '../../components/ProblemNotice';
import { EmptyState } from '../../components/States';
import { useCursorPages, type Page, type PageQuery } from '../../components/useCursorPages';
import { ExpensesFrame, type ExpensesScope } from '../expenses/ExpensesFrame';
import { t } from '../expenses/messages';
import { EXPENSE_PATHS, supplierPath } from '../expenses/paths';

const BY_NAME: SortOrder = { column: 'name', direction: 'ascending' };

/** `/suppliers`: search the suppliers a page at a time; add, import, pay. */
export default function SupplierListScreen() {
  return (
    <ExpensesFrame
      titleId="suppliers-title"
      title={t('sup.list.title')}
      current="suppliers"
      permission="suppliers:read"
      actions={(scope) => (
        <>
          {scope.can('suppliers:manage') && (
            <>
              <Link href={EXPENSE_PATHS.newSupplier} class="button">
                {t('sup.list.new')}
              </Link>
              <Link href={EXPENSE_PATHS.importSuppliers} class="button button--quiet">
                {t('sup.list.import')}
              </Link>
            </>
          )}
          {scope.can('expenses:post') && (
            <Link href={EXPENSE_PATHS.paySuppliers} class="button button--quiet">
              {t('sup.list.pay')}
            </Link>
          )}
        </>
      )}
      children={(scope) => <Suppliers scope={scope} />}
    />
  );
}

function Suppliers({ scope }: { readonly scope: ExpensesScope }) {
  const ids = useId();
  const [archived, setArchived] = useState(false);
  const load = useCallback(
    async ({ cursor, filter, signal }: PageQuery): Promise<Page<Supplier>> => {
      const page = await listSuppliers(scope.orgId, { q: filter.trim() === '' ? null : filter.trim(), include_archived: archived, cursor, limit: 25 }, signal);
      return { items: page.items, nextCursor: page.next_cursor };
    },
    [scope.orgId, archived],
  );
  const pages = useCursorPages(load, BY_NAME);
  const columns: Column<Supplier>[] = [
    {
      key: 'name',
      label: t('sup.col.name'),
      render: (supplier) => (
        <>
          <Link href={supplierPath(supplier.id)}>{supplier.name}</Link>
          {supplier.archived_at !== null && <span class="muted"> ({t('sup.archived')})</span>}
        </>
      ),
    },
    { key: 'tpin', label: t('sup.col.tpin'), render: (supplier) => supplier.tpin ?? '—' },
    { key: 'vat', label: t('sup.col.vat'), render: (supplier) => (supplier.vat_registered ? t('sup.yes') : t('sup.no')) },
    { key: 'phone', label: t('sup.col.phone'), render: (supplier) => supplier.phone ?? '—' },
    { key: 'terms', label: t('sup.col.terms'), render: (supplier) => t('sup.termsDays', { count: String(supplier.payment_terms_days) }) },
  ];
  return (
    <>
      <div class="expenses-search">
        <label for={`${ids}-search`}>{t('sup.search')}</label>
        <input id={`${ids}-search`} class="input" type="search" value={pages.filter} autocomplete="off" onInput={(event) => pages.onFilter(event.currentTarget.value)} />
      </div>
      <label class="choice">
        <input type="checkbox" checked={archived} onChange={(event) => setArchived(event.currentTarget.checked)} />
        {t('sup.showArchived')}
      </label>
      {pages.error !== undefined && <ProblemNotice error={pages.error} />}
      <DataTable
        key={String(archived)}
        caption={t('sup.list.caption')}
        columns={columns}
        rows={pages.rows}
        rowKey={(supplier) => supplier.id}
        sort={pages.sort}
        onSort={pages.onSort}
        filter={pages.filter}
        loading={pages.loading}
        paging={pages.paging}
        empty={pages.filter.trim() === '' ? <EmptyState title={t('sup.list.empty')} /> : undefined}
      />
    </>
  );
}
