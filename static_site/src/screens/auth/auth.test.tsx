import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sessionState } from '../../app/session';
import { axeViolations } from '../../test/axe';
import { cleanup, click, findByText, jsonResponse, renderIntoDocument, settle, typeInto, waitFor } from '../../test/dom';
import { fakeApi, me, problem, resetSession, tokens } from '../../test/fakeApi';
import { freshIndexedDb } from '../../test/indexedDb';
import ForgotPasswordScreen from './ForgotPasswordScreen';
import RegisterScreen from './RegisterScreen';
import ResendVerificationScreen from './ResendVerificationScreen';
import ResetPasswordScreen from './ResetPasswordScreen';
import SignInScreen from './SignInScreen';
import VerifyEmailScreen from './VerifyEmailScreen';

beforeEach(async () => {
  await freshIndexedDb();
  resetSession();
});

afterEach(() => {
  cleanup();
  resetSession();
  window.history.replaceState(null, '', '/');
});

const input = (root: HTMLElement, id: string): HTMLInputElement => root.querySelector<HTMLInputElement>(`#${id}`) as HTMLInputElement;
const button = (root: HTMLElement, text: string): HTMLElement => findByText(root, 'button', text) as HTMLElement;
const accepted = (message = 'If the address can be used, an e-mail is on its way.') => jsonResponse({ status: 'accepted', message }, 202);

