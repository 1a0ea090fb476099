import { useCallback, useEffect, useState } from 'preact/hooks';
import { getOrganizationSecurity, setOrganizationSecurity } from '../../api/team';
import { ProblemNotice } from '../../components/ProblemNotice';
import { useSession } from '../../app/session';
import { useResource } from '../../app/useResource';
import { Skeleton } from '../../components/States';
import { SubmitButton } from '../../components/SubmitButton';
import { showToast } from '../../components/toasts';
import { useAction } from '../../components/useAction';
import { t } from './messages';
import { TeamFrame, useOrganizationId } from './TeamFrame';

/** `/team/security` (owners): require two-step sign-in of every member. */
export default function OrganizationSecurityScreen() {
  const orgId = useOrganizationId();
  const session = useSession();
  const load = useCallback((signal: AbortSignal) => getOrganizationSecurity(orgId, signal), [orgId]);
  const settings = useResource(load);
  const [requireMfa, setRequireMfa] = useState(false);
  const saving = useAction(async () => {
    const saved = await setOrganizationSecurity(orgId, { require_mfa: requireMfa });
    setRequireMfa(saved.require_mfa);
    showToast(t('organizationSecurity.saved'), 'success');
    void session.refreshMe().catch(() => undefined);
  });

  useEffect(() => {
    if (settings.data !== undefined) {
      setRequireMfa(settings.data.require_mfa);
    }
  }, [settings.data]);

  const save = (event: Event): void => {
    event.preventDefault();
    void saving.run();
  };

  return (
    <TeamFrame id="organization-security" title={t('organizationSecurity.title')}>
      <ProblemNotice error={settings.error} />
      {settings.data === undefined ? (
        settings.loading && <Skeleton label={t('organizationSecurity.loading')} lines={2} />
      ) : (
        <form class="form" noValidate onSubmit={save}>
          <ProblemNotice error={saving.failure} />
          <div class="field">
            <label class="choice">
              <input
                type="checkbox"
                aria-describedby="organization-security-hint"
                checked={requireMfa}
                onChange={(event) => setRequireMfa(event.currentTarget.checked)}
              />
              <span class="field__label">{t('organizationSecurity.requireMfa')}</span>
            </label>
            <p class="field__hint" id="organization-security-hint">
              {t('organizationSecurity.requireMfaHint', { organization: session.currentOrganization?.name ?? '' })}
            </p>
          </div>
          <div class="form__actions">
            <SubmitButton label={t('organizationSecurity.save')} busy={saving.busy} disabled={requireMfa === settings.data.require_mfa} />
          </div>
        </form>
      )}
    </TeamFrame>
  );
}
