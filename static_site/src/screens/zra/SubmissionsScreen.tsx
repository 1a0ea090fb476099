import { useCallback, useState } from 'preact/hooks';
import { fiscaliseInvoice, listSubmissions, type Submission, type SubmissionFilter } from '../../api/zra';
import { Link } from '../../app/Link';
import { ProblemNotice } from '../../components/ProblemNotice';
import { EmptyState, Skeleton } from '../../components/States';
import { showToast } from '../../components/toasts';
import { useAction } from '../../components/useAction';
import { useCursorPages, type PageQuery } from '../../components/useCursorPages';
import { formatDateTime } from '../../format/dates';
import { documentTypeLabel, formatFiscalTime, submissionFilterLabel, SUBMISSION_FILTERS } from './display';
import { FiscalBadge } from './FiscalBadge';
import { t, tCount } from './messages';
import { invoicePath } from './paths';
import { Pages } from './Pages';
import { ZraFrame, type ZraScope } from './ZraFrame';

export const PAGE_SIZE = 25;

/** `/zra/submissions`: every document sent (or to send) to ZRA, newest first, by status, with a retry for refused invoices. */
export default function SubmissionsScreen() {
  return (
    <ZraFrame
      titleId="zra-submissions-title"
      title={t('zra.submissions.title')}
      current="submissions"
      permission="invoices:read"
      children={(scope) => <Submissions scope={scope} />}
    />
  );
}

function Submissions({ scope }: { readonly scope: ZraScope }) {
  const [status, setStatus] = useState<SubmissionFilter | ''>('');
  return (
    <div class="zra-submissions">
      <fieldset class="zra-filters">
        <legend class="visually-hidden">{t('zra.submissions.filter')}</legend>
        {SUBMISSION_FILTERS.map((filter) => (
          <button key={filter} type="button" class={status === filter ? 'chip chip--on' : 'chip'} aria-pressed={status === filter} onClick={() => setStatus(filter)}>
            {submissionFilterLabel(filter)}
          </button>
        ))}
      </fieldset>
      {/* A new filter starts again from the first page. */}
      <SubmissionPages key={status} scope={scope} status={status} />
    </div>
  );
}

function SubmissionPages({ scope, status }: { readonly scope: ZraScope; readonly status: SubmissionFilter | '' }) {
  const { orgId } = scope;
  const load = useCallback(
    async ({ cursor, signal }: PageQuery) => {
      const page = await listSubmissions(orgId, { status: status === '' ? undefined : status, cursor, limit: PAGE_SIZE }, signal);
      return { items: page.items, nextCursor: page.next_cursor };
    },
    [orgId, status],
  );
  const pages = useCursorPages<Submission>(load);
  const { rows, loading, error } = pages;
  return (
    <>
      <ProblemNotice error={error} />
      <p class="visually-hidden" role="status">
        {loading ? t('zra.submissions.loading') : tCount('zra.submissions.shown', rows.length)}
      </p>
      {rows.length === 0 && loading ? (
        <Skeleton label={t('zra.submissions.loading')} lines={5} />
      ) : rows.length === 0 && error === undefined ? (
        status === '' ? (
          <EmptyState title={t('zra.submissions.emptyTitle')} body={t('zra.submissions.emptyBody')} />
        ) : (
          <p class="muted">{t('zra.submissions.noMatch')}</p>
        )
      ) : (
        <ul class={loading ? 'zra-rows zra-rows--loading' : 'zra-rows'} aria-label={t('zra.submissions.title')} aria-busy={loading}>
          {rows.map((row) => (
            <SubmissionRow key={row.id} scope={scope} submission={row} onRequeued={pages.reload} />
          ))}
        </ul>
      )}
      <Pages paging={pages.paging} loading={loading} />
    </>
  );
}

function SubmissionRow({ scope, submission, onRequeued }: { readonly scope: ZraScope; readonly submission: Submission; readonly onRequeued: () => void }) {
  const { fiscal } = submission;
  const isInvoice = submission.document_type === 'invoice';
  const retry = useAction(async () => {
    await fiscaliseInvoice(scope.orgId, submission.document_id);
    showToast(t('zra.submissions.requeued', { number: submission.document_number }), 'success');
    onRequeued();
  });
  const label = `${documentTypeLabel(submission.document_type)} ${submission.document_number}`;
  return (
    <li class="zra-row" data-testid="zra-submission">
      <p class="zra-row__head">
        <strong>{isInvoice ? <Link href={invoicePath(submission.document_id)}>{label}</Link> : label}</strong>
        <FiscalBadge status={fiscal.status} />
      </p>
      <dl class="zra-facts">
        {fiscal.receipt_number !== null && fiscal.receipt_number !== undefined && (
          <div>
            <dt>{t('zra.receipt.number')}</dt>
            <dd>{fiscal.receipt_number}</dd>
          </div>
        )}
        {fiscal.fiscal_at !== null && fiscal.fiscal_at !== undefined && (
          <div>
            <dt>{t('zra.receipt.fiscalAt')}</dt>
            <dd>{formatFiscalTime(fiscal.fiscal_at)}</dd>
          </div>
        )}
        {(fiscal.status === 'pending' || fiscal.status === 'retrying') && (
          <div>
            <dt>{t('zra.submissions.nextAttempt')}</dt>
            <dd>{formatDateTime(submission.next_attempt_at)}</dd>
          </div>
        )}
        {fiscal.attempts > 0 && fiscal.status !== 'fiscalised' && (
          <div>
            <dt>{t('zra.submissions.attempts')}</dt>
            <dd>{fiscal.attempts}</dd>
          </div>
        )}
        <div>
          <dt>{t('zra.submissions.branch')}</dt>
          <dd>{submission.branch_id}</dd>
        </div>
      </dl>
      {fiscal.status === 'rejected' && (
        <blockquote class="zra-words">
          {fiscal.last_error ?? t('zra.panel.noReason')}
          {fiscal.last_result_code !== null && fiscal.last_result_code !== undefined && <span class="muted"> ({t('zra.resultCode', { code: fiscal.last_result_code })})</span>}
        </blockquote>
      )}
      {fiscal.status === 'retrying' && fiscal.last_error !== null && fiscal.last_error !== undefined && (
        <p class="muted">{t('zra.panel.lastError', { error: fiscal.last_error })}</p>
      )}
      {fiscal.status === 'rejected' && isInvoice && scope.access.can('zra:manage') && (
        <>
          <ProblemNotice error={retry.failure} />
          <button type="button" class="button" disabled={retry.busy} aria-label={t('zra.submissions.retryLabel', { number: submission.document_number })} onClick={() => void retry.run()}>
            {retry.busy ? t('action.working') : t('zra.retry')}
          </button>
        </>
      )}
    </li>
  );
}