describe('sign in', () => {
  it('signs in with e-mail and password, then goes where the person was going', async () => {
    window.history.replaceState(null, '', '/sign-in?next=%2Fteam');
    const fake = fakeApi({ 'POST /api/v1/auth/login': tokens(), 'GET /api/v1/me': me() });
    const root = renderIntoDocument(<SignInScreen />);
    expect(await axeViolations(root)).toEqual([]);

    typeInto(input(root, 'sign-in-email'), ' chanda@lusaka-traders.co.zm ');
    typeInto(input(root, 'sign-in-password'), 'correct horse battery');
    click(button(root, 'Sign in'));

    await waitFor(() => window.location.pathname === '/team');
    expect(fake.calls('POST /api/v1/auth/login')[0]?.body).toEqual({
      email: 'chanda@lusaka-traders.co.zm',
      password: 'correct horse battery',
    });
    expect(sessionState().status).toBe('signed_in');
  });

  it('checks the fields on the phone before asking the API', async () => {
    const fake = fakeApi();
    const root = renderIntoDocument(<SignInScreen />);

    click(button(root, 'Sign in'));
    await settle();

    expect(root.querySelector('.error-summary')?.textContent).toContain('Fill this in.');
    expect(fake.requests).toEqual([]);
  });

  it('asks for the code from the app when two-step sign-in is on, and says when it is wrong', async () => {
    const fake = fakeApi({
      'POST /api/v1/auth/login': (request) => {
        const body = request.body as { totp_code?: string };
        if (body.totp_code === undefined) {
          return problem(401, 'mfa_required', 'Enter the 6-digit code from your authenticator app.');
        }
        return body.totp_code === '123456' ? jsonResponse(tokens()) : problem(401, 'mfa_invalid', 'That code is not correct.');
      },
      'GET /api/v1/me': me(),
    });
    const root = renderIntoDocument(<SignInScreen />);
    typeInto(input(root, 'sign-in-email'), 'chanda@lusaka-traders.co.zm');
    typeInto(input(root, 'sign-in-password'), 'correct horse battery');
    click(button(root, 'Sign in'));

    const heading = await waitFor(() => findByText(root, 'h2', 'Two-step sign-in'));
    expect(document.activeElement).toBe(heading);
    const code = input(root, 'sign-in-totp-code');
    expect(code.getAttribute('inputmode')).toBe('numeric');
    expect(code.getAttribute('autocomplete')).toBe('one-time-code');
    expect(await axeViolations(root)).toEqual([]);

    typeInto(code, '654 321');
    click(button(root, 'Verify and sign in'));
    await waitFor(() => root.querySelector('#sign-in-totp-code-error'));
    expect(root.querySelector('#sign-in-totp-code-error')?.textContent).toContain('That code is not correct.');
    expect(fake.calls('POST /api/v1/auth/login')[1]?.body).toMatchObject({ totp_code: '654321', password: 'correct horse battery' });

    typeInto(input(root, 'sign-in-totp-code'), '123456');
    click(button(root, 'Verify and sign in'));
    await waitFor(() => sessionState().status === 'signed_in');
    expect(window.location.pathname).toBe('/');
  });

  it('takes a recovery code instead of the code from the app', async () => {
    const fake = fakeApi({
      'POST /api/v1/auth/login': (request) =>
        (request.body as { recovery_code?: string }).recovery_code === undefined
          ? problem(401, 'mfa_required', 'Enter the code.')
          : jsonResponse(tokens()),
      'GET /api/v1/me': me(),
    });
    const root = renderIntoDocument(<SignInScreen />);
    typeInto(input(root, 'sign-in-email'), 'chanda@lusaka-traders.co.zm');
    typeInto(input(root, 'sign-in-password'), 'correct horse battery');
    click(button(root, 'Sign in'));
    click(await waitFor(() => findByText(root, 'button', 'Use a recovery code instead')));

    typeInto(input(root, 'sign-in-recovery-code'), ' abcd-efgh ');
    click(button(root, 'Verify and sign in'));

    await waitFor(() => sessionState().status === 'signed_in');
    expect(fake.calls('POST /api/v1/auth/login')[1]?.body).toMatchObject({ recovery_code: 'abcd-efgh' });
  });

  it('says when the address is not confirmed yet, with a way to get a new link', async () => {
    fakeApi({ 'POST /api/v1/auth/login': problem(403, 'email_not_verified', 'Confirm your e-mail address first.') });
    const root = renderIntoDocument(<SignInScreen />);
    typeInto(input(root, 'sign-in-email'), 'chanda@lusaka-traders.co.zm');
    typeInto(input(root, 'sign-in-password'), 'correct horse battery');
    click(button(root, 'Sign in'));

    const notice = await waitFor(() => findByText(root, '[role="alert"]', 'Confirm your e-mail address first'));
    expect(findByText(notice, 'a', 'Send the confirmation e-mail again')?.getAttribute('href')).toBe('/verify-email/resend');
  });

  it('shows the API\'s words for wrong credentials, the same for any address', async () => {
    fakeApi({ 'POST /api/v1/auth/login': problem(401, 'invalid_credentials', 'The e-mail address or password is not correct.') });
    const root = renderIntoDocument(<SignInScreen />);
    typeInto(input(root, 'sign-in-email'), 'nobody@example.zm');
    typeInto(input(root, 'sign-in-password'), 'whatever it is');
    click(button(root, 'Sign in'));

    await waitFor(() => findByText(root, '.error-summary', 'The e-mail address or password is not correct.'));
    expect(await axeViolations(root)).toEqual([]);
  });

  it('waits as long as the API says after too many attempts', async () => {
    fakeApi({
      'POST /api/v1/auth/login': problem(429, 'rate_limited', 'Too many attempts.', { detail: 'Try again in 120 seconds.' }, { 'Retry-After': '120' }),
    });
    const root = renderIntoDocument(<SignInScreen />);
    typeInto(input(root, 'sign-in-email'), 'chanda@lusaka-traders.co.zm');
    typeInto(input(root, 'sign-in-password'), 'guess number eleven');
    click(button(root, 'Sign in'));

    const alert = await waitFor(() => findByText(root, '[role="alert"]', 'Too many attempts.'));
    expect(alert.textContent).toBe('Too many attempts. You can try again in 2 minutes.');
    expect((root.querySelector('button[type="submit"]') as HTMLButtonElement).disabled).toBe(true);
  });

  it('says when there is no connection', async () => {
    const fake = fakeApi();
    fake.on('POST /api/v1/auth/login', () => Promise.reject(new TypeError('Failed to fetch')));
    const root = renderIntoDocument(<SignInScreen />);
    typeInto(input(root, 'sign-in-email'), 'chanda@lusaka-traders.co.zm');
    typeInto(input(root, 'sign-in-password'), 'correct horse battery');
    click(button(root, 'Sign in'));

    await waitFor(() => findByText(root, '[role="alert"]', 'could not be reached') ?? findByText(root, '[role="alert"]', 'offline'));
  });
});

