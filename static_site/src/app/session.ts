/**
 * Who is signed in, to which organizations they belong, and which one they are working on.
 *
 * Screens read it with `useSession()`:
 *
 * ```tsx
 * const session = useSession();
 * if (session.status !== 'signed_in') return null;        // the route guard already waits
 * const org = session.currentOrganization;                  // null until they join or create one
 * session.can('ledger:post');                               // in the current organization
 * api.call('get', '/api/v1/orgs/{org_id}/accounts', { path: { org_id: org.id } });
 * ```
 *
 * Routes that need a signed-in person say so in the registry (`requiresAuth`, `permission`);
 * the shell then waits for the session, sends signed-out people to `/sign-in?next=…`, and
 * shows "not allowed" instead of a screen the role does not permit.
 *
 * How the session is kept:
 * - The **access token** lives only in this module's memory, never in storage. The API client
 *   sends it as `Authorization` and `X-IntelliFin-Authorization` (for Azure Static Web Apps).
 * - **On start**, a silent refresh (`POST /api/v1/auth/refresh`, the HttpOnly refresh cookie
 *   plus the `intellifin_csrf` cookie repeated in `X-CSRF-Token`) restores the session. With
 *   no CSRF cookie there is no session to restore, and no request is made.
 * - **A 401** to any call triggers one refresh shared by every caller in the tab, taken under
 *   a Web Lock across tabs (refresh tokens rotate: two refreshes racing with the same cookie
 *   would look like theft and end the session), then one retry. If the refresh is refused,
 *   the person is signed out and the shell sends them to sign in again.
 * - **Who was signed in** (the person and their memberships, never a token) is remembered on
 *   this device. Started without a connection, the app shows that person and organization
 *   (`remembered`), so saved copies can be read and changes drafted into the outbox; the
 *   refresh is tried again when the connection returns, and only a session the server
 *   restores sends what was drafted (a refused one signs out, keeping the outbox for the
 *   same person as always).
 * - **Signing out** clears the recent data kept for offline reading. The outbox of changes
 *   saved offline is kept for the same person (the shell asks first when it is not empty) and
 *   emptied when someone else signs in on this device.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import * as auth from '../api/auth';
import { api, ApiNetworkError, ApiProblem, ApiTimeoutError, type Authenticator } from '../api/client';
import { showToast } from '../components/toasts';
import { t } from '../i18n';
import { clearRecent, forgetOrganizationsExcept } from '../offline/recent';
import { outbox, sendPendingChanges } from '../offline/sync';

/** Every permission of the API (`shared_code/identity/permissions.py`), checked by `can()`. */
export type Permission =
  | 'organization:read'
  | 'organization:manage'
  | 'organization:export'
  | 'organization:delete'
  | 'users:read'
  | 'users:invite'
  | 'users:manage'
  | 'roles:manage'
  | 'audit:read'
  | 'security:manage'
  | 'customers:read'
  | 'customers:manage'
  | 'invoices:read'
  | 'invoices:create'
  | 'invoices:issue'
  | 'invoices:void'
  | 'payments:record'
  | 'zra:manage'
  | 'mobile_money:read'
  | 'mobile_money:manage'
  | 'mobile_money:request_payment'
  | 'expenses:read'
  | 'expenses:create'
  | 'expenses:approve'
  | 'expenses:post'
  | 'suppliers:read'
  | 'suppliers:manage'
  | 'ledger:read'
  | 'ledger:post'
  | 'accounts:manage'
  | 'periods:manage'
  | 'ledger:export'
  | 'reports:read'
  | 'reports:export'
  | 'reports:share'
  | 'reports:manage'
  | 'reports:sign_off'
  | 'analytics:read';

export type SessionStatus = 'loading' | 'signed_out' | 'signed_in';

/** An organization, as the switcher shows it. */
export interface Organization {
  readonly id: string;
  readonly name: string;
}

/** An organization the person belongs to, with their role and what it allows there. */
export interface OrganizationMembership extends Organization {
  /** The role key: `owner`, `admin`, …, or `custom:<slug>`. */
  readonly role: string;
  readonly permissions: readonly string[];
  /** The organization requires every member to sign in with a second factor. */
  readonly requireMfa: boolean;
}

/** The person, as the account menu shows them. */
export interface SignedInUser {
  readonly name: string;
  readonly email: string;
}

