import { t, tCount } from '../i18n';
import { useOnline, useOutbox } from '../offline/hooks';
import { Link } from './Link';

interface OfflineBannerProps {
  /** The app started offline and shows the person remembered on this phone, not yet confirmed. */
  readonly unconfirmed?: boolean;
}

/**
 * Says when the phone is offline (and, after an offline start, that the sign-in is checked on
 * reconnect), and when saved changes are waiting or need the person's attention, with a way
 * to the pending changes. The live region is always in the page, so
 * screen readers announce each change of what it says.
 */
export function OfflineBanner({ unconfirmed = false }: OfflineBannerProps) {
  const online = useOnline();
  const changes = useOutbox() ?? [];
  const waiting = changes.filter((change) => change.state === 'waiting' || change.state === 'sending').length;
  const needReview = changes.filter((change) => change.state === 'conflict' || change.state === 'rejected').length;
  const lines = [
    ...(online ? [] : [t('offline.banner')]),
    ...(unconfirmed ? [t('offline.unconfirmed')] : []),
    ...(waiting > 0 && !online ? [tCount('offline.waiting', waiting)] : []),
    ...(needReview > 0 ? [tCount('offline.review', needReview)] : []),
  ];
  return (
    <div class="offline-banner-region" role="status">
      {lines.length > 0 && (
        <div class={needReview > 0 ? 'offline-banner offline-banner--review' : 'offline-banner'}>
          {lines.map((line) => (
            <p key={line}>{line}</p>
          ))}
          {changes.length > 0 && (
            <p>
              <Link href="/pending">{t('offline.viewPending')}</Link>
            </p>
          )}
        </div>
      )}
    </div>
  );
}
