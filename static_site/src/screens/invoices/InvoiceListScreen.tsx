import { useEffect, useState } from 'preact/hooks';
import { listInvoices, type InvoiceList, type InvoiceSummary, type StatusFilter } from '../../api/invoices';
import { Link } from '../../app/Link';
import { ProblemNotice } from '../../components/ProblemNotice';
import { EmptyState, Skeleton } from '../../components/States';
import { formatDate } from '../../format/dates';
import { formatAmount, isZero } from './amounts';
import { useCustomerNames } from './customerNames';
import { filterLabel, statusLabel, STATUS_FILTERS } from './display';
import { InvoicesFrame, type InvoiceScope } from './InvoicesFrame';
import { t, tCount } from './messages';
import { INVOICE_PATHS, invoicePath } from './paths';

/** A pause in typing before the search is sent, so a phone does not fetch a page per keystroke. */
export const SEARCH_PAUSE_MS = 400;
export const PAGE_SIZE = 25;

/** The organization's invoices, newest first, by status and search, a page at a time. */
export default function InvoiceListScreen() {
  return (
    <InvoicesFrame
      titleId="invoice-list-title"
      title={t('invoices.list.title')}
      back={null}
      actions={(scope) =>
        scope.access.can('invoices:create') && (
          <Link href={INVOICE_PATHS.new} class="button">
            {t('invoices.list.new')}
          </Link>
        )
      }
      children={(scope) => <InvoiceList scope={scope} />}
    />
  );
}

function InvoiceList({ scope }: { readonly scope: InvoiceScope }) {
  const { orgId } = scope;
  const [status, setStatus] = useState<StatusFilter | ''>('');
  const [search, setSearch] = useState('');
  const [appliedSearch, setAppliedSearch] = useState('');
  /** Cursors of the pages seen, the current page's last; a new filter starts again. */
  const [cursors, setCursors] = useState<readonly (string | null)[]>([null]);
  const [page, setPage] = useState<InvoiceList | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const [failure, setFailure] = useState<unknown>(undefined);
  const cursor = cursors[cursors.length - 1] ?? null;

  useEffect(() => {
    if (search.trim() === appliedSearch) {
      return undefined;
    }
    const timer = setTimeout(() => {
      setAppliedSearch(search.trim());
      setCursors([null]);
    }, SEARCH_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [search, appliedSearch]);

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    listInvoices(orgId, { status: status === '' ? undefined : status, search: appliedSearch, cursor, limit: PAGE_SIZE }, controller.signal).then(
      (answer) => {
        if (!controller.signal.aborted) {
          setPage(answer);
          setFailure(undefined);
          setLoading(false);
        }
      },
      (error: unknown) => {
        if (!controller.signal.aborted) {
          setFailure(error);
          setLoading(false);
        }
      },
    );
    return () => controller.abort();
  }, [orgId, status, appliedSearch, cursor]);

  const rows = page?.items ?? [];
  const names = useCustomerNames(
    orgId,
    rows.map((row) => row.customer_id),
    scope.access.can('customers:read'),
  );
  const filtered = status !== '' || appliedSearch !== '';

  return (
    <div class="invoice-list">
      <fieldset class="invoice-filters">
        <legend class="visually-hidden">{t('invoices.list.statusFilter')}</legend>
        {STATUS_FILTERS.map((filter) => (
          <button
            key={filter}
            type="button"
            class={status === filter ? 'chip chip--on' : 'chip'}
            aria-pressed={status === filter}
            onClick={() => {
              setStatus(filter);
              setCursors([null]);
            }}
          >
            {filterLabel(filter)}
          </button>
        ))}
      </fieldset>
      <div class="field invoice-list__search">
        <label class="field__label" for="invoice-search">
          {t('invoices.list.search')}
        </label>
        <input id="invoice-search" class="input" type="search" autocomplete="off" value={search} onInput={(event) => setSearch(event.currentTarget.value)} />
      </div>
      <ProblemNotice error={failure} />
      <p class="visually-hidden" role="status">
        {loading ? t('invoices.list.loading') : tCount('invoices.list.shown', rows.length)}
      </p>
      {page === undefined && loading ? (
        <Skeleton label={t('invoices.list.loading')} lines={5} />
      ) : rows.length === 0 && !loading && failure === undefined ? (
        filtered ? (
          <p class="muted">{t('invoices.list.noMatch')}</p>
        ) : (
          <EmptyState
            title={t('invoices.list.emptyTitle')}
            body={t('invoices.list.emptyBody')}
            action={
              scope.access.can('invoices:create') ? (
                <Link href={INVOICE_PATHS.new} class="button">
                  {t('invoices.list.new')}
                </Link>
              ) : undefined
            }
          />
        )
      ) : (
        <ul class={loading ? 'invoice-rows invoice-rows--loading' : 'invoice-rows'} aria-label={t('invoices.list.title')} aria-busy={loading}>
          {rows.map((row) => (
            <InvoiceRow key={row.id} invoice={row} customerName={names.get(row.customer_id)} />
          ))}
        </ul>
      )}
      {(cursors.length > 1 || (page?.next_cursor ?? null) !== null) && (
        <nav class="invoice-list__pages" aria-label={t('table.pagination')}>
          <button type="button" class="button button--quiet" disabled={cursors.length <= 1 || loading} onClick={() => setCursors((seen) => seen.slice(0, -1))}>
            {t('table.previous')}
          </button>
          <button
            type="button"
            class="button button--quiet"
            disabled={(page?.next_cursor ?? null) === null || loading}
            onClick={() => {
              const next = page?.next_cursor;
              if (next !== null && next !== undefined) {
                setCursors((seen) => [...seen, next]);
              }
            }}
          >
            {t('table.next')}
          </button>
        </nav>
      )}
    </div>
  );
}

function InvoiceRow({ invoice, customerName }: { readonly invoice: InvoiceSummary; readonly customerName: string | undefined }) {
  const money = (wire: string): string => formatAmount(wire, invoice.currency);
  const open = !isZero(invoice.outstanding);
  return (
    <li class="invoice-row">
      <Link href={invoicePath(invoice.id)} class="invoice-row__link">
        <span class="invoice-row__number">{invoice.number ?? t('invoices.list.draftNumber')}</span>
        <span class="invoice-row__customer">{customerName ?? t('invoices.list.customerUnknown')}</span>
      </Link>
      <span class={`status-badge status-badge--${invoice.status}`}>{statusLabel(invoice.status)}</span>
      <dl class="invoice-row__facts">
        <div>
          <dt>{t('invoices.list.issued')}</dt>
          <dd>{formatDate(invoice.issue_date)}</dd>
        </div>
        <div>
          <dt>{t('invoices.list.due')}</dt>
          <dd>{formatDate(invoice.due_date)}</dd>
        </div>
        <div>
          <dt>{t('invoices.list.total')}</dt>
          <dd class="numeric">{money(invoice.amount_due)}</dd>
        </div>
        {open && (
          <div>
            <dt>{t('invoices.list.outstanding')}</dt>
            <dd class="numeric">{money(invoice.outstanding)}</dd>
          </div>
        )}
      </dl>
    </li>
  );
}
