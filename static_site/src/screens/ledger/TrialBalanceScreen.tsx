import { useCallback, useState } from 'preact/hooks';
import { Link } from '../../app/Link';
import { ProblemNotice } from '../../components/ProblemNotice';
import { useResource } from '../../app/useResource';
import { DateField, dateError } from '../../components/DateInput';
import { EmptyState, Skeleton } from '../../components/States';
import { formatDate, parseDate, todayInLusaka } from '../../format/dates';
import { t } from './messages';
import { exportTrialBalance, getTrialBalance, type TrialBalance } from '../../api/ledger';
import { abs } from './balance';
import { kwacha, ngwee, sideAmount } from './display';
import { ExportButton } from './ExportButton';
import { LedgerFrame, type LedgerScope } from './LedgerFrame';
import { accountPath, LEDGER_PATHS } from './paths';

interface Dates {
  readonly asOf: string;
  readonly compareTo?: string | undefined;
}

/** The dates in the address (`?as_of=&compare_to=`), so "Back" from a drill-down finds them. */
function datesInAddress(): Dates {
  const query = new URLSearchParams(window.location.search);
  const iso = (name: string): string | undefined => {
    const value = query.get(name);
    const parsed = value === null ? null : parseDate(value);
    return parsed?.ok === true ? parsed.iso : undefined;
  };
  return { asOf: iso('as_of') ?? todayInLusaka(), compareTo: iso('compare_to') };
}

function addressOf(dates: Dates): string {
  const query = new URLSearchParams({ as_of: dates.asOf });
  if (dates.compareTo !== undefined) {
    query.set('compare_to', dates.compareTo);
  }
  return `${LEDGER_PATHS.trialBalance}?${query.toString()}`;
}

/** The trial balance as of a date, with an optional comparative date, and drill-down to each ledger. */
export default function TrialBalanceScreen() {
  return (
    <LedgerFrame
      titleId="ledger-tb-title"
      title={t('ledger.tb.title')}
      current="trialBalance"
      children={(scope) => <TrialBalanceReport scope={scope} />}
    />
  );
}

function TrialBalanceReport({ scope }: { readonly scope: LedgerScope }) {
  const [dates, setDates] = useState<Dates>(datesInAddress);
  const load = useCallback(
    (signal: AbortSignal) => getTrialBalance(scope.orgId, dates.asOf, dates.compareTo, signal),
    [scope.orgId, dates.asOf, dates.compareTo],
  );
  const report = useResource(load);

  return (
    <>
      <DatesForm
        dates={dates}
        onChange={(next) => {
          setDates(next);
          window.history.replaceState(window.history.state, '', addressOf(next));
        }}
      />
      {report.data !== undefined && report.data.rows.length > 0 && (
        <div class="form__actions">
          <ExportButton
            fetchFile={() => exportTrialBalance(scope.orgId, dates.asOf, dates.compareTo)}
            fileName={`trial-balance-${dates.asOf}.csv`}
          />
        </div>
      )}
      {report.error !== undefined && <ProblemNotice error={report.error} />}
      {report.loading && report.data === undefined ? (
        <Skeleton label={t('ledger.tb.loading')} lines={6} />
      ) : (
        report.data !== undefined && <Report report={report.data} loading={report.loading} />
      )}
    </>
  );
}

