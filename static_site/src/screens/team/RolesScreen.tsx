import { useState } from 'preact/hooks';
import { createRole, deleteRole, updateRole, type Role } from '../../api/team';
import { ProblemNotice } from '../../components/ProblemNotice';
import { useSession } from '../../app/session';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Dialog } from '../../components/Dialog';
import { SubmitButton } from '../../components/SubmitButton';
import { ErrorSummary } from '../../components/ErrorSummary';
import { TextField } from '../../components/Field';
import { EmptyState, Skeleton } from '../../components/States';
import { showToast } from '../../components/toasts';
import { required, useForm, type FormSpec } from '../../components/useForm';
import { isPlainMessageKey, t, tCount } from './messages';
import { FormProblems, useGuardedForm } from '../../components/guardedForm';
import { useRoles } from './fields';
import { TeamFrame, useOrganizationId } from './TeamFrame';

/** A permission in words, or its name when the catalogue does not know it yet. */
export function permissionLabel(permission: string): string {
  const key = `permission.${permission}`;
  return isPlainMessageKey(key) ? t(key) : permission;
}

/** Every permission there is: the Owner role has them all. */
function allPermissions(roles: readonly Role[]): readonly string[] {
  return Array.from(new Set(roles.flatMap((role) => role.permissions))).sort();
}

type Editing = { readonly kind: 'create' } | { readonly kind: 'edit'; readonly role: Role } | null;

/** `/team/roles`: the built-in roles and the organization's custom ones, with what each allows. */
export default function RolesScreen() {
  const orgId = useOrganizationId();
  const session = useSession();
  const roles = useRoles(orgId);
  const mayManage = session.can('roles:manage');
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<Role | null>(null);
  const list = roles.data ?? [];
  const builtIn = list.filter((role) => role.built_in);
  const custom = list.filter((role) => !role.built_in);

  return (
    <TeamFrame id="roles" title={t('roles.title')}>
      {roles.error !== undefined && <ProblemNotice error={roles.error} />}
      {roles.loading && roles.data === undefined && <Skeleton label={t('screen.loading')} lines={4} />}
      {roles.data !== undefined && (
        <>
          <h2>{t('roles.custom')}</h2>
          {mayManage && (
            <p>
              <button type="button" class="button" onClick={() => setEditing({ kind: 'create' })}>
                {t('roles.create')}
              </button>
            </p>
          )}
          {custom.length === 0 ? (
            <EmptyState title={t('roles.noCustom')} />
          ) : (
            <RoleList
              roles={custom}
              all={list}
              {...(mayManage ? { onEdit: (role: Role) => setEditing({ kind: 'edit', role }), onDelete: setDeleting } : {})}
            />
          )}
          <h2>{t('roles.builtIn')}</h2>
          <RoleList roles={builtIn} all={list} />
        </>
      )}
      {editing !== null && (
        <RoleDialog
          orgId={orgId}
          editing={editing}
          roles={list}
          onClose={() => setEditing(null)}
          onSaved={(role) => {
            setEditing(null);
            showToast(t('roles.saved', { role: role.name }), 'success');
            roles.reload();
          }}
        />
      )}
      {deleting !== null && (
        <DeleteDialog
          orgId={orgId}
          role={deleting}
          onClose={() => setDeleting(null)}
          onDeleted={() => {
            showToast(t('roles.deleted', { role: deleting.name }), 'success');
            setDeleting(null);
            roles.reload();
          }}
        />
      )}
    </TeamFrame>
  );
}

interface RoleListProps {
  readonly roles: readonly Role[];
  readonly all: readonly Role[];
  readonly onEdit?: (role: Role) => void;
  readonly onDelete?: (role: Role) => void;
}

