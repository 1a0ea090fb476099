/**
 * `/organizations`: the businesses this person works on, a way to open each, to create
 * another (or the first: the empty state), to continue a half-filled wizard, and to restore
 * one they scheduled for deletion from this phone.
 */
import { useEffect, useState } from 'preact/hooks';
import { ApiProblem } from '../../api/client';
import { ProblemNotice } from '../../components/ProblemNotice';
import { Link } from '../../app/Link';
import { isPlainLeftClick, navigate } from '../../app/router';
import { EmptyState } from '../../components/States';
import { showToast } from '../../components/toasts';
import { useAction } from '../../components/useAction';
import { formatDate, lusakaDateOf } from '../../format/dates';
import { t } from './messages';
import { restoreOrganization } from '../../api/organizations';
import { forgetDeletion, scheduledDeletions, type ScheduledDeletion } from './deletions';
import { loadDraft, type Draft } from './draft';
import { HOME_PATH, WIZARD_PATH } from './paths';
import { singleSpaced } from './rules';
import { useOrgSession } from './sessionAdapter';
import './organization.css';

export default function OrganizationsScreen() {
  const session = useOrgSession();
  const [draft, setDraft] = useState<Draft | undefined>(undefined);
  const [deletions, setDeletions] = useState<ScheduledDeletion[]>(() => scheduledDeletions(session.userId));

  useEffect(() => {
    let current = true;
    loadDraft(session.userId).then(
      (saved) => current && setDraft(saved),
      () => undefined,
    );
    setDeletions(scheduledDeletions(session.userId));
    return () => {
      current = false;
    };
  }, [session.userId]);

  const open = (id: string): void => {
    void session.switchOrganization(id);
    navigate(HOME_PATH);
  };

  const restoring = useAction(async (deletion: ScheduledDeletion) => {
    try {
      await restoreOrganization(deletion.id);
    } catch (error) {
      if (error instanceof ApiProblem && error.status === 404) {
        // Already restored, or past its grace period: nothing more to offer.
        forgetDeletion(session.userId, deletion.id);
        setDeletions(scheduledDeletions(session.userId));
      }
      throw error;
    }
    forgetDeletion(session.userId, deletion.id);
    setDeletions(scheduledDeletions(session.userId));
    await session.refreshMe().catch(() => undefined);
    showToast(t('org.list.restored', { name: deletion.name }), 'success');
  });

  const draftName = draft === undefined ? '' : singleSpaced(draft.values.trading_name) || singleSpaced(draft.values.legal_name);
  const hasDraft = draft !== undefined && (draft.run !== null || draftName !== '');

  return (
    <section class="screen" aria-labelledby="org-list-title">
      <div class="screen__header">
        <h1 id="org-list-title">{t('org.list.title')}</h1>
        {session.organizations.length > 0 && (
          <a class="button org-link-button" href={WIZARD_PATH} onClick={(event) => linkTo(event, WIZARD_PATH)}>
            {t('org.list.create')}
          </a>
        )}
      </div>
      {hasDraft && (
        <div class="notice">
          <p>{draftName === '' ? t('org.list.draftUnnamed') : t('org.list.draft', { name: draftName })}</p>
          <Link href={WIZARD_PATH}>{t('org.list.continue')}</Link>
        </div>
      )}
      {session.organizations.length === 0 ? (
        <EmptyState
          title={t('org.list.emptyTitle')}
          body={t('org.list.emptyBody')}
          action={
            <a class="button org-link-button" href={WIZARD_PATH} onClick={(event) => linkTo(event, WIZARD_PATH)}>
              {t('org.list.create')}
            </a>
          }
        />
      ) : (
        <ul class="org-list">
          {session.organizations.map((organization) => {
            const current = organization.id === session.currentOrganization?.id;
            return (
              <li key={organization.id} class="org-list__item">
                <span class="org-list__name">{organization.name}</span>
                {organization.role !== undefined && <span class="muted">{roleName(organization.role)}</span>}
                {current ? (
                  <span class="org-list__current">{t('org.list.current')}</span>
                ) : (
                  <button type="button" class="button button--quiet" onClick={() => open(organization.id)} aria-label={t('org.list.openNamed', { name: organization.name })}>
                    {t('org.list.open')}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {deletions.length > 0 && (
        <section aria-labelledby="org-deleted-title">
          <h2 id="org-deleted-title">{t('org.list.deletedTitle')}</h2>
          <ul class="org-list">
            {deletions.map((deletion) => (
              <li key={deletion.id} class="org-list__item">
                <span class="org-list__name">{deletion.name}</span>
                <span class="muted">{t('org.list.deletedOn', { date: formatDate(lusakaDateOf(new Date(deletion.dueAt))) })}</span>
                <button type="button" class="button button--quiet" disabled={restoring.busy} onClick={() => void restoring.run(deletion)} aria-label={t('org.list.restoreNamed', { name: deletion.name })}>
                  {t('org.list.restore')}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      <ProblemNotice error={restoring.failure} />
    </section>
  );
}

/** A link drawn as a button ("Create organization"), that changes screen without a reload. */
export function linkTo(event: MouseEvent, path: string): void {
  if (isPlainLeftClick(event)) {
    event.preventDefault();
    navigate(path);
  }
}

/** Built-in roles by name; custom roles (`custom:<slug>`) as their slug. */
export function roleName(role: string): string {
  switch (role) {
    case 'owner':
      return t('org.role.owner');
    case 'admin':
      return t('org.role.admin');
    default:
      return role.startsWith('custom:') ? role.slice('custom:'.length) : role;
  }
}
