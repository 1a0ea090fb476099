import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiProblem } from '../../api/client';
import { currentToasts, dismissToast } from '../../components/toasts';
import { axeViolations } from '../../test/axe';
import { cleanup, click, findByText, renderIntoDocument, waitFor } from '../../test/dom';
import { freshIndexedDb } from '../../test/indexedDb';
import { rememberDeletion, scheduledDeletions } from './deletions';
import { emptyDraft, saveDraft } from './draft';
import OrganizationsScreen from './OrganizationsScreen';
import type { OrgSession } from './sessionAdapter';
import { CHANDA } from './testing';

const api = vi.hoisted(() => ({ restoreOrganization: vi.fn() }));
vi.mock('../../api/organizations', async (importOriginal) => ({ ...(await importOriginal<typeof import('../../api/organizations')>()), ...api }));

const session = vi.hoisted(() => ({ current: null as unknown as OrgSession }));
vi.mock('./sessionAdapter', () => ({ useOrgSession: () => session.current }));

const LUSAKA = { id: 'org-1', name: 'Lusaka Traders Ltd', role: 'owner' };
const MWILA = { id: 'org-2', name: 'Mwila Farm Supplies', role: 'custom:bookkeeper' };

function signIn(organizations: (typeof LUSAKA)[]): void {
  session.current = {
    userId: 'user-1',
    organizations,
    currentOrganization: organizations[0] ?? null,
    can: () => true,
    switchOrganization: vi.fn(),
    refreshMe: vi.fn(async () => undefined),
  };
}

beforeEach(async () => {
  await freshIndexedDb();
  localStorage.clear();
  api.restoreOrganization.mockReset();
  window.history.replaceState(null, '', '/organizations');
});

afterEach(() => {
  cleanup();
  currentToasts().forEach((toast) => dismissToast(toast.id));
  window.history.replaceState(null, '', '/');
});

describe('the organizations screen', () => {
  it('offers to create the first organization to someone who has none', async () => {
    signIn([]);
    const screen = renderIntoDocument(<OrganizationsScreen />);

    expect(screen.querySelector('.empty-state')?.textContent).toContain('You are not in any organization yet');
    expect(await axeViolations(screen)).toEqual([]);
    click(findByText(screen, '.empty-state a', 'Create organization') as HTMLElement);

    expect(window.location.pathname).toBe('/organizations/new');
  });

  it('lists the person’s organizations, the current one marked, and opens another', async () => {
    signIn([LUSAKA, MWILA]);
    const screen = renderIntoDocument(<OrganizationsScreen />);

    const items = Array.from(screen.querySelectorAll('.org-list__item'), (item) => item.textContent);
    expect(items).toEqual(['Lusaka Traders LtdOwnerCurrent', 'Mwila Farm SuppliesbookkeeperOpen']);
    expect(findByText(screen, 'a', 'Create organization')?.getAttribute('href')).toBe('/organizations/new');
    expect(await axeViolations(screen)).toEqual([]);

    click(findByText(screen, 'button', 'Open') as HTMLElement);

    expect(session.current.switchOrganization).toHaveBeenCalledWith('org-2');
    expect(window.location.pathname).toBe('/');
  });

  it('offers to continue a wizard left half-way', async () => {
    signIn([LUSAKA]);
    await saveDraft('user-1', { ...emptyDraft(), step: 'contact', values: CHANDA });

    const screen = renderIntoDocument(<OrganizationsScreen />);

    await waitFor(() => findByText(screen, '.notice', 'You started setting up Chanda Hardware.'));
    expect(findByText(screen, 'a', 'Continue where you left off')?.getAttribute('href')).toBe('/organizations/new');
  });

  it('restores an organization scheduled for deletion from this phone', async () => {
    signIn([LUSAKA]);
    const due = new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString();
    rememberDeletion('user-1', { id: 'org-9', name: 'Chanda Hardware', dueAt: due });
    api.restoreOrganization.mockResolvedValue(undefined);
    const screen = renderIntoDocument(<OrganizationsScreen />);
    expect(screen.textContent).toContain('Scheduled for deletion');
    expect(await axeViolations(screen)).toEqual([]);

    click(findByText(screen, 'button', 'Restore') as HTMLElement);

    await waitFor(() => currentToasts().some((toast) => toast.message === 'Chanda Hardware was restored.'));
    expect(api.restoreOrganization).toHaveBeenCalledWith('org-9');
    expect(scheduledDeletions('user-1')).toEqual([]);
    expect(session.current.refreshMe).toHaveBeenCalled();
    expect(screen.textContent).not.toContain('Scheduled for deletion');
  });

  it('forgets a deletion the API no longer knows, and says why', async () => {
    signIn([LUSAKA]);
    rememberDeletion('user-1', { id: 'org-9', name: 'Chanda Hardware', dueAt: new Date(Date.now() + 86_400_000).toISOString() });
    api.restoreOrganization.mockRejectedValue(
      new ApiProblem({ type: 'about:blank', status: 404, code: 'organization_not_found', title: 'The organization was not found.', detail: null }),
    );
    const screen = renderIntoDocument(<OrganizationsScreen />);

    click(findByText(screen, 'button', 'Restore') as HTMLElement);

    await waitFor(() => findByText(screen, '[role="alert"]', 'The organization was not found.'));
    expect(scheduledDeletions('user-1')).toEqual([]);
  });

  it('does not list deletions past their date', () => {
    rememberDeletion('user-1', { id: 'org-9', name: 'Old', dueAt: '2020-01-01T00:00:00Z' });
    expect(scheduledDeletions('user-1')).toEqual([]);
  });
});