export interface SessionUser extends SignedInUser {
  readonly id: string;
  readonly emailVerified: boolean;
  readonly mfaEnabled: boolean;
  /** This session was opened with a second factor. */
  readonly sessionMfa: boolean;
}

/** What `useSession()` returns: stable for every screen to build on. */
export interface Session {
  readonly status: SessionStatus;
  readonly user: SessionUser | null;
  readonly organizations: readonly OrganizationMembership[];
  /** The organization being worked on; null when signed out or a member of none. */
  readonly currentOrganization: OrganizationMembership | null;
  /** Whether the person's role in the current organization grants `permission`. */
  can(permission: Permission): boolean;
  /** Works on another of the person's organizations (remembered on this device). */
  switchOrganization(organizationId: string): void;
  /** Reads `/api/v1/me` again: after joining or creating an organization, or a role change. */
  refreshMe(): Promise<void>;
}

/** The session as the shell sees it, including what screens need not know. */
export interface SessionState {
  readonly status: SessionStatus;
  readonly user: SessionUser | null;
  readonly organizations: readonly OrganizationMembership[];
  readonly currentOrganizationId: string | null;
  /** Still `loading` because the first refresh got no answer; it is tried again when online. */
  readonly waitingForNetwork: boolean;
  /** How the last session on this page ended: signed out here, expired, or in another tab. */
  readonly ended: SessionEnd | null;
  /**
   * Signed in only as remembered on this device: the app started without a connection, and
   * the server has not confirmed the session yet. No token exists; nothing is sent.
   */
  readonly remembered: boolean;
}

export type SessionEnd = 'signed_out' | 'expired' | 'elsewhere';

/** Where the chosen organization is remembered on this device. */
export const CURRENT_ORGANIZATION_KEY = 'intellifin.currentOrganizationId';
/** Whose changes the offline outbox holds. */
export const OUTBOX_OWNER_KEY = 'intellifin.outboxOwner';
/** Who was signed in last on this device (never a token): see the top of this file. */
export const LAST_IDENTITY_KEY = 'intellifin.lastIdentity';
/** How long to wait before asking again when the API gave no answer although the phone is online. */
export const RESTORE_RETRY_MS = 15_000;
/** The Web Lock that keeps refreshes of every tab one at a time. */
export const REFRESH_LOCK = 'intellifin-auth-refresh';
const CHANNEL = 'intellifin-session';

const SIGNED_OUT: SessionState = {
  status: 'signed_out',
  user: null,
  organizations: [],
  currentOrganizationId: null,
  waitingForNetwork: false,
  ended: null,
  remembered: false,
};

const LOADING: SessionState = { ...SIGNED_OUT, status: 'loading' };

let state: SessionState = LOADING;
let accessToken: string | null = null;
let refreshing: Promise<auth.TokenResponse | null> | undefined;
let started: Promise<void> | undefined;
let signingOut = false;
const listeners = new Set<() => void>();

function setState(next: SessionState): void {
  state = next;
  listeners.forEach((listener) => listener());
}

/** The session now, for code outside components. */
export function sessionState(): SessionState {
  return state;
}

