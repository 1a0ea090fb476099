import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api, ApiNetworkError, ApiProblem } from '../api/client';
import { currentToasts, dismissToast } from '../components/toasts';
import { readRecent, recentKey, saveRecent } from '../offline/recent';
import { outbox } from '../offline/sync';
import { jsonResponse } from '../test/dom';
import {
  fakeApi,
  me,
  ORG_ID,
  OTHER_ORG_ID,
  problem,
  resetSession,
  setCsrfCookie,
  signedIn,
  tokens,
  USER_ID,
} from '../test/fakeApi';
import { freshIndexedDb } from '../test/indexedDb';
import {
  CURRENT_ORGANIZATION_KEY,
  LAST_IDENTITY_KEY,
  OUTBOX_OWNER_KEY,
  REFRESH_LOCK,
  resetSessionForTests,
  sessionOf,
  sessionState,
  signIn,
  signOut,
  startSession,
  switchOrganization,
} from './session';

const session = () => sessionOf(sessionState());

beforeEach(async () => {
  await freshIndexedDb();
  resetSession();
});

afterEach(() => {
  resetSession();
  currentToasts().forEach((toast) => dismissToast(toast.id));
});

const bearer = (headers: Headers) => [headers.get('Authorization'), headers.get('X-IntelliFin-Authorization')];

/** The access token a call made now carries, or null: the session holds it in memory only. */
async function tokenInMemory(): Promise<string | null> {
  const sent: (string | null)[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (_input: RequestInfo | URL, init: RequestInit = {}) => {
      sent.push(new Headers(init.headers).get('Authorization'));
      return jsonResponse({});
    }),
  );
  await api.request('/api/v1/me');
  return sent[0]?.replace(/^Bearer /, '') ?? null;
}

