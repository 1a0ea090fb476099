import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InvitationPreview } from '../../api/auth';
import { sessionState, startSession } from '../../app/session';
import { axeViolations } from '../../test/axe';
import { cleanup, click, findByText, jsonResponse, renderIntoDocument, typeInto, waitFor } from '../../test/dom';
import { fakeApi, me, ORG_ID, problem, resetSession, signedIn, tokens, USER_ID } from '../../test/fakeApi';
import { freshIndexedDb } from '../../test/indexedDb';
import AcceptInvitationScreen from './AcceptInvitationScreen';

const TOKEN = 'invitation-token-0123456789';

function preview(changes: Partial<InvitationPreview> = {}): InvitationPreview {
  return {
    organization_name: 'Lusaka Traders Ltd',
    email: 'mutale@lusaka-traders.co.zm',
    role: 'accountant',
    role_name: 'Accountant',
    invited_by_name: 'Chanda Mwila',
    expires_at: '2026-12-07T10:00:00Z',
    next_step: 'register',
    ...changes,
  };
}

const acceptance = {
  user_id: USER_ID,
  email: 'mutale@lusaka-traders.co.zm',
  organization_id: ORG_ID,
  organization_name: 'Lusaka Traders Ltd',
  role: 'accountant',
};

const input = (root: HTMLElement, id: string): HTMLInputElement => root.querySelector<HTMLInputElement>(`#${id}`) as HTMLInputElement;

beforeEach(async () => {
  await freshIndexedDb();
  resetSession();
  window.history.replaceState(null, '', `/accept-invitation?token=${TOKEN}`);
});

afterEach(() => {
  cleanup();
  resetSession();
  window.history.replaceState(null, '', '/');
});

describe('an invitation link', () => {
  it('reads the invitation with the token in the body, and takes the token out of the address', async () => {
    const fake = fakeApi({ 'POST /api/v1/invitations/preview': preview() });

    const root = renderIntoDocument(<AcceptInvitationScreen />);

    await waitFor(() => findByText(root, 'p', 'Chanda Mwila invited you to join Lusaka Traders Ltd as Accountant.'));
    expect(root.textContent).toContain('The invitation is for mutale@lusaka-traders.co.zm. It expires on 07/12/2026.');
    expect(fake.calls('POST /api/v1/invitations/preview')[0]?.body).toEqual({ token: TOKEN });
    expect(fake.requests.every((request) => !request.url.includes(TOKEN))).toBe(true);
    expect(window.location.search).toBe('');
    expect(await axeViolations(root)).toEqual([]);
  });

  it('makes the account for the invited address, joins, and signs in', async () => {
    const fake = fakeApi({
      'POST /api/v1/invitations/preview': preview(),
      'POST /api/v1/invitations/register': jsonResponse(acceptance, 201),
      'POST /api/v1/auth/login': tokens('access-new'),
      'GET /api/v1/me': me({ email: 'mutale@lusaka-traders.co.zm', full_name: 'Mutale Banda' }),
    });
    await startSession();
    const root = renderIntoDocument(<AcceptInvitationScreen />);
    await waitFor(() => input(root, 'invite-full_name'));

    typeInto(input(root, 'invite-full_name'), 'Mutale Banda');
    typeInto(input(root, 'invite-password'), 'kapenta with nshima');
    click(findByText(root, 'button', 'Create account and join') as HTMLElement);

    await waitFor(() => findByText(root, '[role="status"]', 'You joined Lusaka Traders Ltd as Accountant.'));
    expect(fake.calls('POST /api/v1/invitations/register')[0]?.body).toEqual({
      token: TOKEN,
      full_name: 'Mutale Banda',
      password: 'kapenta with nshima',
    });
    expect(fake.calls('POST /api/v1/auth/login')[0]?.body).toEqual({
      email: 'mutale@lusaka-traders.co.zm',
      password: 'kapenta with nshima',
    });
    expect(sessionState().status).toBe('signed_in');
    expect(await axeViolations(root)).toEqual([]);
  });

  it('has a person with an account sign in with the invited address, then accepts', async () => {
    const fake = fakeApi({
      'POST /api/v1/invitations/preview': preview({ next_step: 'sign_in' }),
      'POST /api/v1/auth/login': tokens(),
      'GET /api/v1/me': me({ email: 'mutale@lusaka-traders.co.zm' }),
      'POST /api/v1/invitations/accept': acceptance,
    });
    await startSession();
    const root = renderIntoDocument(<AcceptInvitationScreen />);
    await waitFor(() => input(root, 'sign-in-email'));
    expect(input(root, 'sign-in-email').value).toBe('mutale@lusaka-traders.co.zm');

    typeInto(input(root, 'sign-in-password'), 'kapenta with nshima');
    click(findByText(root, 'button', 'Sign in') as HTMLElement);

    await waitFor(() => findByText(root, '[role="status"]', 'You joined Lusaka Traders Ltd'));
    const [accept] = fake.calls('POST /api/v1/invitations/accept');
    expect(accept?.body).toEqual({ token: TOKEN });
    expect(accept?.headers.get('Authorization')).toBe('Bearer access-1');
  });

  it('tells a person signed in with another address to sign out first', async () => {
    await signedIn({ 'POST /api/v1/invitations/preview': preview() });
    const root = renderIntoDocument(<AcceptInvitationScreen />);

    const alert = await waitFor(() => findByText(root, '[role="alert"]', 'You are signed in as chanda@lusaka-traders.co.zm'));
    expect(alert.textContent).toContain('the invitation is for mutale@lusaka-traders.co.zm');
    expect(findByText(root, 'button', 'Accept invitation')).toBeUndefined();
  });

  it('says when the invitation is used, withdrawn or expired', async () => {
    fakeApi({ 'POST /api/v1/invitations/preview': problem(404, 'invitation_invalid', 'This invitation is not valid.') });

    const root = renderIntoDocument(<AcceptInvitationScreen />);

    await waitFor(() => findByText(root, '[role="alert"]', 'This invitation cannot be used'));
    expect(await axeViolations(root)).toEqual([]);
  });
});