/** Calls `listener` after each change of the session; returns the function that stops it. */
export function subscribeToSession(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

// Storage that may be refused (private browsing) -----------------------------------------

function readStored(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function store(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // The choice then lasts until the page closes.
  }
}

function forget(key: string): void {
  try {
    localStorage.removeItem(key);
  } catch {
    // Nothing was stored either.
  }
}

/** What an offline start shows: the person and their memberships, as last confirmed by the API. */
interface RememberedIdentity {
  readonly user: SessionUser;
  readonly organizations: readonly OrganizationMembership[];
}

function remember(user: SessionUser, organizations: readonly OrganizationMembership[]): void {
  store(LAST_IDENTITY_KEY, JSON.stringify({ user, organizations } satisfies RememberedIdentity));
}

/** The remembered identity, or null when there is none or it cannot be read. */
function rememberedIdentity(): RememberedIdentity | null {
  const stored = readStored(LAST_IDENTITY_KEY);
  if (stored === null) {
    return null;
  }
  try {
    const value = JSON.parse(stored) as Partial<RememberedIdentity> | null;
    if (typeof value?.user?.id !== 'string' || !Array.isArray(value.organizations)) {
      return null;
    }
    return { user: value.user, organizations: value.organizations };
  } catch {
    return null;
  }
}

// Refreshing ------------------------------------------------------------------------------

/** Whether an error means "no answer", not "refused". */
function gotNoAnswer(error: unknown): boolean {
  return error instanceof ApiNetworkError || error instanceof ApiTimeoutError;
}

/** Runs `work` holding the Web Lock `name` where the browser has Web Locks (every tab shares it). */
function exclusively<T>(name: string, work: () => Promise<T>): Promise<T> {
  const locks = typeof navigator === 'undefined' ? null : (navigator as { locks?: LockManager | null }).locks;
  return locks === null || locks === undefined ? work() : locks.request(name, work);
}

/**
 * New tokens from the refresh cookie; null when there is no session to refresh (no CSRF
 * cookie, or the API refused it). Throws when the API could not be reached.
 */
async function refreshNow(): Promise<auth.TokenResponse | null> {
  // Read inside the lock: another tab may have just refreshed and rotated the cookie.
  if (auth.readCookie(auth.CSRF_COOKIE) === null) {
    return null;
  }
  try {
    return await auth.refreshTokens();
  } catch (error) {
    if (error instanceof ApiProblem && (error.status === 401 || error.status === 403)) {
      return null;
    }
    throw error;
  }
}

/** One refresh at a time: callers in this tab share it, other tabs wait for the lock. */
function refreshOnce(): Promise<auth.TokenResponse | null> {
  refreshing ??= exclusively(REFRESH_LOCK, refreshNow).finally(() => {
    refreshing = undefined;
  });
  return refreshing;
}

const authenticator: Authenticator = {
  accessToken: () => accessToken,
  async renew(rejected) {
    if (accessToken !== null && accessToken !== rejected) {
      // Another caller refreshed while this one waited for its answer.
      return accessToken;
    }
    if (accessToken === null) {
      return null;
    }
    const answer = await refreshOnce();
    if (answer === null) {
      endSession(signingOut ? 'signed_out' : 'expired');
      return null;
    }
    if (state.user !== null && answer.user.id !== state.user.id) {
      // Someone else signed in on this device in another tab: start again as them.
      accessToken = null;
      window.location.assign('/');
      return null;
    }
    accessToken = answer.access_token;
    return accessToken;
  },
};

api.setAuthenticator(authenticator);

// Starting, signing in and out -------------------------------------------------------------

function userOf(me: auth.Me): SessionUser {
  return {
    id: me.id,
    name: me.full_name,
    email: me.email,
    emailVerified: me.email_verified,
    mfaEnabled: me.mfa_enabled,
    sessionMfa: me.session_mfa,
  };
}

function membershipsOf(me: auth.Me): OrganizationMembership[] {
  return me.organizations.map((membership) => ({
    id: membership.organization_id,
    name: membership.organization_name,
    role: membership.role,
    permissions: membership.permissions,
    requireMfa: membership.require_mfa,
  }));
}

/** A remembered membership in the API's words, the inverse of `membershipsOf`. */
function membershipOf(organization: OrganizationMembership): auth.Membership {
  return {
    organization_id: organization.id,
    organization_name: organization.name,
    role: organization.role,
    permissions: [...organization.permissions],
    require_mfa: organization.requireMfa,
  };
}

/** The remembered organization when the person still belongs to it, else their first. */
function chooseOrganization(organizations: readonly OrganizationMembership[], preferred: string | null): string | null {
  const chosen = organizations.some((organization) => organization.id === preferred)
    ? preferred
    : (organizations[0]?.id ?? null);
  if (chosen !== null && chosen !== readStored(CURRENT_ORGANIZATION_KEY)) {
    store(CURRENT_ORGANIZATION_KEY, chosen);
  }
  return chosen;
}

/** Keeps the outbox only for the person who filled it: another person's changes are dropped. */
async function keepOutboxFor(userId: string): Promise<void> {
  const owner = readStored(OUTBOX_OWNER_KEY);
  if (owner !== null && owner !== userId) {
    try {
      for (const change of await outbox.list()) {
        await outbox.discard(change.id);
      }
    } catch {
      // No IndexedDB: there is no outbox either.
    }
  }
  store(OUTBOX_OWNER_KEY, userId);
}

function signedInState(me: auth.Me): SessionState {
  const organizations = membershipsOf(me);
  const user = userOf(me);
  remember(user, organizations);
  // Copies of an organization the person has left (or that is being deleted) leave the phone too.
  void forgetOrganizationsExcept(organizations.map((organization) => organization.id)).catch(() => undefined);
  return {
    status: 'signed_in',
    user,
    organizations,
    currentOrganizationId: chooseOrganization(organizations, readStored(CURRENT_ORGANIZATION_KEY)),
    waitingForNetwork: false,
    ended: null,
    remembered: false,
  };
}

/** The remembered person, shown while the server cannot be asked; or still loading without one. */
function waitingState(): SessionState {
  const identity = rememberedIdentity();
  if (identity === null) {
    return { ...LOADING, waitingForNetwork: true };
  }
  return {
    status: 'signed_in',
    user: identity.user,
    organizations: identity.organizations,
    currentOrganizationId: chooseOrganization(identity.organizations, readStored(CURRENT_ORGANIZATION_KEY)),
    waitingForNetwork: true,
    ended: null,
    remembered: true,
  };
}

/** Starts a session from new tokens: outbox first (before the token exists), then `/me`. */
async function begin(answer: auth.TokenResponse): Promise<void> {
  const previous = state.user;
  await keepOutboxFor(answer.user.id);
  if (previous !== null && previous.id !== answer.user.id) {
    await clearRecent().catch(() => undefined);
  }
  accessToken = answer.access_token;
  let me: auth.Me;
  try {
    me = await auth.getMe();
  } catch (error) {
    if (!gotNoAnswer(error) || accessToken === null) {
      accessToken = null;
      throw error;
    }
    // Signed in, but `/me` got no answer: go on with what the sign-in said (and the
    // memberships remembered for this person), read it later.
    const known = rememberedIdentity();
    me = {
      id: answer.user.id,
      email: answer.user.email,
      full_name: answer.user.full_name,
      mfa_enabled: answer.user.mfa_enabled,
      email_verified: true,
      session_mfa: answer.user.mfa_enabled,
      organizations: known?.user.id === answer.user.id ? known.organizations.map(membershipOf) : [],
    };
    window.addEventListener('online', () => void refreshMe().catch(() => undefined), { once: true });
  }
  setState(signedInState(me));
  broadcast({ type: 'signed_in', userId: me.id });
  void sendPendingChanges().catch(() => undefined);
}

/** Restores the session from the refresh cookie, once per page; safe to call again. */
export function startSession(): Promise<void> {
  started ??= restore();
  return started;
}

async function restore(): Promise<void> {
  let answer: auth.TokenResponse | null;
  try {
    answer = await refreshOnce();
  } catch (error) {
    if (gotNoAnswer(error)) {
      setState(waitingState());
      askAgainLater();
      return;
    }
    answer = null;
  }
  if (state.status === 'signed_in' && !state.remembered) {
    // Signed in by hand meanwhile.
    return;
  }
  if (answer === null) {
    noSession();
    return;
  }
  try {
    await begin(answer);
  } catch {
    noSession();
  }
}

/** The server has no session for this page: signed out, or, for one remembered offline, ended. */
function noSession(): void {
  if (state.remembered) {
    endSession('expired');
  } else {
    setState(SIGNED_OUT);
  }
}

let retryTimer: ReturnType<typeof setTimeout> | undefined;

/** Tries the refresh again when the connection returns, or soon when the phone thinks it is online. */
function askAgainLater(): void {
  const again = (): void => {
    window.removeEventListener('online', again);
    clearTimeout(retryTimer);
    if (state.status === 'loading' || state.remembered) {
      started = undefined;
      void startSession();
    }
  };
  window.addEventListener('online', again);
  clearTimeout(retryTimer);
  retryTimer = setTimeout(() => {
    if (navigator.onLine) {
      again();
    }
  }, RESTORE_RETRY_MS);
}

/**
 * Signs in with an e-mail and password (and a TOTP or recovery code when asked). Rejects
 * with the API's problem: 401 `invalid_credentials`, `mfa_required`, `mfa_invalid`, 403
 * `email_not_verified`, 429 `rate_limited`.
 */
export async function signIn(credentials: auth.LoginRequest): Promise<void> {
  const answer = await auth.login(credentials);
  await begin(answer);
}

/**
 * Signs out of this device (or, with `everywhere`, of every device). This device is signed
 * out even when the API cannot be reached; "everywhere" is not, and rejects instead.
 */
export async function signOut(options: { readonly everywhere?: boolean } = {}): Promise<void> {
  signingOut = true;
  try {
    if (options.everywhere === true) {
      await auth.logoutEverywhere();
    } else {
      await auth.logout().catch(() => undefined);
    }
  } finally {
    signingOut = false;
  }
  // The API cleared the cookies; without an answer, drop the readable one: with no CSRF
  // token, the refresh cookie left behind can no longer be used from this page.
  document.cookie = `${auth.CSRF_COOKIE}=; Max-Age=0; Path=/; SameSite=Strict`;
  broadcast({ type: 'signed_out' });
  endSession('signed_out');
}

/** Forgets the session on this device: token, recent data, who is signed in. */
function endSession(reason: SessionEnd): void {
  const wasSignedIn = state.status === 'signed_in';
  accessToken = null;
  forget(LAST_IDENTITY_KEY);
  void clearRecent().catch(() => undefined);
  setState({ ...SIGNED_OUT, ended: reason });
  if (reason === 'expired' && wasSignedIn) {
    showToast(t('session.ended'), 'info');
  }
}

/** Reads `/api/v1/me` again and keeps the chosen organization when it is still theirs. */
export async function refreshMe(): Promise<void> {
  if (accessToken === null) {
    return;
  }
  const me = await auth.getMe();
  if (accessToken !== null) {
    setState(signedInState(me));
  }
}

/** Works on another of the person's organizations; an id that is not theirs is ignored. */
export function switchOrganization(organizationId: string): void {
  if (state.status !== 'signed_in' || !state.organizations.some((organization) => organization.id === organizationId)) {
    return;
  }
  store(CURRENT_ORGANIZATION_KEY, organizationId);
  setState({ ...state, currentOrganizationId: organizationId });
}

// Other tabs ------------------------------------------------------------------------------

type SessionMessage = { readonly type: 'signed_in'; readonly userId: string } | { readonly type: 'signed_out' };

let channel: BroadcastChannel | null | undefined;

function sessionChannel(): BroadcastChannel | null {
  if (channel === undefined) {
    channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(CHANNEL) : null;
    channel?.addEventListener('message', (event: MessageEvent<SessionMessage>) => onOtherTab(event.data));
  }
  return channel;
}

function broadcast(message: SessionMessage): void {
  try {
    sessionChannel()?.postMessage(message);
  } catch {
    // A closed channel: other tabs find out at their next refresh.
  }
}

/** Another tab signed in or out: follow it, so no tab shows a person who left. */
function onOtherTab(message: SessionMessage): void {
  if (message.type === 'signed_out' && state.status === 'signed_in') {
    endSession('elsewhere');
  } else if (message.type === 'signed_in') {
    if (state.status === 'signed_in' && state.user?.id !== message.userId) {
      window.location.assign('/');
    } else if (state.status !== 'signed_in') {
      started = undefined;
      void startSession();
    }
  }
}

// For components ----------------------------------------------------------------------------

/** The session as the shell sees it; re-renders on every change. */
export function useSessionState(): SessionState {
  const [snapshot, setSnapshot] = useState(state);
  useEffect(() => {
    const update = (): void => setSnapshot(state);
    listeners.add(update);
    sessionChannel();
    update();
    return () => {
      listeners.delete(update);
    };
  }, []);
  return snapshot;
}

/** `Session` of a state. */
export function sessionOf(snapshot: SessionState): Session {
  const currentOrganization =
    snapshot.organizations.find((organization) => organization.id === snapshot.currentOrganizationId) ?? null;
  return {
    status: snapshot.status,
    user: snapshot.user,
    organizations: snapshot.organizations,
    currentOrganization,
    can: (permission) => currentOrganization?.permissions.includes(permission) ?? false,
    switchOrganization,
    refreshMe,
  };
}

/** Who is signed in and where: see the top of this file. Re-renders on every change. */
export function useSession(): Session {
  const snapshot = useSessionState();
  return useMemo(() => sessionOf(snapshot), [snapshot]);
}

/** Forgets everything, as a fresh page would; for tests. */
export function resetSessionForTests(): void {
  accessToken = null;
  refreshing = undefined;
  started = undefined;
  signingOut = false;
  channel?.close();
  channel = undefined;
  clearTimeout(retryTimer);
  retryTimer = undefined;
  state = LOADING;
}

/** Up to two initials of a name, for the account button: "Chanda Mwila" → "CM". */
export function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/).filter((word) => word !== '');
  const letters = words.length > 1 ? [words[0], words[words.length - 1]] : words;
  return letters
    .map((word) => Array.from(word ?? '')[0] ?? '')
    .join('')
    .toUpperCase();
}