describe('register', () => {
  it('checks on the phone, maps the API\'s password problems, then says to check the e-mail', async () => {
    const fake = fakeApi({
      'POST /api/v1/auth/register': (request) =>
        (request.body as { password: string }).password === 'password123'
          ? problem(422, 'validation_failed', 'The request is not valid.', {
              errors: [{ field: 'password', code: 'password_common', message: 'This password is too common.' }],
            })
          : accepted(),
    });
    const root = renderIntoDocument(<RegisterScreen />);

    click(button(root, 'Create account'));
    await settle();
    expect(root.querySelector('#register-password-error')?.textContent).toContain('Fill this in.');
    typeInto(input(root, 'register-full_name'), 'Chanda Mwila');
    typeInto(input(root, 'register-email'), 'chanda@example');
    typeInto(input(root, 'register-password'), 'short');
    click(button(root, 'Create account'));
    await settle();
    expect(root.querySelector('#register-email-error')?.textContent).toContain('Enter an e-mail address');
    expect(root.querySelector('#register-password-error')?.textContent).toContain('at least 8 characters');
    expect(fake.requests).toEqual([]);

    typeInto(input(root, 'register-email'), 'chanda@lusaka-traders.co.zm');
    typeInto(input(root, 'register-password'), 'password123');
    click(button(root, 'Create account'));
    await waitFor(() => root.querySelector('#register-password-error'));
    expect(root.querySelector('#register-password-error')?.textContent).toContain('This password is too common.');
    expect(await axeViolations(root)).toEqual([]);

    typeInto(input(root, 'register-password'), 'mosi oa tunya at dawn');
    click(button(root, 'Create account'));
    await waitFor(() => findByText(root, 'h2', 'Check your e-mail'));
    expect(root.textContent).toContain('If chanda@lusaka-traders.co.zm can be used');
    expect(fake.calls('POST /api/v1/auth/register')[1]?.body).toEqual({
      full_name: 'Chanda Mwila',
      email: 'chanda@lusaka-traders.co.zm',
      password: 'mosi oa tunya at dawn',
    });
    expect(await axeViolations(root)).toEqual([]);

    click(button(root, 'Send a new link'));
    await waitFor(() => fake.calls('POST /api/v1/auth/verify-email/resend').length === 1);
    expect(fake.calls('POST /api/v1/auth/verify-email/resend')[0]?.body).toEqual({ email: 'chanda@lusaka-traders.co.zm' });
  });
});

describe('the verification link', () => {
  it('sends the token in the body at once, takes it out of the address, and says it is done', async () => {
    window.history.replaceState(null, '', '/verify-email?token=token-from-the-mail-1234');
    const fake = fakeApi({ 'POST /api/v1/auth/verify-email': { status: 'verified', message: 'Confirmed.' } });

    const root = renderIntoDocument(<VerifyEmailScreen />);

    await waitFor(() => findByText(root, '[role="status"]', 'Your e-mail address is confirmed.'));
    expect(fake.calls('POST /api/v1/auth/verify-email')).toHaveLength(1);
    expect(fake.calls('POST /api/v1/auth/verify-email')[0]?.body).toEqual({ token: 'token-from-the-mail-1234' });
    expect(window.location.search).toBe('');
    expect(findByText(root, 'a', 'Sign in')?.getAttribute('href')).toBe('/sign-in');
    expect(await axeViolations(root)).toEqual([]);
  });

  it('says when the link is used or expired, and offers a new one', async () => {
    window.history.replaceState(null, '', '/verify-email?token=an-old-token-0000');
    fakeApi({ 'POST /api/v1/auth/verify-email': problem(400, 'token_invalid', 'This link is not valid.') });

    const root = renderIntoDocument(<VerifyEmailScreen />);

    await waitFor(() => findByText(root, '[role="alert"]', 'This link cannot be used'));
    expect(findByText(root, 'a', 'Send a new link')?.getAttribute('href')).toBe('/verify-email/resend');
  });

  it('says "already confirmed, sign in" when the link is opened a second time', async () => {
    window.history.replaceState(null, '', '/verify-email?token=token-from-the-mail-1234');
    fakeApi({ 'POST /api/v1/auth/verify-email': problem(409, 'email_already_verified', 'Already confirmed.') });

    const root = renderIntoDocument(<VerifyEmailScreen />);

    await waitFor(() => findByText(root, '[role="status"]', 'Your e-mail address is already confirmed'));
    expect(root.querySelector('[role="alert"]')).toBeNull();
    expect(findByText(root, 'a', 'Send a new link')).toBeUndefined();
    expect(findByText(root, 'a', 'Sign in')?.getAttribute('href')).toBe('/sign-in');
  });

  it('says when the address has no token', async () => {
    window.history.replaceState(null, '', '/verify-email');
    const fake = fakeApi();

    const root = renderIntoDocument(<VerifyEmailScreen />);

    expect(findByText(root, '[role="alert"]', 'missing the code')).toBeDefined();
    await settle();
    expect(fake.requests).toEqual([]);
  });
});