function Report({ report, loading }: { readonly report: TrialBalance; readonly loading: boolean }) {
  if (report.rows.length === 0) {
    return <EmptyState title={t('ledger.tb.emptyTitle')} body={t('ledger.tb.emptyBody')} />;
  }
  const comparing = report.compare_to !== null;
  const difference = ngwee(report.total_debit) - ngwee(report.total_credit);
  const asOf = formatDate(report.as_of);
  const compareTo = report.compare_to === null ? '' : formatDate(report.compare_to);
  return (
    <>
      <p class={report.balanced ? 'notice tb-check tb-check--ok' : 'notice notice--error tb-check'} role="status">
        <span aria-hidden="true">{report.balanced ? '✓ ' : '⚠ '}</span>
        {report.balanced
          ? t('ledger.tb.balanced', { total: kwacha(ngwee(report.total_debit)) })
          : t('ledger.tb.unbalanced', { difference: kwacha(abs(difference)) })}
      </p>
      <div class="data-table">
        <div class="data-table__scroll" role="region" aria-labelledby="tb-caption" tabIndex={0}>
          <table class="tb-table" aria-busy={loading ? 'true' : undefined}>
            <caption id="tb-caption">{comparing ? t('ledger.tb.captionCompare', { asOf, compareTo }) : t('ledger.tb.caption', { asOf })}</caption>
            <thead>
              {comparing && (
                <tr>
                  <td />
                  <th scope="colgroup" colSpan={2} class="numeric">
                    {asOf}
                  </th>
                  <th scope="colgroup" colSpan={2} class="numeric">
                    {compareTo}
                  </th>
                </tr>
              )}
              <tr>
                <th scope="col">{t('ledger.column.account')}</th>
                <th scope="col" class="numeric">
                  {t('ledger.column.debit')}
                </th>
                <th scope="col" class="numeric">
                  {t('ledger.column.credit')}
                </th>
                {comparing && (
                  <>
                    <th scope="col" class="numeric">
                      {t('ledger.column.debit')}
                    </th>
                    <th scope="col" class="numeric">
                      {t('ledger.column.credit')}
                    </th>
                  </>
                )}
              </tr>
            </thead>
            <tbody>
              {report.rows.map((row) => (
                <tr key={row.account_id}>
                  <th scope="row" class="tb-table__account">
                    <Link href={accountPath(row.account_id, { to: report.as_of })}>
                      <span class="account-row__code">{row.code}</span> {row.name}
                    </Link>
                  </th>
                  <td class="numeric">{sideAmount(row.debit)}</td>
                  <td class="numeric">{sideAmount(row.credit)}</td>
                  {comparing && (
                    <>
                      <td class="numeric">{sideAmount(row.compare_debit)}</td>
                      <td class="numeric">{sideAmount(row.compare_credit)}</td>
                    </>
                  )}
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{t('ledger.tb.total')}</th>
                <td class="numeric">{kwacha(ngwee(report.total_debit))}</td>
                <td class="numeric">{kwacha(ngwee(report.total_credit))}</td>
                {comparing && (
                  <>
                    <td class="numeric">{kwacha(ngwee(report.compare_total_debit ?? '0'))}</td>
                    <td class="numeric">{kwacha(ngwee(report.compare_total_credit ?? '0'))}</td>
                  </>
                )}
              </tr>
            </tfoot>
          </table>
        </div>
      </div>
      <p class="muted">{t('ledger.tb.drillHint')}</p>
    </>
  );
}

function DatesForm({ dates, onChange }: { readonly dates: Dates; readonly onChange: (dates: Dates) => void }) {
  const [asOf, setAsOf] = useState(formatDate(dates.asOf));
  const [compareTo, setCompareTo] = useState(dates.compareTo === undefined ? '' : formatDate(dates.compareTo));
  const [errors, setErrors] = useState<{ asOf?: string | null; compareTo?: string | null }>({});

  const apply = (event: Event): void => {
    event.preventDefault();
    const found = { asOf: dateError(asOf), compareTo: dateError(compareTo, { optional: true }) };
    setErrors(found);
    const asOfDate = parseDate(asOf);
    const compareDate = parseDate(compareTo);
    if (found.asOf === null && found.compareTo === null && asOfDate.ok) {
      onChange({ asOf: asOfDate.iso, compareTo: compareDate.ok ? compareDate.iso : undefined });
    }
  };

  return (
    <form class="ledger-period" noValidate onSubmit={apply} aria-label={t('ledger.tb.datesLabel')}>
      <DateField id="tb-as-of" label={t('ledger.tb.asOf')} value={asOf} error={errors.asOf} onInput={setAsOf} />
      <DateField id="tb-compare-to" label={t('ledger.tb.compareTo')} optional value={compareTo} error={errors.compareTo} onInput={setCompareTo} />
      <button type="submit" class="button">
        {t('ledger.tb.show')}
      </button>
    </form>
  );
}
