/**
 * A fake API for tests of screens and of the session: handlers by "METHOD /path", every
 * request recorded (headers and JSON body), and helpers for a signed-in session.
 */
import { vi } from 'vitest';
import type { Me, TokenResponse } from '../api/auth';
import { resetSessionForTests, startSession } from '../app/session';
import { jsonResponse } from './dom';

export interface FakeRequest {
  readonly method: string;
  /** Path and query, e.g. `/api/v1/orgs/org-1/members?sort=name`. */
  readonly url: string;
  /** The path alone. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: Headers;
  readonly body: unknown;
  readonly credentials: RequestCredentials | undefined;
}

export type Handler = (request: FakeRequest) => Response | Promise<Response>;

/** Handlers by `"METHOD /path"`: a function of the request, a `Response`, or a JSON body. */
export type Routes = Readonly<Record<string, Handler | Response | object>>;

export interface FakeApi {
  readonly requests: FakeRequest[];
  /**
   * Adds or replaces the handler of `"METHOD /path"` (the path without its query): a
   * function of the request, a `Response`, or a body answered as JSON with 200.
   */
  on(route: string, handler: Handler): void;
  on(route: string, answer: unknown): void;
  /** The requests to `"METHOD /path"`. */
  calls(route: string): FakeRequest[];
}

/** A problem-details answer. */
export function problem(status: number, code: string, title: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ type: 'about:blank', status, code, title, ...extra }), {
    status,
    headers: { 'Content-Type': 'application/problem+json', ...headers },
  });
}

/** Replaces `fetch` with the fake API; unknown routes answer 404. */
export function fakeApi(routes: Routes = {}): FakeApi {
  const handlers = new Map<string, Handler>();
  const requests: FakeRequest[] = [];
  const on = (route: string, handler: unknown): void => {
    handlers.set(
      route,
      typeof handler === 'function'
        ? (handler as Handler)
        : handler instanceof Response
          ? () => handler.clone()
          : () => jsonResponse(handler),
    );
  };
  Object.entries(routes).forEach(([route, handler]) => on(route, handler));
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
      const url = String(input);
      const parsed = new URL(url, 'http://app.test');
      const request: FakeRequest = {
        method: init.method ?? 'GET',
        url,
        path: parsed.pathname,
        query: parsed.searchParams,
        headers: new Headers(init.headers),
        body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
        credentials: init.credentials,
      };
      requests.push(request);
      const handler = handlers.get(`${request.method} ${request.path}`);
      return handler === undefined ? problem(404, 'not_found', 'Not found.') : handler(request);
    }),
  );
  return {
    requests,
    on,
    calls: (route) => requests.filter((request) => `${request.method} ${request.path}` === route),
  };
}

export const USER_ID = '7b0c1c52-5d0e-4a7e-9f0a-000000000001';
export const ORG_ID = 'a1111111-1111-4111-8111-111111111111';
export const OTHER_ORG_ID = 'b2222222-2222-4222-8222-222222222222';

/** Every permission of an owner. */
export const OWNER_PERMISSIONS = [
  'organization:read',
  'organization:manage',
  'users:read',
  'users:invite',
  'users:manage',
  'roles:manage',
  'audit:read',
  'security:manage',
  'ledger:read',
];

export function me(changes: Partial<Me> = {}): Me {
  return {
    id: USER_ID,
    email: 'chanda@lusaka-traders.co.zm',
    full_name: 'Chanda Mwila',
    email_verified: true,
    mfa_enabled: false,
    session_mfa: false,
    organizations: [
      {
        organization_id: ORG_ID,
        organization_name: 'Lusaka Traders Ltd',
        role: 'owner',
        permissions: OWNER_PERMISSIONS,
        require_mfa: false,
      },
      {
        organization_id: OTHER_ORG_ID,
        organization_name: 'Mwila Farm Supplies',
        role: 'viewer',
        permissions: ['organization:read', 'ledger:read'],
        require_mfa: false,
      },
    ],
    ...changes,
  };
}

export function tokens(accessToken = 'access-1', userId = USER_ID): TokenResponse {
  return {
    access_token: accessToken,
    token_type: 'Bearer',
    expires_in: 900,
    csrf_token: 'csrf-1',
    session_id: 'session-1',
    user: { id: userId, email: 'chanda@lusaka-traders.co.zm', full_name: 'Chanda Mwila', mfa_enabled: false },
  };
}

export function setCsrfCookie(value = 'csrf-1'): void {
  document.cookie = `intellifin_csrf=${value}; path=/`;
}

export function clearCookies(): void {
  for (const part of document.cookie.split(';')) {
    const name = part.split('=')[0]?.trim();
    if (name) {
      document.cookie = `${name}=; Max-Age=0; path=/`;
    }
  }
}

/**
 * A fake API with a signed-in session already restored: the refresh cookie is "valid",
 * `/me` answers `profile`. Call `resetSession()` after each test.
 */
export async function signedIn(routes: Routes = {}, profile: Me = me()): Promise<FakeApi> {
  resetSessionForTests();
  setCsrfCookie();
  const fake = fakeApi({
    'POST /api/v1/auth/refresh': tokens(),
    'GET /api/v1/me': profile,
    ...routes,
  });
  await startSession();
  return fake;
}

/** Forgets the session and the cookies; for `afterEach`. */
export function resetSession(): void {
  resetSessionForTests();
  clearCookies();
  try {
    localStorage.clear();
  } catch {
    // Nothing stored.
  }
}
