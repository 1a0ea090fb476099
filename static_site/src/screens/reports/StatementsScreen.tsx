import { useCallback, useEffect, useState } from 'preact/hooks';
import { Link } from '../../app/Link';
import { ProblemNotice } from '../../components/ProblemNotice';
import { useSession } from '../../app/session';
import { useResource } from '../../app/useResource';
import { DateField, dateError } from '../../components/DateInput';
import { Skeleton } from '../../components/States';
import { formatDate, parseDate, todayInLusaka } from '../../format/dates';
import { t } from './messages';
import { accountPath } from '../ledger/paths';
import {
  getChangesInEquity,
  MAX_COMPARATIVES,
  NAMED_COMPARISONS,
  PERIOD_CHOICES,
  listLayouts,
  getStatement,
  STATEMENT_KINDS,
  type ChangesInEquity,
  type NamedComparison,
  type PeriodChoice,
  type Query,
  type Statement,
  type StatementRow,
} from '../../api/reports';
import { amountText, changeText, columnLabel } from './display';
import { SignOffPanel } from './SignOffPanel';
import './reports.css';

export const REPORTS_PATH = '/reports';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A comparative the API understands: a named one, `from..to`, or a date (a position). */
function isComparison(value: string): boolean {
  const parts = value.split('..');
  return (
    (NAMED_COMPARISONS as readonly string[]).includes(value) || (parts.length <= 2 && parts.every((part) => ISO_DATE.test(part)))
  );
}

/** The statement, period and comparatives in the address, so "Back" from a drill-down finds them. */
function queryInAddress(): Query {
  const params = new URLSearchParams(window.location.search);
  const iso = (name: string): string | undefined => {
    const value = params.get(name);
    const parsed = value === null ? null : parseDate(value);
    return parsed?.ok === true ? parsed.iso : undefined;
  };
  const kind = STATEMENT_KINDS.find((k) => k === params.get('statement')) ?? 'profit_and_loss';
  const compare = (params.get('compare') ?? '')
    .split(',')
    .filter((part) => part !== '' && isComparison(part))
    .slice(0, MAX_COMPARATIVES);
  const today = todayInLusaka();
  const to = iso('to');
  const from = iso('from');
  // Dates in the address are custom dates; else a period (this fiscal year unless said).
  const named = PERIOD_CHOICES.find((choice) => choice === params.get('period'));
  const period: PeriodChoice = named ?? (to !== undefined ? 'custom' : 'fiscal_year');
  const layout = params.get('layout') ?? undefined;
  return {
    kind,
    period,
    date: iso('date') ?? today,
    from: from ?? `${(to ?? today).slice(0, 4)}-01-01`,
    to: to ?? today,
    compare,
    layout,
  };
}

function addressOf(query: Query): string {
  const params = new URLSearchParams({ statement: query.kind });
  if (query.period === 'custom') {
    if (query.kind !== 'financial_position') {
      params.set('from', query.from);
    }
    params.set('to', query.to);
  } else {
    params.set('period', query.period);
    params.set('date', query.date);
  }
  if (query.compare.length > 0) {
    params.set('compare', query.compare.join(','));
  }
  if (query.layout !== undefined) {
    params.set('layout', query.layout);
  }
  return `${REPORTS_PATH}?${params.toString()}`;
}

interface Period {
  readonly from: string;
  readonly to: string;
}

/** `/reports`: the four statements, a period and comparatives, and drill-down to each account's ledger. */
export default function StatementsScreen() {
  const session = useSession();
  const orgId = session.status === 'signed_in' ? (session.currentOrganization?.id ?? null) : null;
  const [query, setQuery] = useState<Query>(queryInAddress);
  // The dates the API chose for a named period: what the sign-offs are about.
  const [period, setPeriod] = useState<Period | null>(query.period === 'custom' && query.kind !== 'financial_position' ? { from: query.from, to: query.to } : null);
  const change = (next: Query): void => {
    setQuery(next);
    window.history.replaceState(window.history.state, '', addressOf(next));
  };
  return (
    <section class="screen reports" aria-labelledby="reports-title">
      <div class="screen__header">
        <h1 id="reports-title">{t('reports.title')}</h1>
        <span class="reports-links">
          <Link href="/reports/layouts">{t('reports.layouts.link')}</Link> <Link href="/reports/notes">{t('reports.notes.link')}</Link>
        </span>
      </div>
      {session.status === 'loading' ? (
        <Skeleton label={t('screen.loading')} lines={4} />
      ) : orgId === null ? (
        <p class="notice">{t('reports.noOrganization')}</p>
      ) : (
        <>
          <nav class="reports-kinds" aria-label={t('reports.kindsLabel')}>
            <ul>
              {STATEMENT_KINDS.map((kind) => (
                <li key={kind}>
                  <button type="button" class="reports-kind" aria-pressed={kind === query.kind ? 'true' : 'false'} onClick={() => change({ ...query, kind, layout: undefined })}>
                    {t(`reports.kind.${kind}`)}
                  </button>
                </li>
              ))}
            </ul>
          </nav>
          <PeriodForm key={query.kind} orgId={orgId} query={query} onChange={change} />
          <Report key={orgId} orgId={orgId} query={query} onPeriod={setPeriod} />
          {period !== null && <SignOffPanel key={`${orgId}:${period.from}:${period.to}`} orgId={orgId} period={period} />}
        </>
      )}
    </section>
  );
}

