import { useCallback } from 'preact/hooks';
import { listDevices } from '../../api/zra';
import { useResource } from '../../app/useResource';
import { ProblemNotice } from '../../components/ProblemNotice';
import { Skeleton } from '../../components/States';
import { t } from './messages';

/**
 * The organization's branches as ZRA knows them: one VSDC device each (its own address, serial
 * and SDC id). An invoice goes through the device of the branch it is issued from.
 */
export function Branches({ orgId }: { readonly orgId: string }) {
  const load = useCallback((signal: AbortSignal) => listDevices(orgId, signal), [orgId]);
  const loaded = useResource(load);
  if (loaded.data === undefined) {
    return loaded.error === undefined ? <Skeleton label={t('screen.loading')} lines={2} /> : <ProblemNotice error={loaded.error} />;
  }
  return (
    <section class="zra-branches" aria-labelledby="zra-branches-title" data-testid="zra-branches">
      <h2 id="zra-branches-title">{t('zra.branches.title')}</h2>
      <p>{t('zra.branches.body')}</p>
      <dl class="zra-facts">
        {loaded.data.items.map((device) => (
          <div key={device.branch_id}>
            <dt>{t('zra.branches.branch', { branch: device.branch_id ?? '', name: device.branch_name ?? '' }).trim()}</dt>
            <dd>{device.initialised ? t('zra.branches.initialised', { sdc: device.sdc_id ?? '' }) : t('zra.branches.notInitialised')}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