describe('restoring the session on start', () => {
  it('asks nothing and is signed out when there is no CSRF cookie', async () => {
    const fake = fakeApi();

    await startSession();

    expect(sessionState().status).toBe('signed_out');
    expect(fake.requests).toEqual([]);
  });

  it('refreshes through the cookie with the CSRF header, then reads /me with the new token', async () => {
    setCsrfCookie('csrf-from-cookie');
    const fake = fakeApi({ 'POST /api/v1/auth/refresh': tokens('access-1'), 'GET /api/v1/me': me() });

    await startSession();

    const [refresh, profile] = fake.requests;
    expect(refresh?.path).toBe('/api/v1/auth/refresh');
    expect(refresh?.headers.get('X-CSRF-Token')).toBe('csrf-from-cookie');
    expect(refresh?.credentials).toBe('same-origin');
    expect(refresh?.headers.get('Authorization')).toBeNull();
    expect(profile?.path).toBe('/api/v1/me');
    expect(bearer(profile?.headers ?? new Headers())).toEqual(['Bearer access-1', 'Bearer access-1']);
    const current = session();
    expect(current.status).toBe('signed_in');
    expect(current.user).toMatchObject({ id: USER_ID, name: 'Chanda Mwila', email: 'chanda@lusaka-traders.co.zm' });
    expect(current.organizations.map((organization) => organization.name)).toEqual([
      'Lusaka Traders Ltd',
      'Mwila Farm Supplies',
    ]);
    expect(current.currentOrganization?.id).toBe(ORG_ID);
    expect(current.can('users:invite')).toBe(true);
    expect(current.can('ledger:post')).toBe(false);
  });

  it('never keeps the access token in storage', async () => {
    await signedIn();

    expect(await tokenInMemory()).toBe('access-1');
    expect(JSON.stringify({ ...localStorage })).not.toContain('access-1');
    expect(document.cookie).not.toContain('access-1');
  });

  it('is signed out when the API refuses the refresh', async () => {
    setCsrfCookie();
    fakeApi({ 'POST /api/v1/auth/refresh': problem(401, 'refresh_token_invalid', 'You are signed out.') });

    await startSession();

    expect(sessionState().status).toBe('signed_out');
  });

  it('keeps waiting when offline, and tries again when the connection returns', async () => {
    setCsrfCookie();
    const fake = fakeApi({ 'GET /api/v1/me': me() });
    fake.on('POST /api/v1/auth/refresh', () => Promise.reject(new TypeError('Failed to fetch')));

    await startSession();
    expect(sessionState()).toMatchObject({ status: 'loading', waitingForNetwork: true });

    fake.on('POST /api/v1/auth/refresh', tokens());
    window.dispatchEvent(new Event('online'));
    await vi.waitFor(() => expect(sessionState().status).toBe('signed_in'));
  });

  describe('started offline after a session on this phone', () => {
    /** Signed in once (online), then the page is closed: a new page starts with no connection. */
    async function startOfflineAfterASession(): Promise<ReturnType<typeof fakeApi>> {
      await signedIn();
      resetSessionForTests();
      const fake = fakeApi({ 'GET /api/v1/me': me() });
      fake.on('POST /api/v1/auth/refresh', () => Promise.reject(new TypeError('Failed to fetch')));
      await startSession();
      return fake;
    }

    it('shows the person and organization remembered, with no token, marked as not yet confirmed', async () => {
      await startOfflineAfterASession();

      expect(sessionState()).toMatchObject({ status: 'signed_in', remembered: true, waitingForNetwork: true });
      const current = session();
      expect(current.user).toMatchObject({ id: USER_ID, name: 'Chanda Mwila' });
      expect(current.currentOrganization?.name).toBe('Lusaka Traders Ltd');
      expect(current.can('users:invite')).toBe(true);
      expect(await tokenInMemory()).toBeNull();
      expect(localStorage.getItem(LAST_IDENTITY_KEY)).not.toContain('access-1');
    });

    it('is confirmed by the refresh on reconnect, and only then sends what was drafted', async () => {
      const fake = await startOfflineAfterASession();
      await outbox.enqueue({ id: 'draft-1', method: 'POST', path: '/api/v1/drafts', body: {}, summary: 'A draft' });
      fake.on('POST /api/v1/drafts', { id: 'sent' });
      expect(fake.requests.filter((request) => request.path === '/api/v1/drafts')).toEqual([]);

      fake.on('POST /api/v1/auth/refresh', tokens('access-2'));
      window.dispatchEvent(new Event('online'));

      await vi.waitFor(() => expect(sessionState()).toMatchObject({ status: 'signed_in', remembered: false }));
      await vi.waitFor(() => expect(fake.requests.map((request) => request.path)).toContain('/api/v1/drafts'));
      const sent = fake.requests.find((request) => request.path === '/api/v1/drafts');
      expect(sent?.headers.get('Authorization')).toBe('Bearer access-2');
      expect(sent?.headers.get('Idempotency-Key')).toBe('draft-1');
    });

    it('ends, forgetting the person, when the server refuses the session on reconnect; the drafts stay', async () => {
      const fake = await startOfflineAfterASession();
      await outbox.enqueue({ id: 'draft-1', method: 'POST', path: '/api/v1/drafts', body: {}, summary: 'A draft' });

      fake.on('POST /api/v1/auth/refresh', problem(401, 'refresh_token_invalid', 'You are signed out.'));
      window.dispatchEvent(new Event('online'));

      await vi.waitFor(() => expect(sessionState()).toMatchObject({ status: 'signed_out', ended: 'expired' }));
      expect(localStorage.getItem(LAST_IDENTITY_KEY)).toBeNull();
      expect((await outbox.list()).map((change) => change.id)).toEqual(['draft-1']);
    });

    it('starts as before (waiting, nobody shown) once the person has signed out', async () => {
      await signedIn({ 'POST /api/v1/auth/logout': new Response(null, { status: 204 }) });
      await signOut();
      expect(localStorage.getItem(LAST_IDENTITY_KEY)).toBeNull();

      resetSessionForTests();
      setCsrfCookie();
      const fake = fakeApi();
      fake.on('POST /api/v1/auth/refresh', () => Promise.reject(new TypeError('Failed to fetch')));
      await startSession();

      expect(sessionState()).toMatchObject({ status: 'loading', user: null, remembered: false });
    });

    it('keeps the remembered memberships when the session is restored but /me gets no answer', async () => {
      const fake = await startOfflineAfterASession();
      fake.on('POST /api/v1/auth/refresh', tokens('access-2'));
      fake.on('GET /api/v1/me', () => Promise.reject(new TypeError('Failed to fetch')));
      window.dispatchEvent(new Event('online'));

      await vi.waitFor(() => expect(sessionState()).toMatchObject({ status: 'signed_in', remembered: false }));
      expect(session().currentOrganization?.name).toBe('Lusaka Traders Ltd');
      expect(JSON.parse(localStorage.getItem(LAST_IDENTITY_KEY) ?? '{}').organizations).toHaveLength(2);
    });

    it('ignores a remembered identity it cannot read', async () => {
      await signedIn();
      localStorage.setItem(LAST_IDENTITY_KEY, '{"user": 1');
      resetSessionForTests();
      const fake = fakeApi();
      fake.on('POST /api/v1/auth/refresh', () => Promise.reject(new TypeError('Failed to fetch')));
      await startSession();

      expect(sessionState()).toMatchObject({ status: 'loading', user: null });
    });
  });

  it('goes back to the organization chosen earlier, if the person still belongs to it', async () => {
    localStorage.setItem(CURRENT_ORGANIZATION_KEY, OTHER_ORG_ID);
    await signedIn();
    expect(session().currentOrganization?.name).toBe('Mwila Farm Supplies');
    expect(session().can('users:invite')).toBe(false);

    resetSessionForTests();
    localStorage.setItem(CURRENT_ORGANIZATION_KEY, 'an-organization-they-left');
    await signedIn();
    expect(session().currentOrganization?.id).toBe(ORG_ID);
    expect(localStorage.getItem(CURRENT_ORGANIZATION_KEY)).toBe(ORG_ID);
  });
});

