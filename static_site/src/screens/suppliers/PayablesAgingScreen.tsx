import { useCallback } from 'preact/hooks';
import { getPayablesAging } from '../../api/purchases';
import { Link } from '../../app/Link';
import { useResource } from '../../app/useResource';
import { ProblemNotice } from '../../components/ProblemNotice';
import { EmptyState, Skeleton } from '../../components/States';
import { dateLabel, kwacha } from '../expenses/display';
import { ExpensesFrame, type ExpensesScope } from '../expenses/ExpensesFrame';
import { t } from '../expenses/messages';
import { supplierPath } from '../expenses/paths';
import { AGING_BUCKETS } from './SupplierScreen';

/**
 * `/suppliers/aging`: what is owed to each supplier, by how overdue (`GET /reports/payables-aging`).
 * Spending by category and supplier has no report in the API yet, so it is not shown here.
 */
export default function PayablesAgingScreen() {
  return (
    <ExpensesFrame titleId="aging-title" title={t('sup.aging.title')} current="aging" permission="suppliers:read" children={(scope) => <Aging scope={scope} />} />
  );
}

function Aging({ scope }: { readonly scope: ExpensesScope }) {
  const load = useCallback((signal: AbortSignal) => getPayablesAging(scope.orgId, signal), [scope.orgId]);
  const aging = useResource(load);
  if (aging.data === undefined) {
    return aging.error === undefined ? <Skeleton label={t('screen.loading')} lines={3} /> : <ProblemNotice error={aging.error} />;
  }
  const report = aging.data;
  if (report.rows.length === 0) {
    return <EmptyState title={t('sup.aging.empty')} />;
  }
  return (
    <>
      <p>{t('sup.aging.asOf', { date: dateLabel(report.as_of), amount: kwacha(report.total) })}</p>
      <div class="data-table__scroll">
        <table>
          <caption>{t('sup.aging.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('sup.col.name')}</th>
              {AGING_BUCKETS.map((bucket) => (
                <th key={bucket} scope="col">
                  {t(`sup.aging.${bucket}`)}
                </th>
              ))}
              <th scope="col">{t('exp.form.total')}</th>
            </tr>
          </thead>
          <tbody>
            {report.rows.map((row) => (
              <tr key={row.supplier_id}>
                <th scope="row">
                  <Link href={supplierPath(row.supplier_id)}>{row.supplier_name}</Link>
                </th>
                {AGING_BUCKETS.map((bucket) => (
                  <td key={bucket}>{kwacha((row.buckets as Record<string, string>)[bucket] ?? '0')}</td>
                ))}
                <td>{kwacha(row.total)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p class="muted">{t('sup.aging.noSpending')}</p>
    </>
  );
}
