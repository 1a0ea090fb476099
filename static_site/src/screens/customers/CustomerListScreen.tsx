import { useCallback, useId, useState } from 'preact/hooks';
import { exportCustomers, listCustomers, CUSTOMER_KINDS, type Customer, type CustomerKind } from '../../api/customers';
import { Link } from '../../app/Link';
import { DataTable, type Column, type SortOrder } from '../../components/DataTable';
import { ProblemNotice } from '../../components/ProblemNotice';
import { EmptyState } from '../../components/States';
import { saveFile } from '../../components/saveFile';
import { showToast } from '../../components/toasts';
import { useAction } from '../../components/useAction';
import { useCursorPages, type Page, type PageQuery } from '../../components/useCursorPages';
import { CUSTOMER_CURRENCIES } from './customerDraft';
import { kindLabel, phoneLabel, termsLabel } from './display';
import { t } from './messages';
import { customerPath, SALES_PATHS } from './paths';
import { SalesFrame, type SalesScope } from './SalesFrame';

const PAGE_SIZE = 25;
const BY_NAME: SortOrder = { column: 'name', direction: 'ascending' };

interface Filters {
  readonly kind: CustomerKind | '';
  readonly currency: string;
  readonly archived: boolean;
}

/** `/customers`: search, filter and sort the customers a page at a time; add, import, export. */
export default function CustomerListScreen() {
  return (
    <SalesFrame
      titleId="customers-title"
      title={t('customers.title')}
      current="customers"
      permission="customers:read"
      actions={(scope) => <ListActions scope={scope} />}
      children={(scope) => <Customers scope={scope} />}
    />
  );
}

function ListActions({ scope }: { readonly scope: SalesScope }) {
  const download = useAction(async () => {
    const { blob, fileName } = await exportCustomers(scope.orgId);
    saveFile(blob, fileName ?? 'customers.csv');
    showToast(t('customers.exported'), 'success');
  });
  return (
    <>
      {scope.can('customers:manage') && (
        <>
          <Link href={SALES_PATHS.newCustomer} class="button">
            {t('customers.new')}
          </Link>
          <Link href={SALES_PATHS.importCustomers} class="button button--quiet">
            {t('customers.import')}
          </Link>
        </>
      )}
      <button type="button" class="button button--quiet" disabled={download.busy} onClick={() => void download.run()}>
        {download.busy ? t('customers.exporting') : t('customers.export')}
      </button>
      <ProblemNotice error={download.failure} />
    </>
  );
}

function Customers({ scope }: { readonly scope: SalesScope }) {
  const ids = useId();
  const [filters, setFilters] = useState<Filters>({ kind: '', currency: '', archived: false });
  const change = (next: Partial<Filters>): void => setFilters((current) => ({ ...current, ...next }));

  return (
    <>
      <div class="sales-toolbar">
        <div class="sales-toolbar__field">
          <label for={`${ids}-kind`}>{t('customers.kindFilter')}</label>
          <select
            id={`${ids}-kind`}
            class="input"
            value={filters.kind}
            onChange={(event) => change({ kind: event.currentTarget.value as CustomerKind | '' })}
          >
            <option value="">{t('customers.allKinds')}</option>
            {CUSTOMER_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {kindLabel(kind)}
              </option>
            ))}
          </select>
        </div>
        <div class="sales-toolbar__field">
          <label for={`${ids}-currency`}>{t('customers.currencyFilter')}</label>
          <select id={`${ids}-currency`} class="input" value={filters.currency} onChange={(event) => change({ currency: event.currentTarget.value })}>
            <option value="">{t('customers.allCurrencies')}</option>
            {CUSTOMER_CURRENCIES.map((currency) => (
              <option key={currency} value={currency}>
                {currency}
              </option>
            ))}
          </select>
        </div>
        <label class="choice">
          <input type="checkbox" checked={filters.archived} onChange={(event) => change({ archived: event.currentTarget.checked })} />
          {t('customers.showArchived')}
        </label>
      </div>
      {/* New filters start again from the first page. */}
      <CustomerTable key={`${filters.kind}|${filters.currency}|${String(filters.archived)}`} scope={scope} filters={filters} />
    </>
  );
}

function CustomerTable({ scope, filters }: { readonly scope: SalesScope; readonly filters: Filters }) {
  const ids = useId();
  const load = useCallback(
    async ({ cursor, sort, filter, signal }: PageQuery): Promise<Page<Customer>> => {
      const page = await listCustomers(
        scope.orgId,
        {
          q: filter.trim() === '' ? null : filter.trim(),
          kind: filters.kind === '' ? null : filters.kind,
          currency: filters.currency === '' ? null : filters.currency,
          include_archived: filters.archived,
          sort: sort?.direction === 'descending' ? '-name' : 'name',
          cursor,
          limit: PAGE_SIZE,
        },
        signal,
      );
      return { items: page.items, nextCursor: page.next_cursor };
    },
    [scope.orgId, filters],
  );
  const pages = useCursorPages(load, BY_NAME);
  const filtered = filters.kind !== '' || filters.currency !== '' || pages.filter.trim() !== '';

  const columns: Column<Customer>[] = [
    {
      key: 'name',
      label: t('customers.col.name'),
      sortable: true,
      render: (customer) => (
        <>
          <Link href={customerPath(customer.id)}>{customer.name}</Link>
          {customer.archived_at !== null && customer.archived_at !== undefined && <span class="muted"> ({t('customers.archived')})</span>}
        </>
      ),
    },
    { key: 'kind', label: t('customers.col.kind'), render: (customer) => kindLabel(customer.kind) },
    { key: 'tpin', label: t('customers.col.tpin'), render: (customer) => customer.tpin ?? t('customers.none') },
    { key: 'phone', label: t('customers.col.phone'), render: (customer) => phoneLabel(customer.phone) },
    { key: 'email', label: t('customers.col.email'), render: (customer) => customer.email ?? t('customers.none') },
    { key: 'currency', label: t('customers.col.currency'), render: (customer) => customer.currency },
    { key: 'terms', label: t('customers.col.terms'), render: (customer) => termsLabel(customer.payment_terms_days) },
  ];

  return (
    <>
      <div class="sales-search">
        <label for={`${ids}-search`}>{t('customers.search')}</label>
        <p class="field__hint" id={`${ids}-search-hint`}>
          {t('customers.searchHint')}
        </p>
        <input
          id={`${ids}-search`}
          class="input"
          type="search"
          value={pages.filter}
          autocomplete="off"
          aria-describedby={`${ids}-search-hint`}
          onInput={(event) => pages.onFilter(event.currentTarget.value)}
        />
      </div>
      {pages.error !== undefined && <ProblemNotice error={pages.error} />}
      <DataTable
        caption={t('customers.caption')}
        columns={columns}
        rows={pages.rows}
        rowKey={(customer) => customer.id}
        sort={pages.sort}
        onSort={pages.onSort}
        filter={pages.filter}
        loading={pages.loading}
        paging={pages.paging}
        empty={filtered ? undefined : <EmptyState title={t('customers.empty')} />}
      />
    </>
  );
}