describe('the data of organizations on this phone', () => {
  it('forgets the saved copies of an organization the person no longer belongs to, and keeps the others', async () => {
    const chartOf = (organizationId: string) => recentKey<string[]>('ledger.chart', organizationId, 60_000);
    await saveRecent(chartOf(ORG_ID), ['1150 Airtel Money']);
    await saveRecent(chartOf(OTHER_ORG_ID), ['1160 MTN MoMo']);
    const left = me();

    await signedIn({}, { ...left, organizations: left.organizations.filter((membership) => membership.organization_id === ORG_ID) });

    await vi.waitFor(async () => expect(await readRecent(chartOf(OTHER_ORG_ID))).toBeUndefined());
    expect((await readRecent(chartOf(ORG_ID)))?.value).toEqual(['1150 Airtel Money']);
  });
});

describe('switching organization', () => {
  it('remembers the choice on this device and ignores organizations that are not theirs', async () => {
    await signedIn();

    switchOrganization(OTHER_ORG_ID);
    expect(session().currentOrganization?.id).toBe(OTHER_ORG_ID);
    expect(localStorage.getItem(CURRENT_ORGANIZATION_KEY)).toBe(OTHER_ORG_ID);

    switchOrganization('someone-elses-organization');
    expect(session().currentOrganization?.id).toBe(OTHER_ORG_ID);
  });
});

