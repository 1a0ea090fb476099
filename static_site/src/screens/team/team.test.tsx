import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry, Invitation, Member, Role } from '../../api/team';
import { currentToasts, dismissToast } from '../../components/toasts';
import { axeViolations } from '../../test/axe';
import { cleanup, click, findByText, jsonResponse, renderIntoDocument, settle, typeInto, waitFor } from '../../test/dom';
import { me, ORG_ID, problem, resetSession, signedIn, USER_ID } from '../../test/fakeApi';
import { freshIndexedDb } from '../../test/indexedDb';
import AuditLogScreen from './AuditLogScreen';
import InvitationsScreen from './InvitationsScreen';
import MembersScreen from './MembersScreen';
import OrganizationSecurityScreen from './OrganizationSecurityScreen';
import RolesScreen from './RolesScreen';

const ORG = `/api/v1/orgs/${ORG_ID}`;

function role(key: string, name: string, permissions: string[], changes: Partial<Role> = {}): Role {
  return {
    key,
    name,
    description: `${name} role.`,
    built_in: true,
    inherits: [],
    direct_permissions: permissions,
    permissions,
    ...changes,
  };
}

const ROLES: Role[] = [
  role('owner', 'Owner', ['users:read', 'users:invite', 'users:manage', 'roles:manage', 'audit:read', 'security:manage', 'ledger:read']),
  role('admin', 'Admin', ['users:read', 'users:invite', 'users:manage', 'audit:read', 'ledger:read'], { inherits: ['accountant'] }),
  role('accountant', 'Accountant', ['ledger:read']),
  role('custom:cashier', 'Cashier', ['ledger:read'], { built_in: false, inherits: ['accountant'], direct_permissions: [] }),
];

function member(changes: Partial<Member>): Member {
  return {
    user_id: USER_ID,
    email: 'chanda@lusaka-traders.co.zm',
    full_name: 'Chanda Mwila',
    role: 'owner',
    status: 'active',
    joined_at: '2026-01-15T08:00:00Z',
    mfa_enabled: true,
    ...changes,
  };
}

const MUTALE = member({ user_id: 'user-2', email: 'mutale@lusaka-traders.co.zm', full_name: 'Mutale Banda', role: 'accountant', mfa_enabled: false });

beforeEach(async () => {
  await freshIndexedDb();
  resetSession();
});

afterEach(() => {
  cleanup();
  resetSession();
  currentToasts().forEach((toast) => dismissToast(toast.id));
  window.history.replaceState(null, '', '/');
});

const rows = (root: HTMLElement): HTMLElement[] => Array.from(root.querySelectorAll('tbody tr'));

