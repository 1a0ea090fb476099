import { useCallback, useState } from 'preact/hooks';
import { ApiNetworkError, ApiTimeoutError } from '../../api/client';
import { getCodes, syncCodes, type Codes } from '../../api/zra';
import { useResource } from '../../app/useResource';
import { ProblemNotice } from '../../components/ProblemNotice';
import { Skeleton } from '../../components/States';
import { showToast } from '../../components/toasts';
import { useAction } from '../../components/useAction';
import { formatDateTime } from '../../format/dates';
import { t, tCount } from './messages';
import { hasCode, ZRA_CODES } from './problems';

/**
 * ZRA's standard codes as IntelliFin holds them (they give the tax rates each invoice is sent
 * with): when they were last fetched, and a fetch on demand. They are also refreshed every night.
 */
export function CodesStatus({ orgId }: { readonly orgId: string }) {
  const load = useCallback((signal: AbortSignal) => getCodes(orgId, signal), [orgId]);
  const loaded = useResource(load);
  const [fetched, setFetched] = useState<Codes | null>(null);
  const sync = useAction(async () => {
    setFetched(await syncCodes(orgId));
    showToast(t('zra.codes.synced'), 'success');
  });
  const codes = fetched ?? loaded.data;
  if (codes === undefined) {
    return loaded.error === undefined ? <Skeleton label={t('screen.loading')} lines={2} /> : <ProblemNotice error={loaded.error} />;
  }
  const noAnswer = hasCode(sync.failure, ZRA_CODES.unreachable) || sync.failure instanceof ApiTimeoutError || sync.failure instanceof ApiNetworkError;
  const rates = Object.entries(codes.rates).sort(([a], [b]) => a.localeCompare(b));
  return (
    <section class="zra-codes" aria-labelledby="zra-codes-title" data-testid="zra-codes">
      <h2 id="zra-codes-title">{t('zra.codes.title')}</h2>
      <p>
        {codes.synced_at === null
          ? t('zra.codes.never')
          : `${t('zra.codes.syncedAt', { time: formatDateTime(codes.synced_at) })} ${tCount('zra.codes.count', codes.code_count)}`}
      </p>
      <p data-testid="zra-item-classes">
        {codes.item_classes_synced_at === null || codes.item_classes_synced_at === undefined
          ? t('zra.codes.classesNever')
          : tCount('zra.codes.classes', codes.item_class_count)}
      </p>
      {rates.length > 0 && (
        <dl class="zra-facts">
          {rates.map(([code, rate]) => (
            <div key={code}>
              <dt>{t('zra.codes.rate', { code })}</dt>
              <dd>{`${trimmed(rate)}%`}</dd>
            </div>
          ))}
        </dl>
      )}
      {noAnswer ? (
        <div class="notice notice--error" role="alert">
          <p class="notice__title">{t('zra.initialise.noAnswer')}</p>
          <p>{t('zra.codes.keptBody')}</p>
        </div>
      ) : (
        <ProblemNotice error={sync.failure} />
      )}
      <button type="button" class="button button--quiet" disabled={sync.busy} onClick={() => void sync.run()}>
        {sync.busy ? t('zra.codes.working') : t('zra.codes.sync')}
      </button>
    </section>
  );
}

/** `"16.00"` → `"16"`, `"1.50"` → `"1.5"`: a rate as people write it, from the decimal string. */
function trimmed(wire: string): string {
  return wire.includes('.') ? wire.replace(/0+$/, '').replace(/\.$/, '') : wire;
}
