import { useCallback, useState } from 'preact/hooks';
import { ENTRY_SOURCES, exportJournal, listJournalEntries, type JournalEntry, type JournalFilter } from '../../api/ledger';
import { Link } from '../../app/Link';
import { DataTable, type Column } from '../../components/DataTable';
import { DateField, dateError } from '../../components/DateInput';
import { ProblemNotice } from '../../components/ProblemNotice';
import { EmptyState } from '../../components/States';
import { useCursorPages, type Page, type PageQuery } from '../../components/useCursorPages';
import { formatDate, parseDate } from '../../format/dates';
import { useChart } from './ChartScreen';
import { kwacha, ngwee, sourceLabel } from './display';
import { ExportButton } from './ExportButton';
import { LedgerFrame, type LedgerScope } from './LedgerFrame';
import { t } from './messages';
import { entryPath, journalPath } from './paths';

export const JOURNAL_PAGE_SIZE = 25;

/** The filters in the address (`?q=&from=&to=&source=&account=`), so a reload or "Back" keeps them. */
function filterInAddress(): JournalFilter {
  const query = new URLSearchParams(window.location.search);
  const iso = (name: string): string | undefined => {
    const value = query.get(name);
    const parsed = value === null ? null : parseDate(value);
    return parsed?.ok === true ? parsed.iso : undefined;
  };
  const text = (name: string): string | undefined => query.get(name) ?? undefined;
  return { q: text('q'), from: iso('from'), to: iso('to'), source: text('source'), accountId: text('account') };
}

/** The journal: every posted entry, newest first, searched and filtered, a page at a time. */
export default function JournalScreen() {
  return (
    <LedgerFrame
      titleId="ledger-journal-list-title"
      title={t('ledger.journalList.title')}
      current="journal"
      children={(scope) => <Journal scope={scope} />}
    />
  );
}

function Journal({ scope }: { readonly scope: LedgerScope }) {
  const [filter, setFilter] = useState<JournalFilter>(filterInAddress);
  return (
    <>
      <FilterForm
        scope={scope}
        filter={filter}
        onChange={(next) => {
          setFilter(next);
          window.history.replaceState(window.history.state, '', journalPath(next));
        }}
      />
      <div class="form__actions">
        <ExportButton fetchFile={() => exportJournal(scope.orgId, filter)} fileName="journal.csv" />
      </div>
      {/* New filters start again from the first page. */}
      <JournalTable key={journalPath(filter)} scope={scope} filter={filter} />
    </>
  );
}