describe('a call refused with 401', () => {
  it('sends the token in both headers, refreshes once for every caller at once, and retries each', async () => {
    const fake = await signedIn();
    fake.on('POST /api/v1/auth/refresh', async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      return jsonResponse(tokens('access-2'));
    });
    fake.on('GET /api/v1/orgs/org/members', (request) =>
      request.headers.get('Authorization') === 'Bearer access-2'
        ? jsonResponse({ items: [], next_cursor: null })
        : problem(401, 'unauthenticated', 'Sign in to continue.'),
    );

    const answers = await Promise.all([1, 2, 3].map(() => api.request('/api/v1/orgs/org/members')));

    expect(answers).toEqual([1, 2, 3].map(() => ({ items: [], next_cursor: null })));
    expect(fake.calls('POST /api/v1/auth/refresh')).toHaveLength(2); // the start's, and one for the three
    const members = fake.calls('GET /api/v1/orgs/org/members');
    expect(members.map((request) => bearer(request.headers))).toEqual([
      ['Bearer access-1', 'Bearer access-1'],
      ['Bearer access-1', 'Bearer access-1'],
      ['Bearer access-1', 'Bearer access-1'],
      ['Bearer access-2', 'Bearer access-2'],
      ['Bearer access-2', 'Bearer access-2'],
      ['Bearer access-2', 'Bearer access-2'],
    ]);
    expect(await tokenInMemory()).toBe('access-2');
  });

  it('takes the refresh under a Web Lock shared with other tabs', async () => {
    const names: string[] = [];
    vi.stubGlobal('navigator', {
      ...navigator,
      onLine: true,
      locks: {
        request: (name: string, work: () => Promise<unknown>) => {
          names.push(name);
          return work();
        },
      },
    });
    const fake = await signedIn();
    fake.on('POST /api/v1/auth/refresh', tokens('access-2'));
    fake.on('GET /api/v1/me/sessions', (request) =>
      request.headers.get('Authorization') === 'Bearer access-1'
        ? problem(401, 'unauthenticated', 'Sign in to continue.')
        : jsonResponse([]),
    );

    await api.request('/api/v1/me/sessions');

    expect(names.filter((name) => name === REFRESH_LOCK)).toHaveLength(2);
  });

  it('signs the person out when the refresh is refused, and rejects with the 401', async () => {
    const fake = await signedIn();
    fake.on('POST /api/v1/auth/refresh', problem(401, 'session_ended', 'Your session has ended.'));
    fake.on('GET /api/v1/me/sessions', problem(401, 'unauthenticated', 'Sign in to continue.'));

    const failure = await api.request('/api/v1/me/sessions').catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(ApiProblem);
    expect((failure as ApiProblem).status).toBe(401);
    expect(sessionState().status).toBe('signed_out');
    expect(await tokenInMemory()).toBeNull();
    expect(currentToasts().map((toast) => toast.message)).toContain('Your session has ended. Sign in again to continue.');
  });

  it('stays signed in when the refresh gets no answer (offline): the call fails as offline', async () => {
    const fake = await signedIn();
    fake.on('POST /api/v1/auth/refresh', () => Promise.reject(new TypeError('Failed to fetch')));
    fake.on('GET /api/v1/me/sessions', problem(401, 'unauthenticated', 'Sign in to continue.'));

    await expect(api.request('/api/v1/me/sessions')).rejects.toBeInstanceOf(ApiNetworkError);

    expect(sessionState().status).toBe('signed_in');
  });

  it('does not refresh for a 401 to a call made without a token (a wrong password)', async () => {
    const fake = fakeApi({ 'POST /api/v1/auth/login': problem(401, 'invalid_credentials', 'Not correct.') });

    await expect(signIn({ email: 'a@b.zm', password: 'x' })).rejects.toMatchObject({ code: 'invalid_credentials' });

    expect(fake.calls('POST /api/v1/auth/refresh')).toEqual([]);
  });
});

