import { useCallback, useId, useState } from 'preact/hooks';
import { listItems, ITEM_KINDS, ITEM_TAX_CATEGORIES, type Item, type ItemKind, type TaxCategory } from '../../api/items';
import { Link } from '../../app/Link';
import { DataTable, type Column } from '../../components/DataTable';
import { ProblemNotice } from '../../components/ProblemNotice';
import { EmptyState } from '../../components/States';
import { useCursorPages, type Page, type PageQuery } from '../../components/useCursorPages';
import { itemPath, SALES_PATHS } from '../customers/paths';
import { SalesFrame, type SalesScope } from '../customers/SalesFrame';
import { categoryLabel, itemKindLabel, levyLabel, priceLabel } from './display';
import { t } from './messages';

const PAGE_SIZE = 25;

interface Filters {
  readonly kind: ItemKind | '';
  readonly category: TaxCategory | '';
  readonly archived: boolean;
}

/** `/items`: the goods and services the business sells, searched and filtered, a page at a time. */
export default function ItemListScreen() {
  return (
    <SalesFrame
      titleId="items-title"
      title={t('items.title')}
      current="items"
      permission="invoices:read"
      actions={(scope) =>
        scope.can('invoices:create') && (
          <Link href={SALES_PATHS.newItem} class="button">
            {t('items.new')}
          </Link>
        )
      }
      children={(scope) => <Items scope={scope} />}
    />
  );
}

function Items({ scope }: { readonly scope: SalesScope }) {
  const ids = useId();
  const [filters, setFilters] = useState<Filters>({ kind: '', category: '', archived: false });
  const change = (next: Partial<Filters>): void => setFilters((current) => ({ ...current, ...next }));
  return (
    <>
      <div class="sales-toolbar">
        <div class="sales-toolbar__field">
          <label for={`${ids}-kind`}>{t('items.kindFilter')}</label>
          <select id={`${ids}-kind`} class="input" value={filters.kind} onChange={(event) => change({ kind: event.currentTarget.value as ItemKind | '' })}>
            <option value="">{t('items.allKinds')}</option>
            {ITEM_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {itemKindLabel(kind)}
              </option>
            ))}
          </select>
        </div>
        <div class="sales-toolbar__field">
          <label for={`${ids}-category`}>{t('items.categoryFilter')}</label>
          <select
            id={`${ids}-category`}
            class="input"
            value={filters.category}
            onChange={(event) => change({ category: event.currentTarget.value as TaxCategory | '' })}
          >
            <option value="">{t('items.allCategories')}</option>
            {ITEM_TAX_CATEGORIES.map((category) => (
              <option key={category} value={category}>
                {categoryLabel(category)}
              </option>
            ))}
          </select>
        </div>
        <label class="choice">
          <input type="checkbox" checked={filters.archived} onChange={(event) => change({ archived: event.currentTarget.checked })} />
          {t('items.showArchived')}
        </label>
      </div>
      {/* New filters start again from the first page. */}
      <ItemTable key={`${filters.kind}|${filters.category}|${String(filters.archived)}`} scope={scope} filters={filters} />
    </>
  );
}

function ItemTable({ scope, filters }: { readonly scope: SalesScope; readonly filters: Filters }) {
  const ids = useId();
  const load = useCallback(
    async ({ cursor, filter, signal }: PageQuery): Promise<Page<Item>> => {
      const page = await listItems(
        scope.orgId,
        {
          q: filter.trim() === '' ? null : filter.trim(),
          kind: filters.kind === '' ? null : filters.kind,
          tax_category: filters.category === '' ? null : filters.category,
          include_archived: filters.archived,
          cursor,
          limit: PAGE_SIZE,
        },
        signal,
      );
      return { items: page.items, nextCursor: page.next_cursor };
    },
    [scope.orgId, filters],
  );
  const pages = useCursorPages(load);
  const editable = scope.can('invoices:create');
  const filtered = filters.kind !== '' || filters.category !== '' || pages.filter.trim() !== '';

  const columns: Column<Item>[] = [
    { key: 'code', label: t('items.col.code'), render: (item) => item.code },
    {
      key: 'name',
      label: t('items.col.name'),
      render: (item) => (editable ? <Link href={itemPath(item.id)}>{item.name}</Link> : item.name),
    },
    { key: 'kind', label: t('items.col.kind'), render: (item) => itemKindLabel(item.kind) },
    {
      key: 'category',
      label: t('items.col.category'),
      render: (item) =>
        item.levy === null ? categoryLabel(item.tax_category) : t('items.withLevy', { category: categoryLabel(item.tax_category), levy: levyLabel(item.levy) }),
    },
    { key: 'price', label: t('items.col.price'), numeric: true, render: (item) => priceLabel(item.default_price, item.price_includes_vat) },
    { key: 'stock', label: t('items.col.stock'), render: (item) => (item.stock_tracked ? t('items.stockTracked') : t('items.notStocked')) },
  ];

  return (
    <>
      <div class="sales-search">
        <label for={`${ids}-search`}>{t('items.search')}</label>
        <p class="field__hint" id={`${ids}-search-hint`}>
          {t('items.searchHint')}
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
        caption={t('items.caption')}
        columns={columns}
        rows={pages.rows}
        rowKey={(item) => item.id}
        filter={pages.filter}
        loading={pages.loading}
        paging={pages.paging}
        empty={filtered ? undefined : <EmptyState title={t('items.empty')} />}
      />
    </>
  );
}
