import { useCallback, useEffect, useState } from 'preact/hooks';
import { Link } from '../../app/Link';
import { ProblemNotice } from '../../components/ProblemNotice';
import { useResource } from '../../app/useResource';
import { DateField, dateError } from '../../components/DateInput';
import { Skeleton } from '../../components/States';
import { formatDate, parseDate } from '../../format/dates';
import { t, tCount } from './messages';
import { exportLedger, getAccount, type LedgerLine } from '../../api/ledger';
import { balanceOf, sideAmount, subtypeLabel, typeLabel } from './display';
import { ExportButton } from './ExportButton';
import { LedgerFrame, type LedgerScope } from './LedgerFrame';
import { LinesTable, type LinesColumn } from './LinesTable';
import type { ScreenProps } from '../../app/routes';
import { accountPath, entryPath, LEDGER_PATHS } from './paths';
import { useLedgerPages, type Period } from './useLedgerPages';

/** The period in the address (`?from=&to=`), as the trial balance links to it. */
function periodInAddress(): Period {
  const query = new URLSearchParams(window.location.search);
  const iso = (name: string): string | undefined => {
    const value = query.get(name);
    const parsed = value === null ? null : parseDate(value);
    return parsed?.ok === true ? parsed.iso : undefined;
  };
  return { from: iso('from'), to: iso('to') };
}

/** An account with its ledger: opening balance, postings with the running balance, paging. */
export default function AccountLedgerScreen({ params }: ScreenProps) {
  const accountId = params.accountId ?? null;
  return (
    <LedgerFrame
      titleId="ledger-account-title"
      title={t('ledger.account.title')}
      children={(scope) =>
        accountId === null ? <p class="notice">{t('ledger.account.notFound')}</p> : <AccountLedger key={accountId} scope={scope} accountId={accountId} />
      }
    />
  );
}

export function AccountLedger({ scope, accountId }: { readonly scope: LedgerScope; readonly accountId: string }) {
  const { orgId } = scope;
  const loadDetail = useCallback((signal: AbortSignal) => getAccount(orgId, accountId, signal), [orgId, accountId]);
  const detail = useResource(loadDetail);
  const [period, setPeriod] = useState<Period>(periodInAddress);
  const ledger = useLedgerPages(orgId, accountId, period);
  const account = detail.data?.account ?? ledger.first?.account;

  return (
    <>
      {account !== undefined && (
        <div class="account-heading">
          <h2 class="account-heading__name">
            <span class="account-row__code">{account.code}</span> {account.name}
          </h2>
          <p class="account-row__badges">
            <span class="badge">{typeLabel(account.account_type)}</span>
            <span class="badge">{account.is_header ? t('ledger.chart.headerBadge', { type: typeLabel(account.account_type) }) : subtypeLabel(account.subtype)}</span>
            {account.archived_at !== null && <span class="badge badge--archived">{t('ledger.chart.archivedBadge')}</span>}
          </p>
          {detail.data !== undefined && (
            <p class="muted">
              {t('ledger.account.balanceToday', { balance: balanceOf(detail.data.balance), date: formatDate(detail.data.as_of) })}
            </p>
          )}
        </div>
      )}
      {detail.error !== undefined && ledger.error === undefined && <ProblemNotice error={detail.error} />}

      {account?.is_header === true ? (
        <HeaderChildren accounts={detail.data?.children ?? []} />
      ) : (
        <>
          <PeriodForm
            period={{ from: ledger.first?.date_from ?? period.from, to: ledger.first?.date_to ?? period.to }}
            onChange={(next) => {
              setPeriod(next);
              // Kept in the address, so a reload or a shared link shows the same period.
              window.history.replaceState(window.history.state, '', accountPath(accountId, next));
            }}
          />
          {ledger.error !== undefined && <ProblemNotice error={ledger.error} />}
          {ledger.loading ? (
            <Skeleton label={t('ledger.account.loading')} lines={5} />
          ) : (
            ledger.first !== undefined && (
              <>
                <dl class="ledger-summary">
                  <div>
                    <dt>{t('ledger.account.openingBalance', { date: formatDate(ledger.first.date_from) })}</dt>
                    <dd>{balanceOf(ledger.first.opening_balance)}</dd>
                  </div>
                  <div>
                    <dt>{t('ledger.account.closingBalance', { date: formatDate(ledger.first.date_to) })}</dt>
                    <dd>{balanceOf(ledger.first.closing_balance)}</dd>
                  </div>
                </dl>
                {ledger.lines.length > 0 && (
                  <div class="form__actions">
                    <ExportButton
                      fetchFile={() => exportLedger(orgId, accountId, { from: ledger.first?.date_from, to: ledger.first?.date_to })}
                      fileName={`ledger-${account?.code ?? accountId}.csv`}
                    />
                  </div>
                )}
                <LedgerTable
                  lines={ledger.lines}
                  caption={t('ledger.account.caption', { from: formatDate(ledger.first.date_from), to: formatDate(ledger.first.date_to) })}
                />
                {ledger.hasMore && (
                  <div class="form__actions ledger-more">
                    <button type="button" class="button button--quiet" disabled={ledger.loadingMore} onClick={ledger.loadMore}>
                      {ledger.loadingMore ? t('ledger.account.loadingMore') : t('ledger.account.loadMore')}
                    </button>
                  </div>
                )}
                <p class="muted" role="status">
                  {ledger.lines.length === 0 ? '' : tCount('ledger.account.shown', ledger.lines.length)}
                </p>
              </>
            )
          )}
        </>
      )}
    </>
  );
}