describe('members', () => {
  it('lists the team with role names, and sends sort, filter and page to the API', async () => {
    const fake = await signedIn({
      [`GET ${ORG}/roles`]: ROLES,
      [`GET ${ORG}/members`]: (request) =>
        jsonResponse({ items: [member({}), MUTALE], next_cursor: request.query.get('cursor') === null ? 'page-2' : null }),
    });
    const root = renderIntoDocument(<MembersScreen />);

    await waitFor(() => rows(root).length === 2 && rows(root)[1]?.textContent?.includes('Accountant'));
    expect(rows(root)[0]?.textContent).toContain('Chanda Mwila (you)');
    expect(fake.calls(`GET ${ORG}/members`)[0]?.query.toString()).toBe('sort=name&order=asc&limit=20');
    expect(await axeViolations(root)).toEqual([]);

    click(findByText(root, 'th button', 'Joined') as HTMLElement);
    await waitFor(() => fake.calls(`GET ${ORG}/members`).some((request) => request.query.get('sort') === 'joined'));
    const next = findByText(root, 'button', 'Next page') as HTMLButtonElement;
    await waitFor(() => !next.disabled);
    click(next);
    await waitFor(() => fake.calls(`GET ${ORG}/members`).some((request) => request.query.get('cursor') === 'page-2'));

    typeInto(root.querySelector('#members-role') as HTMLSelectElement, 'accountant');
    await waitFor(() => fake.calls(`GET ${ORG}/members`).some((request) => request.query.get('role') === 'accountant'));
    const last = fake.calls(`GET ${ORG}/members`).slice(-1)[0];
    expect(last?.query.get('cursor')).toBeNull();
  });

  it('changes a member\'s role, offering only roles within the person\'s own permissions', async () => {
    const admin = me();
    const organizations = admin.organizations.map((membership, index) =>
      index === 0
        ? { ...membership, role: 'admin', permissions: ['users:read', 'users:invite', 'users:manage', 'audit:read', 'ledger:read'] }
        : membership,
    );
    const fake = await signedIn(
      {
        [`GET ${ORG}/roles`]: ROLES,
        [`GET ${ORG}/members`]: { items: [MUTALE], next_cursor: null },
        [`PATCH ${ORG}/members/user-2`]: { ...MUTALE, role: 'admin' },
      },
      me({ organizations }),
    );
    const root = renderIntoDocument(<MembersScreen />);
    click(await waitFor(() => root.querySelector<HTMLElement>('button[aria-label="Change role of Mutale Banda"]')));

    const dialog = await waitFor(() => document.querySelector<HTMLElement>('[role="dialog"]'));
    const select = dialog.querySelector('select') as HTMLSelectElement;
    expect(Array.from(select.options, (option) => option.textContent)).toEqual(['Admin', 'Accountant', 'Cashier']);
    typeInto(select, 'admin');
    click(findByText(dialog, 'button', 'Save') as HTMLElement);

    await waitFor(() => fake.calls(`PATCH ${ORG}/members/user-2`).length === 1);
    expect(fake.calls(`PATCH ${ORG}/members/user-2`)[0]?.body).toEqual({ role: 'admin' });
    await waitFor(() => currentToasts().some((toast) => toast.message === 'Mutale Banda is now Admin.'));
  });

  it('deactivates after asking, and shows the API\'s refusal', async () => {
    const fake = await signedIn({
      [`GET ${ORG}/roles`]: ROLES,
      [`GET ${ORG}/members`]: { items: [member({}), MUTALE], next_cursor: null },
      [`POST ${ORG}/members/user-2/deactivate`]: problem(409, 'conflict', 'Mutale Banda cannot be deactivated now.'),
    });
    const root = renderIntoDocument(<MembersScreen />);
    click(await waitFor(() => root.querySelector<HTMLElement>('button[aria-label="Deactivate Mutale Banda"]')));

    const dialog = await waitFor(() => document.querySelector<HTMLElement>('[role="alertdialog"]'));
    expect(dialog.textContent).toContain('Deactivate Mutale Banda?');
    click(findByText(dialog, 'button', 'Deactivate') as HTMLElement);

    await waitFor(() => findByText(dialog, '[role="alert"]', 'Mutale Banda cannot be deactivated now.'));
    expect(fake.calls(`POST ${ORG}/members/user-2/deactivate`)).toHaveLength(1);
  });

  it('offers no one "Deactivate" on their own row', async () => {
    await signedIn({
      [`GET ${ORG}/roles`]: ROLES,
      [`GET ${ORG}/members`]: { items: [member({}), MUTALE], next_cursor: null },
    });
    const root = renderIntoDocument(<MembersScreen />);

    await waitFor(() => root.querySelector('button[aria-label="Deactivate Mutale Banda"]'));
    expect(root.querySelector('button[aria-label="Deactivate Chanda Mwila"]')).toBeNull();
    expect(root.querySelector('button[aria-label="Change role of Chanda Mwila"]')).not.toBeNull();
  });

  it('reactivates a deactivated member', async () => {
    const fake = await signedIn({
      [`GET ${ORG}/roles`]: ROLES,
      [`GET ${ORG}/members`]: { items: [{ ...MUTALE, status: 'deactivated' }], next_cursor: null },
      [`POST ${ORG}/members/user-2/reactivate`]: MUTALE,
    });
    const root = renderIntoDocument(<MembersScreen />);
    await waitFor(() => findByText(root, 'td', 'Deactivated'));

    click(root.querySelector<HTMLElement>('button[aria-label="Reactivate Mutale Banda"]') as HTMLElement);

    await waitFor(() => fake.calls(`POST ${ORG}/members/user-2/reactivate`).length === 1);
  });
});

