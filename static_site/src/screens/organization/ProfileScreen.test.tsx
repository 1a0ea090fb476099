import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiProblem } from '../../api/client';
import type { Permission } from '../../app/session';
import { currentToasts, dismissToast } from '../../components/toasts';
import { axeViolations } from '../../test/axe';
import { cleanup, click, findByText, renderIntoDocument, typeInto, waitFor } from '../../test/dom';
import { freshIndexedDb } from '../../test/indexedDb';
import { scheduledDeletions } from './deletions';
import ProfileScreen from './ProfileScreen';
import type { ProfileOut } from '../../api/organizations';
import { toProfileBody } from './rules';
import type { OrgSession } from './sessionAdapter';
import { CHANDA } from './testing';

const api = vi.hoisted(() => ({
  getProfile: vi.fn(),
  updateProfile: vi.fn(),
  getLogo: vi.fn(),
  uploadLogo: vi.fn(),
  exportOrganization: vi.fn(),
  deleteOrganization: vi.fn(),
}));
vi.mock('../../api/organizations', async (importOriginal) => ({ ...(await importOriginal<typeof import('../../api/organizations')>()), ...api }));

const session = vi.hoisted(() => ({ current: null as unknown as OrgSession }));
vi.mock('./sessionAdapter', () => ({ useOrgSession: () => session.current }));

const ORG = { id: 'org-1', name: 'Chanda Hardware', role: 'owner' };
const PROFILE: ProfileOut = { ...toProfileBody(CHANDA), logo_url: null, tpin_locked: false };
const OWNER: readonly Permission[] = ['organization:read', 'organization:manage', 'organization:export', 'organization:delete'];

function signIn(permissions: readonly Permission[], organization: typeof ORG | null = ORG): void {
  session.current = {
    userId: 'user-1',
    organizations: organization === null ? [] : [organization],
    currentOrganization: organization,
    can: (permission) => permissions.includes(permission),
    switchOrganization: vi.fn(),
    refreshMe: vi.fn(async () => undefined),
  };
}

beforeEach(async () => {
  await freshIndexedDb();
  localStorage.clear();
  Object.values(api).forEach((mock) => mock.mockReset());
  api.getProfile.mockResolvedValue(PROFILE);
  api.updateProfile.mockImplementation(async (_id: string, changes: object) => ({ ...PROFILE, ...changes }));
  window.history.replaceState(null, '', '/organization');
  vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(true);
});

afterEach(() => {
  cleanup();
  currentToasts().forEach((toast) => dismissToast(toast.id));
  window.history.replaceState(null, '', '/');
});

const button = (root: HTMLElement, text: string): HTMLButtonElement => {
  const found = findByText(root, 'button', text);
  if (found === undefined) {
    throw new Error(`no button "${text}"`);
  }
  return found as HTMLButtonElement;
};

async function open(): Promise<HTMLElement> {
  const screen = renderIntoDocument(<ProfileScreen />);
  await waitFor(() => findByText(screen, 'dd', 'Chanda Hardware Limited') ?? screen.querySelector('form'));
  return screen;
}

