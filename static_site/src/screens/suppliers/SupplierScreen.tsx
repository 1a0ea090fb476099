import { Fragment } from 'preact';
import { useCallback } from 'preact/hooks';
import { getSupplier, getSupplierStatement } from '../../api/purchases';
import { Link } from '../../app/Link';
import type { ScreenProps } from '../../app/routes';
import { useResource } from '../../app/useResource';
import { ProblemNotice } from '../../components/ProblemNotice';
import { Skeleton } from '../../components/States';
import { dateLabel, kwacha } from '../expenses/display';
import { ExpensesFrame, type ExpensesScope } from '../expenses/ExpensesFrame';
import { t } from '../expenses/messages';
import { editSupplierPath } from '../expenses/paths';

export const AGING_BUCKETS = ['current', '1_30', '31_60', '61_90', 'over_90'] as const;

/** `/suppliers/:supplierId`: the supplier and its statement (bills, payments, credits) with aging. */
export default function SupplierScreen({ params }: ScreenProps) {
  const supplierId = params.supplierId ?? '';
  return (
    <ExpensesFrame
      titleId="supplier-title"
      title={t('sup.detail.title')}
      current="suppliers"
      permission="suppliers:read"
      actions={(scope) =>
        scope.can('suppliers:manage') && (
          <Link href={editSupplierPath(supplierId)} class="button button--quiet">
            {t('sup.detail.edit')}
          </Link>
        )
      }
      children={(scope) => <Detail scope={scope} supplierId={supplierId} />}
    />
  );
}

function Detail({ scope, supplierId }: { readonly scope: ExpensesScope; readonly supplierId: string }) {
  const loadSupplier = useCallback((signal: AbortSignal) => getSupplier(scope.orgId, supplierId, signal), [scope.orgId, supplierId]);
  const loadStatement = useCallback((signal: AbortSignal) => getSupplierStatement(scope.orgId, supplierId, signal), [scope.orgId, supplierId]);
  const supplier = useResource(loadSupplier);
  const statement = useResource(loadStatement);
  if (supplier.data === undefined) {
    return supplier.error === undefined ? <Skeleton label={t('screen.loading')} lines={3} /> : <ProblemNotice error={supplier.error} />;
  }
  const found = supplier.data;
  return (
    <>
      <h2>{found.name}</h2>
      <dl class="expenses-details">
        <div class="expenses-details__row">
          <dt>{t('sup.col.tpin')}</dt>
          <dd>{found.tpin ?? '—'}</dd>
        </div>
        <div class="expenses-details__row">
          <dt>{t('sup.col.vat')}</dt>
          <dd>{found.vat_registered ? t('sup.yes') : t('sup.no')}</dd>
        </div>
        <div class="expenses-details__row">
          <dt>{t('sup.form.wht')}</dt>
          <dd>{t(`sup.wht.${found.wht_type ?? 'none'}` as 'sup.wht.none')}</dd>
        </div>
      </dl>
      <h2>{t('sup.statement.title')}</h2>
      {statement.error !== undefined && <ProblemNotice error={statement.error} />}
      {statement.data !== undefined && (
        <>
          <p>{t('sup.statement.balance', { amount: kwacha(statement.data.balance), date: dateLabel(statement.data.as_of) })}</p>
          <div class="data-table__scroll">
            <table>
              <caption>{t('sup.statement.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('exp.col.date')}</th>
                  <th scope="col">{t('sup.statement.reference')}</th>
                  <th scope="col">{t('sup.statement.billed')}</th>
                  <th scope="col">{t('sup.statement.paid')}</th>
                  <th scope="col">{t('sup.statement.balanceCol')}</th>
                </tr>
              </thead>
              <tbody>
                {statement.data.lines.map((line) => (
                  <tr key={`${line.document_type}-${line.document_id}`}>
                    <td>{dateLabel(line.day)}</td>
                    <td>{line.reference}</td>
                    <td>{kwacha(line.credit)}</td>
                    <td>{kwacha(line.debit)}</td>
                    <td>{kwacha(line.balance)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <dl class="expense-totals">
            {AGING_BUCKETS.map((bucket) => (
              <Fragment key={bucket}>
                <dt>{t(`sup.aging.${bucket}`)}</dt>
                <dd>{kwacha((statement.data?.aging as Record<string, string>)[bucket] ?? '0')}</dd>
              </Fragment>
            ))}
          </dl>
        </>
      )}
    </>
  );
}
