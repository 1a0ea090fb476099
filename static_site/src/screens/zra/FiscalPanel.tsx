import type { Fiscal } from '../../api/zra';
import { fiscaliseInvoice } from '../../api/zra';
import { ProblemNotice } from '../../components/ProblemNotice';
import { showToast } from '../../components/toasts';
import { useAction } from '../../components/useAction';
import { useZraAccess } from './access';
import { formatFiscalTime, isShownStatus } from './display';
import { FiscalBadge } from './FiscalBadge';
import { t, tCount } from './messages';

interface FiscalPanelProps {
  readonly orgId: string;
  readonly invoiceId: string;
  readonly fiscal: Fiscal;
  /** Called once a refused invoice is queued again, so the page shows its new status. */
  readonly onRequeued: () => void;
}

/**
 * An invoice's standing with ZRA Smart Invoice, from its `fiscal` object: ZRA's receipt once
 * signed, what it is waiting for while pending, ZRA's words and a retry when refused. A draft
 * (`not_issued`) and a Turnover Tax business's invoice (`not_required`) show nothing.
 */
export function FiscalPanel({ orgId, invoiceId, fiscal, onRequeued }: FiscalPanelProps) {
  const access = useZraAccess();
  const retry = useAction(async () => {
    await fiscaliseInvoice(orgId, invoiceId);
    showToast(t('zra.panel.requeued'), 'success');
    onRequeued();
  });
  if (!isShownStatus(fiscal.status)) {
    return null;
  }
  return (
    <section class="zra-panel" aria-labelledby="invoice-zra-title">
      <h2 id="invoice-zra-title">
        {t('zra.panel.title')} <FiscalBadge status={fiscal.status} />
      </h2>
      {fiscal.status === 'fiscalised' && <Receipt fiscal={fiscal} />}
      {(fiscal.status === 'pending' || fiscal.status === 'retrying') && (
        <div class="zra-panel__waiting">
          <p>{t('zra.panel.waiting')}</p>
          {fiscal.attempts > 0 && <p class="muted">{tCount('zra.panel.attempts', fiscal.attempts)}</p>}
          {fiscal.last_error !== null && fiscal.last_error !== undefined && fiscal.last_error !== '' && (
            <p class="muted">{t('zra.panel.lastError', { error: fiscal.last_error })}</p>
          )}
        </div>
      )}
      {fiscal.status === 'rejected' && (
        <div class="zra-panel__rejected">
          <p>{t('zra.panel.rejected')}</p>
          <blockquote class="zra-words">
            {fiscal.last_error ?? t('zra.panel.noReason')}
            {fiscal.last_result_code !== null && fiscal.last_result_code !== undefined && <span class="muted"> ({t('zra.resultCode', { code: fiscal.last_result_code })})</span>}
          </blockquote>
          {access.can('zra:manage') ? (
            <>
              <p class="muted">{t('zra.panel.retryHint')}</p>
              <ProblemNotice error={retry.failure} />
              <button type="button" class="button" disabled={retry.busy} onClick={() => void retry.run()}>
                {retry.busy ? t('action.working') : t('zra.retry')}
              </button>
            </>
          ) : (
            <p class="muted">{t('zra.panel.askToRetry')}</p>
          )}
        </div>
      )}
    </section>
  );
}

function Receipt({ fiscal }: { readonly fiscal: Fiscal }) {
  const present = (value: string | number | null | undefined): value is string | number => value !== null && value !== undefined && value !== '';
  return (
    <>
      <dl class="zra-facts">
        {present(fiscal.receipt_number) && (
          <div>
            <dt>{t('zra.receipt.number')}</dt>
            <dd data-testid="zra-receipt-number">{fiscal.receipt_number}</dd>
          </div>
        )}
        {present(fiscal.sdc_id) && (
          <div>
            <dt>{t('zra.receipt.sdcId')}</dt>
            <dd>{fiscal.sdc_id}</dd>
          </div>
        )}
        {present(fiscal.mrc_no) && (
          <div>
            <dt>{t('zra.receipt.mrcNo')}</dt>
            <dd>{fiscal.mrc_no}</dd>
          </div>
        )}
        {present(fiscal.fiscal_at) && (
          <div>
            <dt>{t('zra.receipt.fiscalAt')}</dt>
            <dd>{formatFiscalTime(fiscal.fiscal_at)}</dd>
          </div>
        )}
        {present(fiscal.internal_data) && (
          <div>
            <dt>{t('zra.receipt.internalData')}</dt>
            <dd class="zra-code">{fiscal.internal_data}</dd>
          </div>
        )}
        {present(fiscal.signature) && (
          <div>
            <dt>{t('zra.receipt.signature')}</dt>
            <dd class="zra-code">{fiscal.signature}</dd>
          </div>
        )}
      </dl>
      {present(fiscal.qr_url) && (
        <p>
          <a href={fiscal.qr_url} target="_blank" rel="noopener noreferrer">
            {t('zra.receipt.verify')}
          </a>
        </p>
      )}
    </>
  );
}
