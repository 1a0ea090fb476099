import type { InvoiceTotals } from '../../api/invoices';
import { ProblemNotice } from '../../components/ProblemNotice';
import { formatAmount } from './amounts';
import { categoryLabel } from './display';
import { t } from './messages';

interface TaxBreakdownProps {
  readonly totals: InvoiceTotals;
  readonly currency: string;
  readonly captionId: string;
  readonly caption: string;
}

/**
 * An invoice's totals as the server computed them: each VAT category and levy (taxable
 * amount, rate, tax), then the taxable total, the tax, the total and what the customer owes.
 */
export function TaxBreakdown({ totals, currency, captionId, caption }: TaxBreakdownProps) {
  const money = (wire: string): string => formatAmount(wire, currency);
  return (
    <div class="tax-breakdown">
      <table class="tax-breakdown__buckets" aria-labelledby={captionId}>
        <caption id={captionId}>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('invoices.totals.category')}</th>
            <th scope="col" class="numeric">
              {t('invoices.totals.taxable')}
            </th>
            <th scope="col" class="numeric">
              {t('invoices.totals.tax')}
            </th>
          </tr>
        </thead>
        <tbody>
          {totals.buckets.map((bucket) => (
            <tr key={bucket.code}>
              <th scope="row">
                {categoryLabel(bucket.code)} <span class="muted">({t('invoices.totals.rate', { rate: trimRate(bucket.rate) })})</span>
              </th>
              <td class="numeric">{money(bucket.taxable_amount)}</td>
              <td class="numeric">{money(bucket.tax_amount)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <dl class="totals">
        <div>
          <dt>{t('invoices.totals.totalTaxable')}</dt>
          <dd>{money(totals.total_taxable)}</dd>
        </div>
        <div>
          <dt>{t('invoices.totals.totalTax')}</dt>
          <dd>{money(totals.total_tax)}</dd>
        </div>
        <div>
          <dt>{t('invoices.totals.total')}</dt>
          <dd>{money(totals.total_amount)}</dd>
        </div>
        <div class="totals__due">
          <dt>{t('invoices.totals.amountDue')}</dt>
          <dd data-testid="amount-due">{money(totals.amount_due)}</dd>
        </div>
      </dl>
    </div>
  );
}

/** `"16.00"` → `16`, `"0.5"` → `0.5`: a percentage as people write it. */
function trimRate(rate: string): string {
  return rate.includes('.') ? rate.replace(/0+$/, '').replace(/\.$/, '') : rate;
}

interface PreviewPanelProps {
  readonly totals: InvoiceTotals | null;
  readonly currency: string;
  readonly pending: boolean;
  /** Why there is no preview: nothing to preview yet, or the server refused the draft. */
  readonly waitingFor: 'lines' | 'problems' | null;
  readonly failure: unknown;
}

/** The live preview: the server's totals of the draft, with what is happening said in words. */
export function PreviewPanel({ totals, currency, pending, waitingFor, failure }: PreviewPanelProps) {
  const status = pending
    ? t('invoices.preview.updating')
    : waitingFor === 'lines'
      ? t('invoices.preview.needLines')
      : waitingFor === 'problems'
        ? t('invoices.preview.refused')
        : totals === null
          ? ''
          : t('invoices.preview.ready', { total: formatAmount(totals.amount_due, currency) });
  return (
    <section class="invoice-preview" aria-labelledby="invoice-preview-title">
      <h2 id="invoice-preview-title">{t('invoices.preview.title')}</h2>
      <p id="invoice-preview-status" class="invoice-preview__status" role="status">
        {status}
      </p>
      <ProblemNotice error={failure} />
      {totals !== null && (
        <div class={pending ? 'invoice-preview__totals invoice-preview__totals--stale' : 'invoice-preview__totals'}>
          <TaxBreakdown totals={totals} currency={currency} captionId="invoice-preview-caption" caption={t('invoices.preview.caption')} />
        </div>
      )}
    </section>
  );
}
