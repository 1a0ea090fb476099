import { useCallback, useState } from 'preact/hooks';
import {
  changeMemberRole,
  deactivateMember,
  listMembers,
  reactivateMember,
  type Member,
  type Role,
} from '../../api/team';
import { ProblemNotice } from '../../components/ProblemNotice';
import { useSession } from '../../app/session';
import { DataTable, type Column, type SortOrder } from '../../components/DataTable';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Dialog } from '../../components/Dialog';
import { SubmitButton } from '../../components/SubmitButton';
import { showToast } from '../../components/toasts';
import { useAction } from '../../components/useAction';
import { useCursorPages, type Page, type PageQuery } from '../../components/useCursorPages';
import { formatDate, lusakaDateOf } from '../../format/dates';
import { t } from './messages';
import { grantable, roleName, useRoles } from './fields';
import { SelectField } from '../../components/SelectField';
import { TeamFrame, useOrganizationId } from './TeamFrame';

const PAGE_SIZE = 20;
const FIRST_SORT: SortOrder = { column: 'name', direction: 'ascending' };
const SORT_KEYS = { name: 'name', email: 'email', joined: 'joined' } as const;

type Status = '' | 'active' | 'deactivated';

/** `/team`: the members of the organization, filtered, sorted and paged; roles and access changed here. */
export default function MembersScreen() {
  const orgId = useOrganizationId();
  const roles = useRoles(orgId);
  const [role, setRole] = useState('');
  const [status, setStatus] = useState<Status>('');

  return (
    <TeamFrame id="members" title={t('team.title')}>
      <div class="team__filters">
        <SelectField
          id="members-role"
          required={false}
          label={t('team.role')}
          value={role}
          options={[{ value: '', label: t('team.allRoles') }, ...(roles.data ?? []).map((item) => ({ value: item.key, label: item.name }))]}
          onInput={setRole}
        />
        <SelectField
          id="members-status"
          required={false}
          label={t('team.status')}
          value={status}
          options={[
            { value: '', label: t('team.everyone') },
            { value: 'active', label: t('team.active') },
            { value: 'deactivated', label: t('team.deactivated') },
          ]}
          onInput={(value) => setStatus(value as Status)}
        />
      </div>
      {/* A new role or status filter starts again from the first page. */}
      <MembersTable key={`${orgId}|${role}|${status}`} orgId={orgId} role={role} status={status} roles={roles.data} />
    </TeamFrame>
  );
}

interface MembersTableProps {
  readonly orgId: string;
  readonly role: string;
  readonly status: Status;
  readonly roles: readonly Role[] | undefined;
}

type Pending = { readonly kind: 'role' | 'deactivate'; readonly member: Member } | null;