describe('signing in', () => {
  it('sends no token with the credentials, then holds the new one and reads /me', async () => {
    await startSession();
    const fake = fakeApi({ 'POST /api/v1/auth/login': tokens('access-9'), 'GET /api/v1/me': me() });

    await signIn({ email: 'chanda@lusaka-traders.co.zm', password: 'correct horse', totp_code: '123456' });

    const [login, profile] = fake.requests;
    expect(login?.headers.get('Authorization')).toBeNull();
    expect(login?.body).toEqual({ email: 'chanda@lusaka-traders.co.zm', password: 'correct horse', totp_code: '123456' });
    expect(bearer(profile?.headers ?? new Headers())).toEqual(['Bearer access-9', 'Bearer access-9']);
    expect(sessionState().status).toBe('signed_in');
    expect(localStorage.getItem(OUTBOX_OWNER_KEY)).toBe(USER_ID);
  });

  it('passes on the API\'s problem when a second factor is needed', async () => {
    fakeApi({ 'POST /api/v1/auth/login': problem(401, 'mfa_required', 'Enter the 6-digit code.') });

    await expect(signIn({ email: 'a@b.zm', password: 'x' })).rejects.toMatchObject({ status: 401, code: 'mfa_required' });
    expect(sessionState().status).not.toBe('signed_in');
  });

  it('empties the outbox of another person who used this phone, and keeps one\'s own', async () => {
    localStorage.setItem(OUTBOX_OWNER_KEY, 'someone-else');
    await outbox.enqueue({ method: 'POST', path: '/api/v1/expenses', body: {}, summary: 'Fuel K350.00' });
    fakeApi({ 'POST /api/v1/auth/login': tokens(), 'GET /api/v1/me': me() });
    vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);

    await signIn({ email: 'chanda@lusaka-traders.co.zm', password: 'x' });
    expect(await outbox.list()).toEqual([]);

    await outbox.enqueue({ method: 'POST', path: '/api/v1/expenses', body: {}, summary: 'Fuel K350.00' });
    resetSessionForTests();
    await signIn({ email: 'chanda@lusaka-traders.co.zm', password: 'x' });
    expect(await outbox.list()).toHaveLength(1);
  });
});

describe('signing out', () => {
  it('ends the session at the API, forgets the token and the recent data, and keeps the outbox', async () => {
    const fake = await signedIn({ 'POST /api/v1/auth/logout': new Response(null, { status: 204 }) });
    const key = recentKey<string>('test.recent', null, 60_000);
    await saveRecent(key, 'Lusaka Traders figures');
    vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    const queued = await outbox.enqueue({ method: 'POST', path: '/api/v1/expenses', body: {}, summary: 'Fuel K350.00' });

    await signOut();

    const [logout] = fake.calls('POST /api/v1/auth/logout');
    expect(bearer(logout?.headers ?? new Headers())).toEqual(['Bearer access-1', 'Bearer access-1']);
    expect(logout?.headers.get('X-CSRF-Token')).toBe('csrf-1');
    expect(sessionState().status).toBe('signed_out');
    expect(await tokenInMemory()).toBeNull();
    expect(document.cookie).not.toContain('intellifin_csrf=csrf-1');
    await vi.waitFor(async () => expect(await readRecent(key)).toBeUndefined());
    expect((await outbox.list()).map((change) => change.id)).toContain(queued.id);
  });

  it('signs this device out even when the API cannot be reached', async () => {
    const fake = await signedIn();
    fake.on('POST /api/v1/auth/logout', () => Promise.reject(new TypeError('Failed to fetch')));

    await signOut();

    expect(sessionState().status).toBe('signed_out');
  });

  it('everywhere: calls logout-all, and stays signed in when that fails', async () => {
    const fake = await signedIn();
    fake.on('POST /api/v1/auth/logout-all', () => Promise.reject(new TypeError('Failed to fetch')));

    await expect(signOut({ everywhere: true })).rejects.toBeInstanceOf(ApiNetworkError);
    expect(sessionState().status).toBe('signed_in');

    fake.on('POST /api/v1/auth/logout-all', new Response(null, { status: 204 }));
    await signOut({ everywhere: true });
    expect(sessionState().status).toBe('signed_out');
  });
});
