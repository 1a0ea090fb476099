import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { navigate } from '../../app/router';
import { sessionState, startSession } from '../../app/session';
import { axeViolations } from '../../test/axe';
import { cleanup, findByText, renderIntoDocument, waitFor } from '../../test/dom';
import { fakeApi, me, ORG_ID, OTHER_ORG_ID, resetSession, signedIn } from '../../test/fakeApi';
import { freshIndexedDb } from '../../test/indexedDb';
import { CHART, trialBalance } from '../ledger/testing';
import HomeScreen from './HomeScreen';
import OrganizationLinkScreen from './OrganizationLinkScreen';

beforeEach(freshIndexedDb);

afterEach(() => {
  cleanup();
  resetSession();
  window.history.replaceState(null, '', '/');
});

const ORG = `/api/v1/orgs/${ORG_ID}`;
const OWNER = ['organization:read', 'organization:manage', 'users:read', 'users:invite', 'ledger:read', 'ledger:post'];

function profile(logo: string | null) {
  return {
    legal_name: 'Lusaka Traders Ltd',
    trading_name: null,
    business_type: 'limited_company',
    tpin: '1234567890',
    vat_registered: false,
    vat_effective_date: null,
    turnover_tax: true,
    pacra_number: null,
    physical_address: { line1: 'Plot 1', line2: null, city: 'Lusaka', province: 'lusaka' },
    postal_address: null,
    phone: '+260971234567',
    email: 'office@lusaka-traders.co.zm',
    base_currency: 'ZMW',
    fiscal_year_start_month: 1,
    logo_url: logo,
  };
}

function member(id: string) {
  return { user_id: id, email: `${id}@x.zm`, full_name: id, role: 'owner', status: 'active', joined_at: '2026-01-01T08:00:00Z', mfa_enabled: false };
}

function owner(permissions: readonly string[] = OWNER) {
  return me({
    organizations: [
      { organization_id: ORG_ID, organization_name: 'Lusaka Traders Ltd', role: 'owner', permissions: [...permissions], require_mfa: false },
      { organization_id: OTHER_ORG_ID, organization_name: 'Mwila Farm Supplies', role: 'viewer', permissions: ['ledger:read'], require_mfa: false },
    ],
  });
}

/** The checklist as read: each step's state and its link. */
const steps = (screen: HTMLElement): string[] =>
  Array.from(screen.querySelectorAll('.checklist li'), (step) => `${step.querySelector('.checklist__state')?.textContent?.trim()}: ${step.querySelector('a')?.textContent} → ${step.querySelector('a')?.getAttribute('href')}`);