function LedgerTable({ lines, caption }: { readonly lines: readonly LedgerLine[]; readonly caption: string }) {
  if (lines.length === 0) {
    return <p class="notice">{t('ledger.account.noPostings')}</p>;
  }
  const columns: LinesColumn<LedgerLine>[] = [
    { key: 'date', label: t('ledger.column.date'), row: 1, place: 'start', render: (line) => formatDate(line.entry_date) },
    {
      key: 'entry',
      label: t('ledger.column.entry'),
      row: 1,
      place: 'end',
      render: (line) => <Link href={entryPath(line.entry_id)}>{t('ledger.entryNumber', { number: line.entry_number })}</Link>,
    },
    {
      key: 'description',
      label: t('ledger.column.description'),
      row: 2,
      place: 'wide',
      render: (line) => (
        <span class="ledger-text">
          {line.description}
          {line.memo !== '' && <span class="muted ledger-text__memo">{line.memo}</span>}
        </span>
      ),
    },
    { key: 'debit', label: t('ledger.column.debit'), row: 3, place: 'start', amount: true, render: (line) => sideAmount(line.debit) },
    { key: 'credit', label: t('ledger.column.credit'), row: 3, place: 'start', amount: true, render: (line) => sideAmount(line.credit) },
    {
      key: 'balance',
      label: t('ledger.column.balance'),
      row: 3,
      place: 'end',
      amount: true,
      render: (line) => balanceOf(line.running_balance),
    },
  ];
  return <LinesTable caption={caption} columns={columns} rows={lines} rowKey={(line) => `${line.entry_id}:${line.line_number}`} />;
}

function PeriodForm({ period, onChange }: { readonly period: Period; readonly onChange: (period: Period) => void }) {
  const [from, setFrom] = useState(period.from === undefined ? '' : formatDate(period.from));
  const [to, setTo] = useState(period.to === undefined ? '' : formatDate(period.to));
  const [errors, setErrors] = useState<{ from?: string | null; to?: string | null }>({});

  // The server's period (this fiscal year to date by default) once it is known.
  useEffect(() => {
    setFrom(period.from === undefined ? '' : formatDate(period.from));
    setTo(period.to === undefined ? '' : formatDate(period.to));
  }, [period.from, period.to]);

  const apply = (event: Event): void => {
    event.preventDefault();
    const found = { from: dateError(from, { optional: true }), to: dateError(to, { optional: true }) };
    const fromDate = parseDate(from);
    const toDate = parseDate(to);
    if (found.from === null && found.to === null && fromDate.ok && toDate.ok && fromDate.iso > toDate.iso) {
      found.to = t('ledger.account.toBeforeFrom');
    }
    setErrors(found);
    if (found.from === null && found.to === null) {
      onChange({ from: fromDate.ok ? fromDate.iso : undefined, to: toDate.ok ? toDate.iso : undefined });
    }
  };

  return (
    <form class="ledger-period" noValidate onSubmit={apply} aria-label={t('ledger.account.periodLabel')}>
      <DateField id="ledger-from" label={t('ledger.account.from')} optional value={from} error={errors.from} onInput={setFrom} />
      <DateField id="ledger-to" label={t('ledger.account.to')} optional value={to} error={errors.to} onInput={setTo} />
      <button type="submit" class="button">
        {t('ledger.account.show')}
      </button>
    </form>
  );
}

function HeaderChildren({ accounts }: { readonly accounts: readonly { id: string; code: string; name: string }[] }) {
  return (
    <>
      <p class="notice">{t('ledger.account.headerNote')}</p>
      {accounts.length > 0 && (
        <ul class="ledger-children">
          {accounts.map((child) => (
            <li key={child.id}>
              <Link href={accountPath(child.id)}>
                <span class="account-row__code">{child.code}</span> {child.name}
              </Link>
            </li>
          ))}
        </ul>
      )}
      <p>
        <Link href={LEDGER_PATHS.chart}>{t('ledger.account.backToChart')}</Link>
      </p>
    </>
  );
}