interface ReportProps {
  readonly orgId: string;
  readonly query: Query;
  /** Told the period of the statement set shown (the dates a named period stands for). */
  readonly onPeriod: (period: Period) => void;
}

function Report({ orgId, query, onPeriod }: ReportProps) {
  const load = useCallback(
    (signal: AbortSignal): Promise<Statement | ChangesInEquity> =>
      query.kind === 'changes_in_equity' ? getChangesInEquity(orgId, query, signal) : getStatement(orgId, query, signal),
    [orgId, query],
  );
  const report = useResource(load);
  const shown = report.data === undefined ? null : 'period' in report.data ? report.data.period : report.data;
  useEffect(() => {
    if (shown !== null) {
      onPeriod({ from: shown.date_from, to: shown.date_to });
    }
  }, [shown?.date_from, shown?.date_to]);
  return (
    <>
      {report.error !== undefined && <ProblemNotice error={report.error} />}
      {report.loading && report.data === undefined ? (
        <Skeleton label={t('reports.loading')} lines={8} />
      ) : report.data === undefined ? null : 'rows' in report.data ? (
        <StatementView statement={report.data} loading={report.loading} />
      ) : (
        <EquityView statement={report.data} loading={report.loading} />
      )}
    </>
  );
}

function Checks({ statement }: { readonly statement: Statement }) {
  const difference = statement.checks['difference']?.[0];
  if (statement.kind === 'financial_position' && difference !== undefined) {
    const ok = difference === '0.00';
    return (
      <p class={ok ? 'notice reports-check reports-check--ok' : 'notice notice--error reports-check'} role="status">
        <span aria-hidden="true">{ok ? '✓ ' : '⚠ '}</span>
        {ok ? t('reports.balanced') : t('reports.unbalanced', { difference: amountText(difference) })}
      </p>
    );
  }
  const change = statement.checks['net_change']?.[0];
  if (statement.kind === 'cash_flows' && change !== undefined && difference === '0.00') {
    return (
      <p class="notice reports-check reports-check--ok" role="status">
        <span aria-hidden="true">✓ </span>
        {t('reports.cashTies', { change: amountText(change) })}
      </p>
    );
  }
  return null;
}

function StatementView({ statement, loading }: { readonly statement: Statement; readonly loading: boolean }) {
  const comparing = statement.columns.length > 1;
  const headings = statement.columns.map((column) => columnLabel(column.label, column.date_from, column.date_to));
  // Top-level sections fold on a phone; a line's accounts open under it.
  const sections: { readonly heading: StatementRow; readonly rows: StatementRow[] }[] = [];
  for (const row of statement.rows) {
    if (row.kind === 'section' && row.depth === 0) {
      sections.push({ heading: row, rows: [] });
    } else {
      sections[sections.length - 1]?.rows.push(row);
    }
  }
  const current = statement.columns[0];
  return (
    <>
      <Checks statement={statement} />
      <div class="reports-statement" aria-busy={loading ? 'true' : undefined}>
        {sections.map(({ heading, rows }) => (
          <details key={heading.key} class="reports-section" open>
            <summary>
              <h2>{heading.label}</h2>
            </summary>
            <table class="reports-table">
              <thead>
                <tr>
                  <th scope="col">{t('reports.column.line')}</th>
                  {headings.map((label, index) => (
                    <th key={index} scope="col" class="numeric">
                      {label}
                    </th>
                  ))}
                  {comparing && (
                    <th scope="col" class="numeric reports-change">
                      {t('reports.column.change')}
                    </th>
                  )}
                </tr>
              </thead>
              <tbody>
                {rows.map((row) =>
                  row.kind === 'section' ? (
                    <tr key={row.key} class="reports-row--heading">
                      <th scope="rowgroup" colSpan={headings.length + (comparing ? 2 : 1)}>
                        {row.label}
                      </th>
                    </tr>
                  ) : (
                    <tr key={row.key} class={row.kind === 'subtotal' ? 'reports-row--subtotal' : undefined}>
                      <th scope="row" style={{ paddingInlineStart: `${row.depth * 0.75}rem` }}>
                        {row.accounts.length === 0 ? (
                          row.label
                        ) : (
                          <details class="reports-drill">
                            <summary>{row.label}</summary>
                            <ul aria-label={t('reports.accounts', { line: row.label })}>
                              {row.accounts.map((account) => (
                                <li key={account.account_id}>
                                  <Link href={accountPath(account.account_id, { ...(current?.date_from ? { from: current.date_from } : {}), to: current?.date_to ?? '' })}>
                                    <span class="account-row__code">{account.code}</span> {account.name}
                                  </Link>{' '}
                                  <span class="reports-drill__amount">{amountText(account.amounts[0] ?? '0.00')}</span>
                                </li>
                              ))}
                            </ul>
                          </details>
                        )}
                      </th>
                      {row.amounts.map((amount, index) => (
                        <td key={index} class="numeric">
                          {amountText(amount)}
                        </td>
                      ))}
                      {comparing && <td class="numeric reports-change">{changeText(row.comparisons[0])}</td>}
                    </tr>
                  ),
                )}
              </tbody>
            </table>
          </details>
        ))}
      </div>
      <p class="muted">
        {t('reports.ledgerHead', {
          number: statement.ledger_head.entry_number,
          hash: statement.ledger_head.hash.slice(0, 12),
          layout: statement.layout.layout.name,
        })}
      </p>
      <p class="muted reports-hint">{t('reports.drillHint')}</p>
    </>
  );
}

