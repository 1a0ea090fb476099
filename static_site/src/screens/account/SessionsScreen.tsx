import { useState } from 'preact/hooks';
import { listSessions, revokeSession, type DeviceSession } from '../../api/auth';
import { ProblemNotice } from '../../components/ProblemNotice';
import { navigate } from '../../app/router';
import { signOut } from '../../app/session';
import { useResource } from '../../app/useResource';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Skeleton } from '../../components/States';
import { showToast } from '../../components/toasts';
import { formatDateTime } from '../../format/dates';
import { t } from './messages';
import { AuthPage } from '../auth/common';
import { describeDevice } from './devices';

type Confirming = { readonly kind: 'one'; readonly session: DeviceSession } | { readonly kind: 'everywhere' } | null;

/** `/account/sessions`: every device signed in to the account; sign one out, or all of them. */
export default function SessionsScreen() {
  const sessions = useResource(listSessions);
  const [confirming, setConfirming] = useState<Confirming>(null);

  const confirm = async (asked: NonNullable<Confirming>): Promise<void> => {
    if (asked.kind === 'everywhere' || asked.session.current) {
      await signOut(asked.kind === 'everywhere' ? { everywhere: true } : undefined);
      setConfirming(null);
      showToast(t(asked.kind === 'everywhere' ? 'session.signedOutEverywhere' : 'session.signedOut'), 'success');
      navigate('/sign-in');
      return;
    }
    await revokeSession(asked.session.id);
    setConfirming(null);
    showToast(t('sessions.revoked'), 'success');
    sessions.reload();
  };

  const devices = [...(sessions.data ?? [])].sort((a, b) => Number(b.current) - Number(a.current));

  return (
    <AuthPage id="sessions" title={t('sessions.title')}>
      <p>{t('sessions.intro')}</p>
      {sessions.loading && sessions.data === undefined && <Skeleton label={t('sessions.loading')} lines={3} />}
      <ProblemNotice error={sessions.error} />
      {devices.length > 0 && (
        <ul class="device-list" aria-label={t('sessions.listLabel')}>
          {devices.map((device) => {
            const name = describeDevice(device.user_agent);
            return (
              <li key={device.id} class={device.current ? 'device device--current' : 'device'}>
                <p class="device__name">
                  {name}
                  {device.current && (
                    <>
                      {' '}
                      <span class="badge">{t('sessions.thisDevice')}</span>
                    </>
                  )}
                </p>
                <p class="muted">{t('sessions.lastUsed', { time: formatDateTime(device.last_used_at) })}</p>
                <p class="muted">{t('sessions.signedInAt', { time: formatDateTime(device.created_at) })}</p>
                {device.ip_address !== null && <p class="muted">{t('sessions.address', { address: device.ip_address })}</p>}
                {device.mfa_verified && <p class="muted">{t('sessions.withMfa')}</p>}
                <button
                  type="button"
                  class="button button--quiet"
                  aria-label={t('sessions.revokeOf', { device: device.current ? t('sessions.thisDevice') : name })}
                  onClick={() => setConfirming({ kind: 'one', session: device })}
                >
                  {t('sessions.signOut')}
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {sessions.data !== undefined && (
        <button type="button" class="button button--danger" onClick={() => setConfirming({ kind: 'everywhere' })}>
          {t('sessions.everywhere')}
        </button>
      )}
      {confirming !== null && (
        <ConfirmDialog
          title={t(confirming.kind === 'everywhere' ? 'session.signOutEverywhereTitle' : 'sessions.revokeTitle')}
          confirmLabel={t(confirming.kind === 'everywhere' ? 'session.signOutEverywhereConfirm' : 'sessions.revoke')}
          onClose={() => setConfirming(null)}
          onConfirm={() => confirm(confirming)}
        >
          <p>
            {confirming.kind === 'everywhere'
              ? t('session.signOutEverywhereBody')
              : t('sessions.revokeBody', {
                  device: confirming.session.current ? t('sessions.thisDevice') : describeDevice(confirming.session.user_agent),
                })}
          </p>
        </ConfirmDialog>
      )}
    </AuthPage>
  );
}