describe('the organization profile', () => {
  it('shows the profile to every member, and no changes to one who may only read it', async () => {
    signIn(['organization:read']);
    const screen = await open();

    expect(screen.textContent).toContain('Private company limited by shares (Ltd)');
    expect(screen.textContent).toContain('+260 97 712 3456');
    expect(screen.textContent).toContain('Plot 12, Cairo Road, Lusaka, Lusaka, 10101');
    expect(findByText(screen, 'button', 'Edit profile')).toBeUndefined();
    expect(screen.textContent).not.toContain('Download all data');
    expect(screen.textContent).not.toContain('Delete this organization');
    expect(api.getProfile).toHaveBeenCalledWith('org-1', expect.any(AbortSignal));
    expect(await axeViolations(screen)).toEqual([]);
  });

  it('offers to create an organization to someone who has none', () => {
    signIn([], null);
    const screen = renderIntoDocument(<ProfileScreen />);

    expect(findByText(screen, 'a', 'Create organization')?.getAttribute('href')).toBe('/organizations/new');
  });

  it('lets an admin edit it, sending only what changed', async () => {
    signIn(['organization:read', 'organization:manage']);
    const screen = await open();
    expect(screen.textContent).not.toContain('Delete this organization');

    click(button(screen, 'Edit profile'));
    const town = await waitFor(() => document.getElementById('org-profile-physical_town') as HTMLInputElement | null);
    expect(await axeViolations(screen)).toEqual([]);
    typeInto(town, 'Ndola');
    typeInto(document.getElementById('org-profile-physical_province') as HTMLSelectElement, 'copperbelt');
    click(button(screen, 'Save changes'));

    await waitFor(() => api.updateProfile.mock.calls.length > 0);
    expect(api.updateProfile).toHaveBeenCalledWith('org-1', {
      physical_address: { line1: 'Plot 12, Cairo Road', line2: null, town: 'Ndola', province: 'copperbelt', postal_code: '10101' },
    });
    await waitFor(() => findByText(screen, 'button', 'Edit profile'));
    expect(currentToasts().map((toast) => toast.message)).toContain('The profile was saved.');
    expect(session.current.refreshMe).toHaveBeenCalled();
  });

  it('shows the TPIN as fixed, not editable, once documents exist under it', async () => {
    signIn(OWNER);
    api.getProfile.mockResolvedValue({ ...PROFILE, tpin_locked: true });
    const screen = await open();
    click(button(screen, 'Edit profile'));

    const tpin = await waitFor(() => document.getElementById('org-profile-tpin') as HTMLInputElement | null);
    expect(tpin.readOnly).toBe(true);
    expect(document.getElementById('org-profile-tpin-hint')?.textContent).toContain('Fixed: invoices or journal entries were made under this TPIN.');
    const town = document.getElementById('org-profile-physical_town') as HTMLInputElement;
    expect(town.readOnly).toBe(false);
    expect(await axeViolations(screen)).toEqual([]);
  });

  it('shows why a TPIN change was refused, on the TPIN', async () => {
    signIn(OWNER);
    api.updateProfile.mockRejectedValueOnce(
      new ApiProblem({
        type: 'about:blank',
        status: 409,
        code: 'tpin_locked',
        title: 'The TPIN cannot change once documents exist.',
        detail: 'Invoices and journal entries carry the TPIN they were made under. Contact support if the TPIN on record is wrong.',
      }),
    );
    const screen = await open();
    click(button(screen, 'Edit profile'));
    const tpin = await waitFor(() => document.getElementById('org-profile-tpin') as HTMLInputElement | null);
    typeInto(tpin, '2002345678');

    click(button(screen, 'Save changes'));

    const error = await waitFor(() => document.getElementById('org-profile-tpin-error'));
    expect(error.textContent).toContain('The TPIN cannot change once documents exist. Invoices and journal entries');
    expect(screen.querySelector('.error-summary a')?.getAttribute('href')).toBe('#org-profile-tpin');
    expect(api.updateProfile).toHaveBeenCalledWith('org-1', { tpin: '2002345678' });
    expect(await axeViolations(screen)).toEqual([]);
  });

  it('checks the edited profile on the phone before sending it', async () => {
    signIn(OWNER);
    const screen = await open();
    click(button(screen, 'Edit profile'));
    const phone = await waitFor(() => document.getElementById('org-profile-phone') as HTMLInputElement | null);
    typeInto(phone, '+27 82 123 4567');

    click(button(screen, 'Save changes'));

    await waitFor(() => screen.querySelector('.error-summary'));
    expect(document.getElementById('org-profile-phone-error')?.textContent).toContain('Zambian phone number');
    expect(api.updateProfile).not.toHaveBeenCalled();
  });

  it('lets the owner download all the data', async () => {
    signIn(OWNER);
    const created = vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:export');
    vi.spyOn(URL, 'revokeObjectURL').mockReturnValue(undefined);
    const downloads: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      downloads.push(`${this.download} ${this.href}`);
    });
    api.exportOrganization.mockResolvedValue({ blob: new Blob(['zip']), fileName: 'intellifin-export-20261130.zip' });
    const screen = await open();

    click(button(screen, 'Download all data'));

    await waitFor(() => findByText(screen, '[role="status"]', 'The download has started.'));
    expect(api.exportOrganization).toHaveBeenCalledWith('org-1');
    expect(created).toHaveBeenCalled();
    expect(downloads).toEqual(['intellifin-export-20261130.zip blob:export']);
  });

  it('deletes only when the name is typed, then offers to restore until the date', async () => {
    signIn(OWNER);
    api.deleteOrganization.mockResolvedValue({ deletion_due_at: '2026-12-30T10:00:00Z' });
    const screen = await open();

    click(button(screen, 'Delete organization'));
    const dialog = await waitFor(() => document.querySelector<HTMLElement>('[role="alertdialog"]'));
    expect(dialog.textContent).toContain('Delete Chanda Hardware?');
    expect(await axeViolations(screen)).toEqual([]);
    typeInto(document.getElementById('org-delete-name') as HTMLInputElement, 'Chanda');
    click(button(dialog, 'Delete'));
    expect(document.getElementById('org-delete-name-error')?.textContent).toContain('exactly as shown');
    expect(api.deleteOrganization).not.toHaveBeenCalled();

    typeInto(document.getElementById('org-delete-name') as HTMLInputElement, '  chanda   hardware ');
    click(button(dialog, 'Delete'));

    await waitFor(() => window.location.pathname === '/organizations');
    expect(api.deleteOrganization).toHaveBeenCalledWith('org-1', 'chanda hardware');
    expect(scheduledDeletions('user-1', Date.parse('2026-12-01T00:00:00Z'))).toEqual([
      { id: 'org-1', name: 'Chanda Hardware', dueAt: '2026-12-30T10:00:00Z' },
    ]);
    expect(currentToasts().map((toast) => toast.message)).toContain(
      'Chanda Hardware will be deleted on 30/12/2026. Until then you can restore it from Organizations.',
    );
    expect(session.current.refreshMe).toHaveBeenCalled();
  });
});