describe('asking for a link by e-mail', () => {
  it.each([
    ['forgot password', ForgotPasswordScreen, 'forgot', 'Send link', '/api/v1/auth/password-reset/request', 'a link to choose a new password'],
    ['resend verification', ResendVerificationScreen, 'resend', 'Send link', '/api/v1/auth/verify-email/resend', 'a new link is on its way'],
  ])('%s: answers the same whatever the address', async (_name, Screen, prefix, submit, path, sentText) => {
    const fake = fakeApi({ [`POST ${path}`]: accepted() });
    const root = renderIntoDocument(<Screen />);
    expect(await axeViolations(root)).toEqual([]);

    typeInto(input(root, `${prefix}-email`), 'someone@example.zm');
    click(button(root, submit));

    const sent = await waitFor(() => findByText(root, '[role="status"]', sentText));
    expect(sent.textContent).toContain('someone@example.zm');
    expect(fake.calls(`POST ${path}`)[0]?.body).toEqual({ email: 'someone@example.zm' });
    expect(document.activeElement).toBe(sent);
  });
});

describe('the reset link', () => {
  it('sets the new password with the token from the link', async () => {
    window.history.replaceState(null, '', '/reset-password?token=reset-token-123456');
    const fake = fakeApi({
      'POST /api/v1/auth/password-reset/confirm': (request) =>
        (request.body as { password: string }).password === 'chanda mwila 2026'
          ? problem(422, 'validation_failed', 'The request is not valid.', {
              errors: [{ field: 'password', code: 'password_contains_name', message: 'Do not use your name.' }],
            })
          : jsonResponse({ status: 'accepted', message: 'Done.' }),
    });
    const root = renderIntoDocument(<ResetPasswordScreen />);
    await settle();
    expect(window.location.search).toBe('');

    typeInto(input(root, 'reset-password'), 'chanda mwila 2026');
    click(button(root, 'Save new password'));
    await waitFor(() => findByText(root, '#reset-password-error', 'Do not use your name.'));

    typeInto(input(root, 'reset-password'), 'victoria falls at noon');
    click(button(root, 'Save new password'));
    await waitFor(() => findByText(root, '[role="status"]', 'Your password is changed.'));
    expect(fake.calls('POST /api/v1/auth/password-reset/confirm')[1]?.body).toEqual({
      token: 'reset-token-123456',
      password: 'victoria falls at noon',
    });
    expect(await axeViolations(root)).toEqual([]);
  });

  it('says when the link can no longer be used', async () => {
    window.history.replaceState(null, '', '/reset-password?token=used-token-123456');
    fakeApi({ 'POST /api/v1/auth/password-reset/confirm': problem(400, 'token_invalid', 'This link is not valid.') });
    const root = renderIntoDocument(<ResetPasswordScreen />);

    typeInto(input(root, 'reset-password'), 'victoria falls at noon');
    click(button(root, 'Save new password'));

    await waitFor(() => findByText(root, '[role="alert"]', 'This link cannot be used'));
    expect(findByText(root, 'a', 'Ask for a new link')?.getAttribute('href')).toBe('/forgot-password');
  });
});
