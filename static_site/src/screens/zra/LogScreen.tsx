import { useCallback } from 'preact/hooks';
import { listCalls, type VsdcCall } from '../../api/zra';
import { ProblemNotice } from '../../components/ProblemNotice';
import { EmptyState, Skeleton } from '../../components/States';
import { useCursorPages, type PageQuery } from '../../components/useCursorPages';
import { formatDateTime } from '../../format/dates';
import { t, tCount } from './messages';
import { Pages } from './Pages';
import { ZraFrame, type ZraScope } from './ZraFrame';

export const PAGE_SIZE = 25;

/** `/zra/log`: every call IntelliFin made to the VSDC, newest first; each opens to show what was sent and what came back. */
export default function LogScreen() {
  return <ZraFrame titleId="zra-log-title" title={t('zra.log.title')} current="log" permission="zra:manage" children={(scope) => <Calls scope={scope} />} />;
}

function Calls({ scope }: { readonly scope: ZraScope }) {
  const { orgId } = scope;
  const load = useCallback(
    async ({ cursor, signal }: PageQuery) => {
      const page = await listCalls(orgId, { cursor, limit: PAGE_SIZE }, signal);
      return { items: page.items, nextCursor: page.next_cursor };
    },
    [orgId],
  );
  const pages = useCursorPages<VsdcCall>(load);
  const { rows, loading, error } = pages;
  return (
    <div class="zra-log">
      <p class="muted">{t('zra.log.intro')}</p>
      <ProblemNotice error={error} />
      <p class="visually-hidden" role="status">
        {loading ? t('zra.log.loading') : tCount('zra.log.shown', rows.length)}
      </p>
      {rows.length === 0 && loading ? (
        <Skeleton label={t('zra.log.loading')} lines={5} />
      ) : rows.length === 0 && error === undefined ? (
        <EmptyState title={t('zra.log.emptyTitle')} body={t('zra.log.emptyBody')} />
      ) : (
        <ul class={loading ? 'zra-rows zra-rows--loading' : 'zra-rows'} aria-label={t('zra.log.title')} aria-busy={loading}>
          {rows.map((call) => (
            <CallRow key={call.id} call={call} />
          ))}
        </ul>
      )}
      <Pages paging={pages.paging} loading={loading} />
    </div>
  );
}

function CallRow({ call }: { readonly call: VsdcCall }) {
  const answered = call.result_code === null ? (call.http_status === null ? t('zra.log.noAnswer') : `HTTP ${call.http_status}`) : t('zra.resultCode', { code: call.result_code });
  return (
    <li class="zra-row" data-testid="zra-call">
      <details>
        <summary>
          <strong>{call.endpoint}</strong> · {answered} · {t('zra.log.duration', { ms: call.duration_ms })}
          <br />
          <span class="muted">
            <time dateTime={call.at}>{formatDateTime(call.at)}</time>
            {call.document !== null && ` · ${call.document}`} · {call.outcome}
          </span>
        </summary>
        {call.result_message !== '' && <p>{call.result_message}</p>}
        <p class="zra-code muted">{call.url}</p>
        <p class="zra-payload__title">{t('zra.log.request')}</p>
        <pre class="zra-payload" data-testid="zra-request">
          {call.request}
        </pre>
        <p class="zra-payload__title">{t('zra.log.response')}</p>
        <pre class="zra-payload" data-testid="zra-response">
          {call.response === '' ? t('zra.log.nothing') : call.response}
        </pre>
      </details>
    </li>
  );
}