describe('invitations', () => {
  const pending: Invitation = {
    id: 'inv-1',
    email: 'mutale@lusaka-traders.co.zm',
    role: 'accountant',
    status: 'pending',
    invited_by: USER_ID,
    invited_by_name: 'Chanda Mwila',
    created_at: '2026-11-30T08:00:00Z',
    expires_at: '2026-12-07T08:00:00Z',
  };

  it('invites by e-mail with a role, and lists what is pending', async () => {
    let invitations: Invitation[] = [];
    const fake = await signedIn({
      [`GET ${ORG}/roles`]: ROLES,
      [`GET ${ORG}/invitations`]: () => jsonResponse({ items: invitations, next_cursor: null }),
      [`POST ${ORG}/invitations`]: () => {
        invitations = [pending];
        return jsonResponse(pending, 201);
      },
    });
    const root = renderIntoDocument(<InvitationsScreen />);
    await waitFor(() => findByText(root, '.empty-state', 'No pending invitations.'));
    expect(await axeViolations(root)).toEqual([]);

    typeInto(root.querySelector('#invite-member-email') as HTMLInputElement, 'mutale@lusaka-traders.co.zm');
    typeInto(root.querySelector('#invite-member-role') as HTMLSelectElement, 'accountant');
    click(findByText(root, 'button', 'Send invitation') as HTMLElement);

    await waitFor(() => rows(root).length === 1);
    expect(fake.calls(`POST ${ORG}/invitations`)[0]?.body).toEqual({ email: 'mutale@lusaka-traders.co.zm', role: 'accountant' });
    expect(rows(root)[0]?.textContent).toContain('Accountant');
    expect(rows(root)[0]?.textContent).toContain('07/12/2026');
    expect(rows(root)[0]?.textContent).toContain('Pending');
    expect(currentToasts().map((toast) => toast.message)).toContain('Invitation sent to mutale@lusaka-traders.co.zm.');
    expect(await axeViolations(root)).toEqual([]);
  });

  it('resends, and withdraws after asking', async () => {
    const fake = await signedIn({
      [`GET ${ORG}/roles`]: ROLES,
      [`GET ${ORG}/invitations`]: { items: [pending], next_cursor: null },
      [`POST ${ORG}/invitations/inv-1/resend`]: pending,
      [`DELETE ${ORG}/invitations/inv-1`]: new Response(null, { status: 204 }),
    });
    const root = renderIntoDocument(<InvitationsScreen />);

    click(await waitFor(() => root.querySelector<HTMLElement>('button[aria-label="Resend the invitation to mutale@lusaka-traders.co.zm"]')));
    await waitFor(() => fake.calls(`POST ${ORG}/invitations/inv-1/resend`).length === 1);

    click(root.querySelector<HTMLElement>('button[aria-label="Withdraw the invitation to mutale@lusaka-traders.co.zm"]') as HTMLElement);
    const dialog = await waitFor(() => document.querySelector<HTMLElement>('[role="alertdialog"]'));
    click(findByText(dialog, 'button', 'Withdraw') as HTMLElement);
    await waitFor(() => fake.calls(`DELETE ${ORG}/invitations/inv-1`).length === 1);
  });

  it('shows no invitation form to a role that may not invite', async () => {
    const viewer = me();
    const organizations = viewer.organizations.map((membership, index) =>
      index === 0 ? { ...membership, role: 'custom:reader', permissions: ['users:read'] } : membership,
    );
    await signedIn(
      { [`GET ${ORG}/roles`]: ROLES, [`GET ${ORG}/invitations`]: { items: [pending], next_cursor: null } },
      me({ organizations }),
    );
    const root = renderIntoDocument(<InvitationsScreen />);

    await waitFor(() => rows(root).length === 1);
    expect(root.querySelector('#invite-member-email')).toBeNull();
    expect(findByText(root, 'button', 'Withdraw')).toBeUndefined();
  });
});

