import { useCallback, useState } from 'preact/hooks';
import { invite, listInvitations, resendInvitation, revokeInvitation, type Invitation, type Role } from '../../api/team';
import { ProblemNotice } from '../../components/ProblemNotice';
import { useSession } from '../../app/session';
import { DataTable, type Column } from '../../components/DataTable';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { SubmitButton } from '../../components/SubmitButton';
import { useAction } from '../../components/useAction';
import { ErrorSummary } from '../../components/ErrorSummary';
import { TextField } from '../../components/Field';
import { EmptyState } from '../../components/States';
import { showToast } from '../../components/toasts';
import { useCursorPages, type Page, type PageQuery } from '../../components/useCursorPages';
import { requiredEmail, useForm, type FormSpec } from '../../components/useForm';
import { formatDate, lusakaDateOf } from '../../format/dates';
import { t } from './messages';
import { FormProblems, useGuardedForm } from '../../components/guardedForm';
import { grantable, roleName, useRoles } from './fields';
import { SelectField } from '../../components/SelectField';
import { TeamFrame, useOrganizationId } from './TeamFrame';

const PAGE_SIZE = 20;

/** The role offered first: day-to-day work, not the books. */
const DEFAULT_ROLE = 'staff';

/** `/team/invitations`: invite someone by e-mail with a role; resend or withdraw pending invitations. */
export default function InvitationsScreen() {
  const orgId = useOrganizationId();
  const session = useSession();
  const roles = useRoles(orgId);
  const [generation, setGeneration] = useState(0);
  return (
    <TeamFrame id="invitations" title={t('invitations.title')}>
      {session.can('users:invite') && roles.data !== undefined && (
        <InviteForm orgId={orgId} roles={roles.data} onInvited={() => setGeneration((n) => n + 1)} />
      )}
      <InvitationsTable key={`${orgId}|${generation}`} orgId={orgId} roles={roles.data} mayInvite={session.can('users:invite')} />
    </TeamFrame>
  );
}

interface Invitee {
  readonly email: string;
  readonly role: string;
}

const INVITEE: FormSpec<Invitee> = {
  email: { initial: '', validate: requiredEmail },
  role: { initial: DEFAULT_ROLE },
};
const INVITE_OPTIONS = { idPrefix: 'invite-member' } as const;


function InviteForm({ orgId, roles, onInvited }: { readonly orgId: string; readonly roles: readonly Role[]; readonly onInvited: () => void }) {
  const form = useForm(INVITEE, INVITE_OPTIONS);
  const guard = useGuardedForm(form);
  const own = useSession().currentOrganization?.permissions ?? [];
  const choices = grantable(roles, own);

  const save = async (): Promise<void> => {
    const email = form.values.email.trim();
    const chosen = choices.some((role) => role.key === form.values.role) ? form.values.role : (choices[0]?.key ?? DEFAULT_ROLE);
    await invite(orgId, email, chosen);
    showToast(t('invitations.sent', { email }), 'success');
    form.set('email', '');
    onInvited();
  };

  return (
    <section class="invite-form" aria-labelledby="invite-heading">
      <h2 id="invite-heading">{t('invitations.inviteHeading')}</h2>
      <form class="form" noValidate onSubmit={guard.onSubmit(save)}>
        <ErrorSummary items={form.summary} />
        <FormProblems guard={guard} />
        <TextField {...form.field('email')} label={t('invitations.email')} type="email" inputMode="email" autoComplete="off" maxLength={254} />
        <SelectField
          {...form.field('role')}
          label={t('invitations.role')}
          options={choices.map((role) => ({ value: role.key, label: role.name }))}
        />
        <div class="form__actions">
          <SubmitButton label={t('invitations.send')} busy={guard.busy} working={form.submitting} />
        </div>
      </form>
    </section>
  );
}

interface InvitationsTableProps {
  readonly orgId: string;
  readonly roles: readonly Role[] | undefined;
  readonly mayInvite: boolean;
}

function InvitationsTable({ orgId, roles, mayInvite }: InvitationsTableProps) {
  const load = useCallback(
    async ({ cursor, filter, signal }: PageQuery): Promise<Page<Invitation>> => {
      const page = await listInvitations(orgId, { q: filter.trim(), cursor, limit: PAGE_SIZE }, signal);
      return { items: page.items, nextCursor: page.next_cursor };
    },
    [orgId],
  );
  const pages = useCursorPages(load);
  const [withdrawing, setWithdrawing] = useState<Invitation | null>(null);

  const resending = useAction(async (invitation: Invitation) => {
    await resendInvitation(orgId, invitation.id);
    showToast(t('invitations.resent', { email: invitation.email }), 'success');
    pages.reload();
  });

  const withdraw = async (invitation: Invitation): Promise<void> => {
    await revokeInvitation(orgId, invitation.id);
    setWithdrawing(null);
    showToast(t('invitations.revoked', { email: invitation.email }), 'success');
    pages.reload();
  };

  const columns: Column<Invitation>[] = [
    { key: 'email', label: t('team.email'), render: (invitation) => invitation.email },
    { key: 'role', label: t('invitations.role'), render: (invitation) => roleName(roles, invitation.role) },
    { key: 'by', label: t('invitations.invitedBy'), render: (invitation) => invitation.invited_by_name },
    {
      key: 'expires',
      label: t('invitations.expires'),
      render: (invitation) => formatDate(lusakaDateOf(new Date(invitation.expires_at))),
    },
    { key: 'state', label: t('invitations.state'), render: (invitation) => t(`invitations.state.${invitation.status}`) },
    ...(mayInvite
      ? [
          {
            key: 'actions',
            label: t('team.actions'),
            render: (invitation: Invitation) => (
              <div class="row-actions">
                <button
                  type="button"
                  class="button button--quiet"
                  aria-label={t('invitations.resendTo', { email: invitation.email })}
                  disabled={resending.busy}
                  onClick={() => void resending.run(invitation)}
                >
                  {t('invitations.resend')}
                </button>
                <button
                  type="button"
                  class="button button--quiet"
                  aria-label={t('invitations.revokeOf', { email: invitation.email })}
                  onClick={() => setWithdrawing(invitation)}
                >
                  {t('invitations.revoke')}
                </button>
              </div>
            ),
          },
        ]
      : []),
  ];

  return (
    <>
      <h2>{t('invitations.caption')}</h2>
      <ProblemNotice error={pages.error} />
      <ProblemNotice error={resending.failure} />
      <DataTable
        caption={t('invitations.caption')}
        columns={columns}
        rows={pages.rows}
        rowKey={(invitation) => invitation.id}
        filter={pages.filter}
        onFilter={pages.onFilter}
        loading={pages.loading}
        paging={pages.paging}
        empty={<EmptyState title={t('invitations.empty')} />}
      />
      {withdrawing !== null && (
        <ConfirmDialog
          title={t('invitations.revokeTitle', { email: withdrawing.email })}
          confirmLabel={t('invitations.revoke')}
          onClose={() => setWithdrawing(null)}
          onConfirm={() => withdraw(withdrawing)}
        >
          <p>{t('invitations.revokeBody')}</p>
        </ConfirmDialog>
      )}
    </>
  );
}