function RoleList({ roles, all, onEdit, onDelete }: RoleListProps) {
  const nameOf = (key: string): string => all.find((role) => role.key === key)?.name ?? key;
  return (
    <ul class="role-list">
      {roles.map((role) => (
        <li key={role.key} class="role">
          <h3>{role.name}</h3>
          {role.description !== '' && <p>{role.description}</p>}
          {role.inherits.length > 0 && <p class="muted">{t('roles.includes', { roles: role.inherits.map(nameOf).join(', ') })}</p>}
          <details>
            <summary>
              {t('roles.whatItAllows', { role: role.name })} ({tCount('roles.permissions', role.permissions.length)})
            </summary>
            <ul>
              {role.permissions.map((permission) => (
                <li key={permission}>{permissionLabel(permission)}</li>
              ))}
            </ul>
          </details>
          {(onEdit !== undefined || onDelete !== undefined) && (
            <div class="row-actions">
              {onEdit !== undefined && (
                <button
                  type="button"
                  class="button button--quiet"
                  aria-label={t('roles.editOf', { role: role.name })}
                  onClick={() => onEdit(role)}
                >
                  {t('roles.edit')}
                </button>
              )}
              {onDelete !== undefined && (
                <button
                  type="button"
                  class="button button--quiet"
                  aria-label={t('roles.deleteOf', { role: role.name })}
                  onClick={() => onDelete(role)}
                >
                  {t('roles.delete')}
                </button>
              )}
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}

interface RoleFields {
  readonly name: string;
  readonly description: string;
}

function roleFields(role: Role | null): FormSpec<RoleFields> {
  return {
    name: { initial: role?.name ?? '', validate: required },
    description: { initial: role?.description ?? '' },
  };
}
const ROLE_OPTIONS = { idPrefix: 'role' } as const;

interface RoleDialogProps {
  readonly orgId: string;
  readonly editing: NonNullable<Editing>;
  readonly roles: readonly Role[];
  readonly onClose: () => void;
  readonly onSaved: (role: Role) => void;
}

function RoleDialog({ orgId, editing, roles, onClose, onSaved }: RoleDialogProps) {
  const existing = editing.kind === 'edit' ? editing.role : null;
  // The dialog is made afresh for each role, so its fields start from that role.
  const [spec] = useState(() => roleFields(existing));
  const form = useForm(spec, ROLE_OPTIONS);
  const guard = useGuardedForm(form);
  const [inherits, setInherits] = useState<readonly string[]>(existing?.inherits ?? []);
  const [permissions, setPermissions] = useState<readonly string[]>(existing?.direct_permissions ?? []);
  const inheritable = roles.filter((role) => role.built_in && role.key !== 'owner');
  const everyPermission = allPermissions(roles);

  const toggle = (list: readonly string[], item: string, on: boolean): readonly string[] =>
    on ? [...list.filter((other) => other !== item), item] : list.filter((other) => other !== item);

  const save = async (): Promise<void> => {
    const body = {
      name: form.values.name.trim(),
      description: form.values.description.trim(),
      inherits: [...inherits],
      permissions: [...permissions],
    };
    onSaved(existing === null ? await createRole(orgId, body) : await updateRole(orgId, existing.key, body));
  };

  return (
    <Dialog
      open
      title={existing === null ? t('roles.formCreateTitle') : t('roles.formEditTitle', { role: existing.name })}
      onClose={onClose}
      actions={
        <>
          <button type="button" class="button button--quiet" onClick={onClose}>
            {t('action.cancel')}
          </button>
          <SubmitButton form="role-form" label={t('roles.save')} busy={guard.busy} />
        </>
      }
    >
      <form id="role-form" class="form" noValidate onSubmit={guard.onSubmit(save)}>
        <ErrorSummary items={form.summary} />
        <FormProblems guard={guard} />
        <TextField {...form.field('name')} label={t('roles.name')} maxLength={80} />
        <TextField {...form.field('description')} label={t('roles.description')} optional maxLength={500} />
        <fieldset class="checklist">
          <legend class="field__label">{t('roles.inherits')}</legend>
          {inheritable.map((role) => (
            <label key={role.key} class="choice">
              <input
                type="checkbox"
                checked={inherits.includes(role.key)}
                onChange={(event) => setInherits(toggle(inherits, role.key, event.currentTarget.checked))}
              />
              <span>{role.name}</span>
            </label>
          ))}
        </fieldset>
        <fieldset class="checklist">
          <legend class="field__label">{t('roles.extraPermissions')}</legend>
          {everyPermission.map((permission) => (
            <label key={permission} class="choice">
              <input
                type="checkbox"
                checked={permissions.includes(permission)}
                onChange={(event) => setPermissions(toggle(permissions, permission, event.currentTarget.checked))}
              />
              <span>
                {permissionLabel(permission)}
                <span class="checklist__code">{permission}</span>
              </span>
            </label>
          ))}
        </fieldset>
      </form>
    </Dialog>
  );
}

function DeleteDialog({
  orgId,
  role,
  onClose,
  onDeleted,
}: {
  readonly orgId: string;
  readonly role: Role;
  readonly onClose: () => void;
  readonly onDeleted: () => void;
}) {
  return (
    <ConfirmDialog
      title={t('roles.deleteTitle', { role: role.name })}
      confirmLabel={t('roles.delete')}
      onClose={onClose}
      onConfirm={async () => {
        await deleteRole(orgId, role.key);
        onDeleted();
      }}
    >
      <p>{t('roles.deleteBody')}</p>
    </ConfirmDialog>
  );
}