describe('roles', () => {
  it('shows built-in and custom roles with what each allows, and creates a custom role', async () => {
    const fake = await signedIn({
      [`GET ${ORG}/roles`]: ROLES,
      [`POST ${ORG}/roles`]: (request) =>
        jsonResponse(role('custom:auditor', 'Auditor', ['audit:read'], { built_in: false, ...(request.body as object) }), 201),
    });
    const root = renderIntoDocument(<RolesScreen />);

    await waitFor(() => root.querySelectorAll('.role').length === 4);
    const cashier = findByText(root, '.role', 'Cashier') as HTMLElement;
    expect(cashier.textContent).toContain('Includes Accountant.');
    expect(cashier.querySelector('summary')?.textContent).toBe('What Cashier may do (1 permission)');
    expect(cashier.querySelector('details li')?.textContent).toBe('See the chart of accounts, journal and ledger');
    expect(await axeViolations(root)).toEqual([]);

    click(findByText(root, 'button', 'New custom role') as HTMLElement);
    const dialog = await waitFor(() => document.querySelector<HTMLElement>('[role="dialog"]'));
    typeInto(dialog.querySelector('#role-name') as HTMLInputElement, 'Auditor');
    click(findByText(dialog, 'label', 'Read the security audit log')?.querySelector('input') as HTMLElement);
    expect(findByText(dialog, 'label', 'Owner')).toBeUndefined();
    expect(await axeViolations(dialog)).toEqual([]);
    click(findByText(dialog, 'button', 'Save role') as HTMLElement);

    await waitFor(() => fake.calls(`POST ${ORG}/roles`).length === 1);
    expect(fake.calls(`POST ${ORG}/roles`)[0]?.body).toEqual({
      name: 'Auditor',
      description: '',
      inherits: [],
      permissions: ['audit:read'],
    });
  });

  it('edits a custom role with what it had, and shows why one in use cannot be deleted', async () => {
    const fake = await signedIn({
      [`GET ${ORG}/roles`]: ROLES,
      [`PATCH ${ORG}/roles/custom%3Acashier`]: ROLES[3] as Role,
      [`DELETE ${ORG}/roles/custom%3Acashier`]: problem(409, 'role_in_use', 'A member still has this role.'),
    });
    const root = renderIntoDocument(<RolesScreen />);
    click(await waitFor(() => root.querySelector<HTMLElement>('button[aria-label="Edit Cashier"]')));

    const dialog = await waitFor(() => document.querySelector<HTMLElement>('[role="dialog"]'));
    expect((dialog.querySelector('#role-name') as HTMLInputElement).value).toBe('Cashier');
    expect((findByText(dialog, 'label', 'Accountant')?.querySelector('input') as HTMLInputElement).checked).toBe(true);
    click(findByText(dialog, 'button', 'Save role') as HTMLElement);
    await waitFor(() => fake.calls(`PATCH ${ORG}/roles/custom%3Acashier`).length === 1);
    expect(fake.calls(`PATCH ${ORG}/roles/custom%3Acashier`)[0]?.body).toMatchObject({ name: 'Cashier', inherits: ['accountant'] });

    await waitFor(() => document.querySelector('[role="dialog"]') === null);
    click(root.querySelector<HTMLElement>('button[aria-label="Delete Cashier"]') as HTMLElement);
    const confirm = await waitFor(() => document.querySelector<HTMLElement>('[role="alertdialog"]'));
    click(findByText(confirm, 'button', 'Delete') as HTMLElement);
    await waitFor(() => findByText(confirm, '[role="alert"]', 'A member still has this role.'));
  });
});