function MembersTable({ orgId, role, status, roles }: MembersTableProps) {
  const session = useSession();
  const mayManage = session.can('users:manage');
  const load = useCallback(
    async ({ cursor, sort, filter, signal }: PageQuery): Promise<Page<Member>> => {
      const page = await listMembers(
        orgId,
        {
          role: role === '' ? undefined : role,
          status: status === '' ? undefined : status,
          q: filter.trim(),
          sort: SORT_KEYS[(sort?.column ?? 'name') as keyof typeof SORT_KEYS] ?? 'name',
          order: sort?.direction === 'descending' ? 'desc' : 'asc',
          cursor,
          limit: PAGE_SIZE,
        },
        signal,
      );
      return { items: page.items, nextCursor: page.next_cursor };
    },
    [orgId, role, status],
  );
  const pages = useCursorPages(load, FIRST_SORT);
  const [pending, setPending] = useState<Pending>(null);
  const reactivation = useAction(async (member: Member) => {
    await reactivateMember(orgId, member.user_id);
    showToast(t('team.reactivated', { name: member.full_name }), 'success');
    pages.reload();
  });

  const columns: Column<Member>[] = [
    {
      key: 'name',
      label: t('team.name'),
      sortable: true,
      render: (member) => (member.user_id === session.user?.id ? t('team.you', { name: member.full_name }) : member.full_name),
    },
    { key: 'email', label: t('team.email'), sortable: true, render: (member) => member.email },
    { key: 'role', label: t('team.role'), render: (member) => roleName(roles, member.role) },
    {
      key: 'status',
      label: t('team.status'),
      render: (member) => (
        <span class={member.status === 'active' ? 'state' : 'state state--off'}>
          {t(member.status === 'active' ? 'team.active' : 'team.deactivated')}
        </span>
      ),
    },
    { key: 'mfa', label: t('team.twoStep'), render: (member) => t(member.mfa_enabled ? 'team.on' : 'team.off') },
    { key: 'joined', label: t('team.joined'), sortable: true, render: (member) => formatDate(lusakaDateOf(new Date(member.joined_at))) },
    ...(mayManage
      ? [
          {
            key: 'actions',
            label: t('team.actions'),
            render: (member: Member) =>
              member.status === 'active' ? (
                <div class="row-actions">
                  <button
                    type="button"
                    class="button button--quiet"
                    aria-label={t('team.changeRoleOf', { name: member.full_name })}
                    onClick={() => setPending({ kind: 'role', member })}
                  >
                    {t('team.changeRole')}
                  </button>
                  {member.user_id !== session.user?.id && (
                    // No one is offered to lock themselves out.
                    <button
                      type="button"
                      class="button button--quiet"
                      aria-label={t('team.deactivateOf', { name: member.full_name })}
                      onClick={() => setPending({ kind: 'deactivate', member })}
                    >
                      {t('team.deactivate')}
                    </button>
                  )}
                </div>
              ) : (
                <button
                  type="button"
                  class="button button--quiet"
                  aria-label={t('team.reactivateOf', { name: member.full_name })}
                  disabled={reactivation.busy}
                  onClick={() => void reactivation.run(member)}
                >
                  {t('team.reactivate')}
                </button>
              ),
          },
        ]
      : []),
  ];

  return (
    <>
      <ProblemNotice error={pages.error} />
      <ProblemNotice error={reactivation.failure} />
      <DataTable
        caption={t('team.caption')}
        columns={columns}
        rows={pages.rows}
        rowKey={(member) => member.user_id}
        sort={pages.sort}
        onSort={pages.onSort}
        filter={pages.filter}
        onFilter={pages.onFilter}
        loading={pages.loading}
        paging={pages.paging}
      />
      {pending?.kind === 'role' && (
        <ChangeRoleDialog
          orgId={orgId}
          member={pending.member}
          roles={roles ?? []}
          onClose={() => setPending(null)}
          onChanged={() => {
            setPending(null);
            pages.reload();
          }}
        />
      )}
      {pending?.kind === 'deactivate' && (
        <DeactivateDialog
          orgId={orgId}
          member={pending.member}
          onClose={() => setPending(null)}
          onDone={() => {
            setPending(null);
            pages.reload();
          }}
        />
      )}
    </>
  );
}

interface ChangeRoleDialogProps {
  readonly orgId: string;
  readonly member: Member;
  readonly roles: readonly Role[];
  readonly onClose: () => void;
  readonly onChanged: () => void;
}

function ChangeRoleDialog({ orgId, member, roles, onClose, onChanged }: ChangeRoleDialogProps) {
  const own = useSession().currentOrganization?.permissions ?? [];
  const [role, setRole] = useState(member.role);
  const change = useAction(async () => {
    await changeMemberRole(orgId, member.user_id, role);
    showToast(t('team.roleChanged', { name: member.full_name, role: roleName(roles, role) }), 'success');
    onChanged();
  });

  const save = (event: Event): void => {
    event.preventDefault();
    void change.run();
  };

  return (
    <Dialog
      open
      title={t('team.changeRoleOf', { name: member.full_name })}
      onClose={onClose}
      actions={
        <>
          <button type="button" class="button button--quiet" onClick={onClose}>
            {t('action.cancel')}
          </button>
          <SubmitButton form="change-role-form" label={t('team.save')} busy={change.busy} disabled={role === member.role} />
        </>
      }
    >
      <form id="change-role-form" class="form" noValidate onSubmit={save}>
        <ProblemNotice error={change.failure} />
        <SelectField
          id="change-role-role"
          label={t('team.newRole')}
          value={role}
          options={roles
            .filter((item) => item.key === member.role || grantable([item], own).length > 0)
            .map((item) => ({ value: item.key, label: item.name }))}
          onInput={setRole}
        />
      </form>
    </Dialog>
  );
}

interface DeactivateDialogProps {
  readonly orgId: string;
  readonly member: Member;
  readonly onClose: () => void;
  readonly onDone: () => void;
}

function DeactivateDialog({ orgId, member, onClose, onDone }: DeactivateDialogProps) {
  return (
    <ConfirmDialog
      title={t('team.deactivateTitle', { name: member.full_name })}
      confirmLabel={t('team.deactivate')}
      onClose={onClose}
      onConfirm={async () => {
        await deactivateMember(orgId, member.user_id);
        showToast(t('team.deactivatedToast', { name: member.full_name }), 'success');
        onDone();
      }}
    >
      <p>{t('team.deactivateBody', { name: member.full_name })}</p>
    </ConfirmDialog>
  );
}