describe('Home', () => {
  it('tells someone signed out what IntelliFin is, and offers to create an account or sign in', async () => {
    fakeApi();
    await startSession();
    const screen = renderIntoDocument(<HomeScreen />);

    await waitFor(() => screen.querySelector('h1'));
    expect(screen.querySelector('h1')?.textContent).toBe('The back office for your business');
    expect(findByText(screen, 'a', 'Create an account')?.getAttribute('href')).toBe('/register');
    expect(findByText(screen, 'a', 'Sign in')?.getAttribute('href')).toBe('/sign-in');
    expect(findByText(screen, 'a', 'System status')?.getAttribute('href')).toBe('/status');
    expect(screen.querySelector('.status')).toBeNull();
    expect(await axeViolations(screen)).toEqual([]);
  });

  it('offers "Set up your business" to someone who has none', async () => {
    await signedIn({}, me({ organizations: [] }));
    const screen = renderIntoDocument(<HomeScreen />);

    await waitFor(() => findByText(screen, 'a', 'Set up your business'));
    expect(screen.querySelector('h1')?.textContent).toBe('Welcome, Chanda Mwila');
    expect(findByText(screen, 'a', 'Set up your business')?.getAttribute('href')).toBe('/organizations/new');
    expect(await axeViolations(screen)).toEqual([]);
  });

  it('is the business’s start page: the getting-started checklist, and cash, bank and mobile money from the ledger', async () => {
    const api = await signedIn(
      {
        [`GET ${ORG}/profile`]: profile('/api/v1/orgs/x/profile/logo'),
        [`GET ${ORG}/members`]: { items: [member('owner')], next_cursor: null },
        [`GET ${ORG}/invitations`]: { items: [], next_cursor: null },
        [`GET ${ORG}/accounts`]: { items: CHART, next_cursor: null },
        [`GET ${ORG}/reports/trial-balance`]: trialBalance({
          rows: [
            ...trialBalance().rows,
            { account_id: 'acc-1150', code: '1150', name: 'Airtel Money wallet', account_type: 'asset', debit: '250.50', credit: '0.00', balance: '250.50', compare_debit: null, compare_credit: null, compare_balance: null },
          ],
        }),
      },
      owner(),
    );
    const screen = renderIntoDocument(<HomeScreen />);

    await waitFor(() => screen.querySelector('.checklist'));
    expect(screen.querySelector('h1')?.textContent).toBe('Lusaka Traders Ltd');
    expect(steps(screen)).toEqual([
      '✓ Done: Add your logo to the business profile → /organization',
      '○ To do: Invite your team → /team/invitations',
      '✓ Done: Enter your opening balances → /ledger/new-entry',
    ]);
    expect(screen.textContent).toContain('2 of 3 done');
    const figures = Array.from(screen.querySelectorAll('.figures__row'), (row) => `${row.querySelector('dt')?.textContent} ${row.querySelector('dd')?.textContent}`);
    // Headers, archived accounts and accounts that are not money are left out; one with no postings is K0.00.
    expect(figures).toEqual(['Cash on hand K5,000.00', 'Airtel Money wallet K250.50', 'Total K5,250.50']);
    expect(api.calls(`GET ${ORG}/reports/trial-balance`)).toHaveLength(1);
    expect(await axeViolations(screen)).toEqual([]);
  });

  it('asks only for what the role may read, and offers only the steps it may do', async () => {
    const api = await signedIn(
      {
        [`GET ${ORG}/accounts`]: { items: CHART, next_cursor: null },
        [`GET ${ORG}/reports/trial-balance`]: trialBalance({ rows: [] }),
      },
      owner(['ledger:read']),
    );
    const screen = renderIntoDocument(<HomeScreen />);

    await waitFor(() => screen.querySelector('.figures'));
    expect(screen.querySelector('.checklist')).toBeNull();
    expect(api.calls(`GET ${ORG}/profile`)).toHaveLength(0);
    expect(api.calls(`GET ${ORG}/members`)).toHaveLength(0);
    expect(Array.from(screen.querySelectorAll('.figures__row dd'), (cell) => cell.textContent)).toEqual(['K0.00', 'K0.00', 'K0.00']);
  });
});

describe('the welcome e-mail’s link, /orgs/<id>', () => {
  it('works on that organization and opens its Home', async () => {
    await signedIn({}, owner());
    navigate(`/orgs/${OTHER_ORG_ID}`);
    renderIntoDocument(<OrganizationLinkScreen params={{ orgId: OTHER_ORG_ID }} />);

    await waitFor(() => window.location.pathname === '/');
    expect(sessionState().currentOrganizationId).toBe(OTHER_ORG_ID);
  });

  it('says so when the organization is not one of the person’s', async () => {
    await signedIn({}, owner());
    const screen = renderIntoDocument(<OrganizationLinkScreen params={{ orgId: 'c3333333-3333-4333-8333-333333333333' }} />);

    await waitFor(() => screen.querySelector('h1'));
    expect(screen.querySelector('h1')?.textContent).toBe('Not one of your organizations');
    expect(sessionState().currentOrganizationId).toBe(ORG_ID);
    expect(await axeViolations(screen)).toEqual([]);
  });
});
