/**
 * The identity API's public and account endpoints: sign-up, e-mail verification, sign-in,
 * refresh, sign-out, password reset, invitations, and the signed-in person's own account
 * (`/api/v1/me/...`). Sign-in state itself lives in `app/session.ts`.
 *
 * Calls made before anyone is signed in pass `authenticate: false`: they carry no access
 * token, and their 401 (`invalid_credentials`, `mfa_required`) is an answer, not a sign that
 * a session expired.
 */
import { api } from './client';
import type { components } from './schema';

type Schemas = components['schemas'];

export type TokenResponse = Schemas['TokenResponse'];
export type LoginRequest = Schemas['LoginRequest'];
export type RegisterRequest = Schemas['RegisterRequest'];
export type Accepted = Schemas['Accepted'];
export type Me = Schemas['MeOut'];
export type Membership = Schemas['MembershipOut'];
export type MfaStatus = Schemas['MfaStatusOut'];
export type MfaEnrolment = Schemas['EnrolmentOut'];
export type RecoveryCodes = Schemas['RecoveryCodesOut'];
export type DeviceSession = Schemas['SessionOut'];
export type InvitationPreview = Schemas['InvitationPreviewOut'];
export type Acceptance = Schemas['AcceptanceOut'];

/** The cookie that holds the CSRF token (readable by the app, unlike the refresh cookie). */
export const CSRF_COOKIE = 'intellifin_csrf';
/** The header that must repeat that cookie on cookie-authenticated calls. */
export const CSRF_HEADER = 'X-CSRF-Token';

/** The value of a cookie of this page, or null. */
export function readCookie(name: string): string | null {
  for (const part of document.cookie.split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) {
      const raw = value.join('=');
      try {
        return decodeURIComponent(raw);
      } catch {
        return raw;
      }
    }
  }
  return null;
}

/** The CSRF header for a cookie-authenticated call, or none when there is no cookie. */
function csrfHeaders(): Record<string, string> {
  const csrf = readCookie(CSRF_COOKIE);
  return csrf === null ? {} : { [CSRF_HEADER]: csrf };
}

// Before signing in ---------------------------------------------------------------------

export function register(body: RegisterRequest): Promise<Accepted> {
  return api.call('post', '/api/v1/auth/register', { body, authenticate: false });
}

export function verifyEmail(token: string): Promise<Accepted> {
  return api.call('post', '/api/v1/auth/verify-email', { body: { token }, authenticate: false });
}

export function resendVerification(email: string): Promise<Accepted> {
  return api.call('post', '/api/v1/auth/verify-email/resend', { body: { email }, authenticate: false });
}

export function requestPasswordReset(email: string): Promise<Accepted> {
  return api.call('post', '/api/v1/auth/password-reset/request', { body: { email }, authenticate: false });
}

export function confirmPasswordReset(token: string, password: string): Promise<Accepted> {
  return api.call('post', '/api/v1/auth/password-reset/confirm', { body: { token, password }, authenticate: false });
}

/** Answers 401 `mfa_required` when a second factor is needed, 401 `mfa_invalid` for a wrong one. */
export function login(body: LoginRequest): Promise<TokenResponse> {
  return api.call('post', '/api/v1/auth/login', { body, authenticate: false });
}

/** Rotates the refresh cookie; needs the CSRF cookie repeated in the header. */
export function refreshTokens(): Promise<TokenResponse> {
  return api.call('post', '/api/v1/auth/refresh', { headers: csrfHeaders(), authenticate: false });
}

/** Ends this session (by its access token, or its cookie) and clears the cookies. */
export function logout(): Promise<undefined> {
  return api.call('post', '/api/v1/auth/logout', { headers: csrfHeaders() });
}

/** Ends every session of the person, this one included. */
export function logoutEverywhere(): Promise<undefined> {
  return api.call('post', '/api/v1/auth/logout-all');
}

// Invitations (the token travels in the body, never in an API URL) ----------------------

export function previewInvitation(token: string): Promise<InvitationPreview> {
  return api.call('post', '/api/v1/invitations/preview', { body: { token }, authenticate: false });
}

/** For a signed-in person whose address is the invited one. */
export function acceptInvitation(token: string): Promise<Acceptance> {
  return api.call('post', '/api/v1/invitations/accept', { body: { token } });
}

/** A new, already verified account for the invited address, joined to the organization. */
export function registerWithInvitation(token: string, fullName: string, password: string): Promise<Acceptance> {
  return api.call('post', '/api/v1/invitations/register', {
    body: { token, full_name: fullName, password },
    authenticate: false,
  });
}

// The signed-in person's own account ----------------------------------------------------

export function getMe(signal?: AbortSignal): Promise<Me> {
  return api.call('get', '/api/v1/me', { signal });
}

export function listSessions(signal?: AbortSignal): Promise<DeviceSession[]> {
  return api.call('get', '/api/v1/me/sessions', { signal });
}

export function revokeSession(sessionId: string): Promise<undefined> {
  return api.call('delete', '/api/v1/me/sessions/{session_id}', { path: { session_id: sessionId } });
}

export function changePassword(currentPassword: string, newPassword: string): Promise<undefined> {
  return api.call('put', '/api/v1/me/password', {
    body: { current_password: currentPassword, new_password: newPassword },
  });
}

export function getMfaStatus(signal?: AbortSignal): Promise<MfaStatus> {
  return api.call('get', '/api/v1/me/mfa', { signal });
}

export function startMfaEnrolment(password: string): Promise<MfaEnrolment> {
  return api.call('post', '/api/v1/me/mfa/enrol', { body: { password } });
}

export function confirmMfa(totpCode: string): Promise<RecoveryCodes> {
  return api.call('post', '/api/v1/me/mfa/confirm', { body: { totp_code: totpCode } });
}

export function regenerateRecoveryCodes(password: string, totpCode: string): Promise<RecoveryCodes> {
  return api.call('post', '/api/v1/me/mfa/recovery-codes', { body: { password, totp_code: totpCode } });
}

/** `code` is a 6-digit code from the app, or a recovery code. */
export function disableMfa(password: string, code: { totp_code: string } | { recovery_code: string }): Promise<undefined> {
  return api.call('post', '/api/v1/me/mfa/disable', { body: { password, ...code } });
}