const EQUITY_ROWS = [
  ['opening', 'reports.equity.opening'],
  ['profit', 'reports.equity.profit'],
  ['contributions', 'reports.equity.contributions'],
  ['drawings_and_dividends', 'reports.equity.drawings'],
  ['other', 'reports.equity.other'],
  ['closing', 'reports.equity.closing'],
] as const;

function EquityView({ statement, loading }: { readonly statement: ChangesInEquity; readonly loading: boolean }) {
  const columns = [...statement.columns, { ...statement.total, label: t('reports.equity.total') }];
  return (
    <>
      <div class="data-table">
        <div class="data-table__scroll" role="region" aria-labelledby="equity-caption" tabIndex={0}>
          <table class="reports-table reports-table--equity" aria-busy={loading ? 'true' : undefined}>
            <caption id="equity-caption">
              {t('reports.kind.changes_in_equity')}: {formatDate(statement.date_from)} – {formatDate(statement.date_to)}
            </caption>
            <thead>
              <tr>
                <td />
                {columns.map((column) => (
                  <th key={column.key} scope="col" class="numeric">
                    {column.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {EQUITY_ROWS.map(([field, label]) => (
                <tr key={field} class={field === 'closing' ? 'reports-row--subtotal' : undefined}>
                  <th scope="row">{t(label)}</th>
                  {columns.map((column) => (
                    <td key={column.key} class="numeric">
                      {amountText(column[field])}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
      <p class="muted">
        {t('reports.ledgerHead', {
          number: statement.ledger_head.entry_number,
          hash: statement.ledger_head.hash.slice(0, 12),
          layout: statement.layout.layout.name,
        })}
      </p>
    </>
  );
}

function PeriodForm({ orgId, query, onChange }: { readonly orgId: string; readonly query: Query; readonly onChange: (query: Query) => void }) {
  const position = query.kind === 'financial_position';
  const loadLayouts = useCallback((signal: AbortSignal) => listLayouts(orgId, signal), [orgId]);
  const layouts = useResource(loadLayouts);
  const [layout, setLayout] = useState(query.layout ?? '');
  const [period, setPeriod] = useState<PeriodChoice>(query.period);
  const [date, setDate] = useState(formatDate(query.date));
  const [from, setFrom] = useState(formatDate(query.from));
  const [to, setTo] = useState(formatDate(query.to));
  const [named, setNamed] = useState<readonly NamedComparison[]>(
    NAMED_COMPARISONS.filter((choice) => query.compare.includes(choice)),
  );
  const other = query.compare.find((choice) => !(NAMED_COMPARISONS as readonly string[]).includes(choice));
  const [otherOn, setOtherOn] = useState(other !== undefined);
  const [otherFrom, setOtherFrom] = useState(other?.includes('..') === true ? formatDate(other.split('..')[0] ?? '') : '');
  const [otherTo, setOtherTo] = useState(other === undefined ? '' : formatDate(other.split('..').slice(-1)[0] ?? ''));
  const [errors, setErrors] = useState<Partial<Record<'date' | 'from' | 'to' | 'otherFrom' | 'otherTo', string | null>>>({});
  const comparing = query.kind !== 'changes_in_equity';

  const toggle = (choice: NamedComparison, on: boolean): void =>
    setNamed((current) => (on ? NAMED_COMPARISONS.filter((c) => c === choice || current.includes(c)) : current.filter((c) => c !== choice)));

  const apply = (event: Event): void => {
    event.preventDefault();
    const custom = period === 'custom';
    const wantOther = comparing && otherOn;
    const found = {
      date: custom ? null : dateError(date),
      from: custom && !position ? dateError(from) : null,
      to: custom ? dateError(to) : null,
      otherFrom: wantOther && !position ? dateError(otherFrom) : null,
      otherTo: wantOther ? dateError(otherTo) : null,
    };
    const iso = (text: string): string => {
      const parsed = parseDate(text);
      return parsed.ok ? parsed.iso : '';
    };
    if (found.from === null && found.to === null && custom && !position && iso(from) > iso(to)) {
      found.from = t('reports.fromAfterTo');
    }
    if (found.otherFrom === null && found.otherTo === null && wantOther && !position && iso(otherFrom) > iso(otherTo)) {
      found.otherFrom = t('reports.fromAfterTo');
    }
    setErrors(found);
    if (Object.values(found).some((problem) => problem !== null)) {
      return;
    }
    const otherDates = position ? iso(otherTo) : `${iso(otherFrom)}..${iso(otherTo)}`;
    onChange({
      ...query,
      period,
      date: custom ? query.date : iso(date),
      from: custom && !position ? iso(from) : query.from,
      to: custom ? iso(to) : query.to,
      compare: comparing ? [...named, ...(wantOther ? [otherDates] : [])] : [],
      layout: layout === '' ? undefined : layout,
    });
  };

  return (
    <form class="reports-period" noValidate onSubmit={apply} aria-label={t('reports.periodLabel')}>
      <div class="field">
        <label for="reports-period">{t('reports.periodLabel')}</label>
        <select id="reports-period" value={period} onChange={(event) => setPeriod((event.target as HTMLSelectElement).value as PeriodChoice)}>
          {PERIOD_CHOICES.map((choice) => (
            <option key={choice} value={choice}>
              {t(`reports.period.${choice}`)}
            </option>
          ))}
        </select>
      </div>
      {period === 'custom' ? (
        <>
          {!position && <DateField id="reports-from" label={t('reports.from')} value={from} error={errors.from} onInput={setFrom} />}
          <DateField id="reports-to" label={position ? t('reports.asOf') : t('reports.to')} value={to} error={errors.to} onInput={setTo} />
        </>
      ) : (
        <DateField
          id="reports-date"
          label={position ? t('reports.periodEndOf') : t('reports.periodContaining')}
          value={date}
          error={errors.date}
          onInput={setDate}
        />
      )}
      {comparing && (
        <fieldset class="reports-compare">
          <legend>{t('reports.compare', { count: MAX_COMPARATIVES })}</legend>
          {NAMED_COMPARISONS.map((choice) => (
            <label key={choice} class="choice">
              <input type="checkbox" checked={named.includes(choice)} onChange={(event) => toggle(choice, (event.target as HTMLInputElement).checked)} />{' '}
              {t(`reports.compare.${choice}`)}
            </label>
          ))}
          <label class="choice">
            <input type="checkbox" id="reports-compare-other" checked={otherOn} onChange={(event) => setOtherOn((event.target as HTMLInputElement).checked)} />{' '}
            {t('reports.compare.other')}
          </label>
          {otherOn && (
            <>
              {!position && <DateField id="reports-other-from" label={t('reports.from')} value={otherFrom} error={errors.otherFrom} onInput={setOtherFrom} />}
              <DateField id="reports-other-to" label={position ? t('reports.asOf') : t('reports.to')} value={otherTo} error={errors.otherTo} onInput={setOtherTo} />
            </>
          )}
        </fieldset>
      )}
      <div class="field">
        <label for="reports-layout">{t('reports.layout')}</label>
        <select id="reports-layout" value={layout} onChange={(event) => setLayout((event.target as HTMLSelectElement).value)}>
          <option value="">{t('reports.layoutDefault')}</option>
          {(layouts.data ?? [])
            .filter((version) => version.layout.kind === query.kind)
            .map((version) => (
              <option key={version.reference} value={version.reference}>
                {version.built_in !== null ? version.layout.name : `${version.layout.name} ${t('reports.layouts.version', { version: version.version })}`}
              </option>
            ))}
        </select>
      </div>
      <button type="submit" class="button">
        {t('reports.show')}
      </button>
    </form>
  );
}