function FilterForm({
  scope,
  filter,
  onChange,
}: {
  readonly scope: LedgerScope;
  readonly filter: JournalFilter;
  readonly onChange: (filter: JournalFilter) => void;
}) {
  const chart = useChart(scope.orgId);
  const postable = (chart.data ?? []).filter((account) => !account.is_header);
  const [q, setQ] = useState(filter.q ?? '');
  const [from, setFrom] = useState(filter.from === undefined ? '' : formatDate(filter.from));
  const [to, setTo] = useState(filter.to === undefined ? '' : formatDate(filter.to));
  const [source, setSource] = useState(filter.source ?? '');
  const [accountId, setAccountId] = useState(filter.accountId ?? '');
  const [errors, setErrors] = useState<{ from?: string | null; to?: string | null }>({});

  const apply = (event: Event): void => {
    event.preventDefault();
    const fromDate = parseDate(from);
    const toDate = parseDate(to);
    const found = { from: dateError(from, { optional: true }), to: dateError(to, { optional: true }) };
    if (found.to === null && fromDate.ok && toDate.ok && toDate.iso < fromDate.iso) {
      found.to = t('ledger.account.toBeforeFrom');
    }
    setErrors(found);
    if (found.from === null && found.to === null) {
      onChange({
        q: q.trim() === '' ? undefined : q.trim(),
        from: fromDate.ok ? fromDate.iso : undefined,
        to: toDate.ok ? toDate.iso : undefined,
        source: source === '' ? undefined : source,
        accountId: accountId === '' ? undefined : accountId,
      });
    }
  };

  return (
    <form class="ledger-period journal-filters" noValidate onSubmit={apply} aria-label={t('ledger.journalList.filtersLabel')}>
      <div class="field">
        <label for="journal-q">{t('ledger.journalList.search')}</label>
        <p class="field__hint" id="journal-q-hint">
          {t('ledger.journalList.searchHint')}
        </p>
        <input
          id="journal-q"
          class="input"
          type="search"
          autocomplete="off"
          maxLength={100}
          value={q}
          aria-describedby="journal-q-hint"
          onInput={(event) => setQ(event.currentTarget.value)}
        />
      </div>
      <DateField id="journal-from" label={t('ledger.account.from')} optional value={from} error={errors.from} onInput={setFrom} />
      <DateField id="journal-to" label={t('ledger.account.to')} optional value={to} error={errors.to} onInput={setTo} />
      <div class="field">
        <label for="journal-source">{t('ledger.journal.source')}</label>
        <select id="journal-source" class="input" value={source} onChange={(event) => setSource(event.currentTarget.value)}>
          <option value="">{t('ledger.journalList.allSources')}</option>
          {ENTRY_SOURCES.map((kind) => (
            <option key={kind} value={kind}>
              {sourceLabel(kind)}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="journal-account">{t('ledger.journalList.account')}</label>
        <select id="journal-account" class="input" value={accountId} onChange={(event) => setAccountId(event.currentTarget.value)}>
          <option value="">{t('ledger.journalList.allAccounts')}</option>
          {postable.map((account) => (
            <option key={account.id} value={account.id}>
              {account.code} {account.name}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" class="button">
        {t('ledger.account.show')}
      </button>
    </form>
  );
}

function JournalTable({ scope, filter }: { readonly scope: LedgerScope; readonly filter: JournalFilter }) {
  const load = useCallback(
    async ({ cursor, signal }: PageQuery): Promise<Page<JournalEntry>> => {
      const page = await listJournalEntries(scope.orgId, filter, { cursor, limit: JOURNAL_PAGE_SIZE }, signal);
      return { items: page.items, nextCursor: page.next_cursor };
    },
    [scope.orgId, filter],
  );
  const pages = useCursorPages(load);
  const filtered = Object.values(filter).some((value) => value !== undefined && value !== '');

  const columns: Column<JournalEntry>[] = [
    { key: 'date', label: t('ledger.column.date'), render: (entry) => formatDate(entry.entry_date) },
    {
      key: 'number',
      label: t('ledger.column.entry'),
      render: (entry) => <Link href={entryPath(entry.id)}>{t('ledger.entryNumber', { number: entry.entry_number })}</Link>,
    },
    { key: 'description', label: t('ledger.column.description'), render: (entry) => entry.description },
    { key: 'source', label: t('ledger.journal.source'), render: (entry) => sourceLabel(entry.source_type) },
    { key: 'amount', label: t('ledger.journal.total'), numeric: true, render: (entry) => kwacha(ngwee(entry.total)) },
    {
      key: 'postedBy',
      label: t('ledger.journalList.postedBy'),
      render: (entry) => entry.posted_by_name ?? t('ledger.journalList.unknownPoster'),
    },
  ];

  return (
    <>
      {pages.error !== undefined && <ProblemNotice error={pages.error} />}
      {!pages.loading && pages.error === undefined && pages.rows.length === 0 && filtered ? (
        <p class="notice">{t('ledger.journalList.noMatches')}</p>
      ) : (
        <DataTable
          caption={t('ledger.journalList.caption')}
          columns={columns}
          rows={pages.rows}
          rowKey={(entry) => entry.id}
          loading={pages.loading}
          paging={pages.paging}
          empty={<EmptyState title={t('ledger.journalList.emptyTitle')} body={t('ledger.journalList.emptyBody')} />}
        />
      )}
    </>
  );
}