describe('the audit log', () => {
  const entry: AuditEntry = {
    id: 'event-1',
    occurred_at: '2026-11-30T08:15:00Z',
    event_type: 'login_failed',
    user_id: USER_ID,
    user_email: 'chanda@lusaka-traders.co.zm',
    user_name: 'Chanda Mwila',
    actor_id: null,
    actor_email: null,
    actor_name: null,
    ip_address: '41.72.100.1',
    user_agent: 'Mozilla/5.0 (Linux; Android 13) Chrome/120.0 Mobile Safari/537.36',
    details: {},
  };

  it('lists events in words and filters by event and Lusaka dates', async () => {
    const fake = await signedIn({ [`GET ${ORG}/audit-log`]: { items: [entry], next_cursor: null } });
    const root = renderIntoDocument(<AuditLogScreen />);

    await waitFor(() => rows(root).length === 1);
    expect(rows(root)[0]?.textContent).toContain('Sign-in failed');
    expect(rows(root)[0]?.textContent).toContain('Chanda Mwila');
    expect(rows(root)[0]?.textContent).toContain('41.72.100.1 · Chrome on Android');
    expect(await axeViolations(root)).toEqual([]);

    typeInto(root.querySelector('#audit-event') as HTMLSelectElement, 'mfa_failed');
    typeInto(root.querySelector('#audit-since') as HTMLInputElement, '01/11/2026');
    typeInto(root.querySelector('#audit-until') as HTMLInputElement, '30/11/2026');
    click(findByText(root, 'button', 'Show') as HTMLElement);

    await waitFor(() => fake.calls(`GET ${ORG}/audit-log`).length === 2);
    const query = fake.calls(`GET ${ORG}/audit-log`)[1]?.query;
    expect(query?.get('event_type')).toBe('mfa_failed');
    expect(query?.get('from')).toBe('2026-11-01T00:00:00+02:00');
    expect(query?.get('to')).toBe('2026-11-30T22:00:00.000Z');
  });

  it('refuses a "to" date before the "from" date on the phone', async () => {
    const fake = await signedIn({ [`GET ${ORG}/audit-log`]: { items: [], next_cursor: null } });
    const root = renderIntoDocument(<AuditLogScreen />);
    await waitFor(() => fake.calls(`GET ${ORG}/audit-log`).length === 1);

    typeInto(root.querySelector('#audit-since') as HTMLInputElement, '30/11/2026');
    typeInto(root.querySelector('#audit-until') as HTMLInputElement, '01/11/2026');
    click(findByText(root, 'button', 'Show') as HTMLElement);
    await settle();

    expect(root.querySelector('#audit-until-error')?.textContent).toContain('must be after');
    expect(fake.calls(`GET ${ORG}/audit-log`)).toHaveLength(1);
  });
});

describe('organization security', () => {
  it('requires two-step sign-in, and explains the API\'s refusal from a session without it', async () => {
    const fake = await signedIn({
      [`GET ${ORG}/security`]: { require_mfa: false },
      [`PUT ${ORG}/security`]: problem(409, 'mfa_session_required', 'Turn on two-step sign-in for yourself and sign in with it first.'),
    });
    const root = renderIntoDocument(<OrganizationSecurityScreen />);
    const box = await waitFor(() => root.querySelector<HTMLInputElement>('input[type="checkbox"]'));
    expect(await axeViolations(root)).toEqual([]);

    click(box);
    click(findByText(root, 'button', 'Save') as HTMLElement);

    await waitFor(() => findByText(root, '[role="alert"]', 'Turn on two-step sign-in for yourself'));
    expect(fake.calls(`PUT ${ORG}/security`)[0]?.body).toEqual({ require_mfa: true });
  });
});
