import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DeviceSession, MfaStatus } from '../../api/auth';
import { sessionState } from '../../app/session';
import { currentToasts, dismissToast } from '../../components/toasts';
import { axeViolations } from '../../test/axe';
import { cleanup, click, findByText, jsonResponse, renderIntoDocument, settle, typeInto, waitFor } from '../../test/dom';
import { problem, resetSession, signedIn } from '../../test/fakeApi';
import { freshIndexedDb } from '../../test/indexedDb';
import AccountSecurityScreen from './AccountSecurityScreen';
import { describeDevice } from './devices';
import SessionsScreen from './SessionsScreen';

const OFF: MfaStatus = { enabled: false, enabled_at: null, enrolment_pending: false, recovery_codes_remaining: 0 };
const ON: MfaStatus = { enabled: true, enabled_at: '2026-11-30T08:00:00Z', enrolment_pending: false, recovery_codes_remaining: 10 };
const CODES = Array.from({ length: 10 }, (_, index) => `code-${index}-abcd`);
const QR = 'data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciLz4=';

const input = (root: HTMLElement, id: string): HTMLInputElement => root.querySelector<HTMLInputElement>(`#${id}`) as HTMLInputElement;
const button = (root: HTMLElement, text: string): HTMLElement => findByText(root, 'button', text) as HTMLElement;

beforeEach(async () => {
  await freshIndexedDb();
  resetSession();
});

afterEach(() => {
  cleanup();
  resetSession();
  currentToasts().forEach((toast) => dismissToast(toast.id));
});

describe('two-step sign-in', () => {
  it('enrols: password, the QR code and key, a first code, then the ten recovery codes once', async () => {
    let status = OFF;
    const fake = await signedIn({
      'GET /api/v1/me/mfa': () => jsonResponse(status),
      'POST /api/v1/me/mfa/enrol': (request) =>
        (request.body as { password: string }).password === 'wrong one'
          ? problem(400, 'current_password_incorrect', 'Your current password is not correct.')
          : jsonResponse({ secret: 'JBSWY3DPEHPK3PXP', otpauth_uri: 'otpauth://totp/x', qr_svg_data_uri: QR }),
      'POST /api/v1/me/mfa/confirm': (request) => {
        if ((request.body as { totp_code: string }).totp_code !== '123456') {
          return problem(400, 'mfa_invalid', 'That code is not correct.');
        }
        status = ON;
        return jsonResponse({ recovery_codes: CODES });
      },
    });
    const root = renderIntoDocument(<AccountSecurityScreen />);
    click(await waitFor(() => findByText(root, 'button', 'Turn on two-step sign-in')));

    typeInto(input(root, 'mfa-enrol-password'), 'wrong one');
    click(button(root, 'Continue'));
    await waitFor(() => findByText(root, '#mfa-enrol-password-error', 'Your current password is not correct.'));
    typeInto(input(root, 'mfa-enrol-password'), 'mosi oa tunya at dawn');
    click(button(root, 'Continue'));

    const qr = await waitFor(() => root.querySelector<HTMLImageElement>('img.qr'));
    expect(qr.getAttribute('src')).toBe(QR);
    expect(qr.getAttribute('alt')).toBe('QR code to scan with your authenticator app');
    expect(root.querySelector('code.secret')?.textContent).toBe('JBSW Y3DP EHPK 3PXP');
    expect(findByText(root, 'a', 'Open it in the authenticator app')?.getAttribute('href')).toBe('otpauth://totp/x');
    expect(await axeViolations(root)).toEqual([]);

    typeInto(input(root, 'mfa-confirm-code'), '000000');
    click(button(root, 'Turn on'));
    await waitFor(() => findByText(root, '#mfa-confirm-code-error', 'That code is not correct.'));
    typeInto(input(root, 'mfa-confirm-code'), '123 456');
    click(button(root, 'Turn on'));

    const list = await waitFor(() => root.querySelector('ul[aria-label="Recovery codes"]'));
    expect(Array.from(list.querySelectorAll('li'), (item) => item.textContent)).toEqual(CODES);
    expect(fake.calls('POST /api/v1/me/mfa/confirm')[1]?.body).toEqual({ totp_code: '123456' });
    expect(await axeViolations(root)).toEqual([]);

    click(button(root, 'I have saved them'));
    await waitFor(() => findByText(root, 'p', '10 recovery codes left.'));
    expect(root.querySelector('ul[aria-label="Recovery codes"]')).toBeNull();
  });

  it('copies and downloads the recovery codes', async () => {
    await signedIn({
      'GET /api/v1/me/mfa': ON,
      'POST /api/v1/me/mfa/recovery-codes': { recovery_codes: CODES },
    });
    const writeText = vi.fn(async () => undefined);
    vi.stubGlobal('navigator', { ...navigator, onLine: true, clipboard: { writeText } });
    const createObjectURL = vi.fn((_blob: Blob | MediaSource) => 'blob:http://app.test/codes');
    URL.createObjectURL = createObjectURL;
    URL.revokeObjectURL = vi.fn();
    const download = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    const root = renderIntoDocument(<AccountSecurityScreen />);
    click(await waitFor(() => findByText(root, 'button', 'Get new recovery codes')));
    typeInto(input(root, 'mfa-regenerate-password'), 'mosi oa tunya at dawn');
    typeInto(input(root, 'mfa-regenerate-code'), '123456');
    click(findByText(root, 'form button[type="submit"]', 'Get new recovery codes') as HTMLElement);
    await waitFor(() => root.querySelector('ul[aria-label="Recovery codes"]'));

    click(button(root, 'Copy codes'));
    await settle();
    expect(writeText).toHaveBeenCalledWith(CODES.join('\n'));
    click(button(root, 'Download as a file'));
    expect(download).toHaveBeenCalledTimes(1);
    const file = createObjectURL.mock.calls[0]?.[0] as Blob;
    expect(await file.text()).toBe(['IntelliFin recovery codes for chanda@lusaka-traders.co.zm. Each works once.', '', ...CODES, ''].join('\n'));
  });

  it('turns off with the password and a recovery code', async () => {
    const fake = await signedIn({
      'GET /api/v1/me/mfa': ON,
      'POST /api/v1/me/mfa/disable': new Response(null, { status: 204 }),
    });
    const root = renderIntoDocument(<AccountSecurityScreen />);
    click(await waitFor(() => findByText(root, 'button', 'Turn off two-step sign-in')));

    typeInto(input(root, 'mfa-disable-password'), 'mosi oa tunya at dawn');
    typeInto(input(root, 'mfa-disable-code'), 'abcd-efgh');
    click(button(root, 'Turn off'));

    await waitFor(() => fake.calls('POST /api/v1/me/mfa/disable').length === 1);
    expect(fake.calls('POST /api/v1/me/mfa/disable')[0]?.body).toEqual({ password: 'mosi oa tunya at dawn', recovery_code: 'abcd-efgh' });
    await waitFor(() => currentToasts().some((toast) => toast.message === 'Two-step sign-in is off.'));
  });
});

describe('changing the password', () => {
  it('puts a wrong current password and a refused new one under their fields', async () => {
    const fake = await signedIn({
      'GET /api/v1/me/mfa': OFF,
      'PUT /api/v1/me/password': (request) => {
        const body = request.body as { current_password: string; new_password: string };
        if (body.current_password !== 'mosi oa tunya at dawn') {
          return problem(400, 'current_password_incorrect', 'Your current password is not correct.');
        }
        if (body.new_password === 'password123') {
          return problem(422, 'validation_failed', 'The request is not valid.', {
            errors: [{ field: 'new_password', code: 'password_common', message: 'This password is too common.' }],
          });
        }
        return new Response(null, { status: 204 });
      },
    });
    const root = renderIntoDocument(<AccountSecurityScreen />);

    typeInto(input(root, 'password-current_password'), 'not it');
    typeInto(input(root, 'password-new_password'), 'password123');
    click(button(root, 'Change password'));
    await waitFor(() => findByText(root, '#password-current_password-error', 'not correct'));

    typeInto(input(root, 'password-current_password'), 'mosi oa tunya at dawn');
    click(button(root, 'Change password'));
    await waitFor(() => findByText(root, '#password-new_password-error', 'too common'));

    typeInto(input(root, 'password-new_password'), 'a new passphrase here');
    click(button(root, 'Change password'));
    await waitFor(() => currentToasts().some((toast) => toast.message.startsWith('Your password is changed.')));
    expect(fake.calls('PUT /api/v1/me/password')).toHaveLength(3);
    expect(input(root, 'password-current_password').value).toBe('');
    expect(await axeViolations(root)).toEqual([]);
  });
});

describe('signed-in devices', () => {
  const device = (changes: Partial<DeviceSession>): DeviceSession => ({
    id: 'session-1',
    created_at: '2026-11-01T08:00:00Z',
    last_used_at: '2026-11-30T08:00:00Z',
    expires_at: '2026-12-01T08:00:00Z',
    ip_address: '41.72.100.1',
    user_agent: 'Mozilla/5.0 (Linux; Android 13) AppleWebKit/537.36 Chrome/120.0 Mobile Safari/537.36',
    mfa_verified: true,
    current: false,
    ...changes,
  });

  it('lists each device in words, this one first, and signs out another one', async () => {
    let devices = [
      device({ id: 'laptop', user_agent: 'Mozilla/5.0 (Windows NT 10.0) Gecko/20100101 Firefox/121.0', mfa_verified: false }),
      device({ id: 'phone', current: true }),
    ];
    const fake = await signedIn({
      'GET /api/v1/me/sessions': () => jsonResponse(devices),
      'DELETE /api/v1/me/sessions/laptop': () => {
        devices = devices.filter((item) => item.id !== 'laptop');
        return new Response(null, { status: 204 });
      },
    });
    const root = renderIntoDocument(<SessionsScreen />);

    const items = await waitFor(() => (root.querySelectorAll('.device').length === 2 ? root.querySelectorAll('.device') : null));
    expect(items[0]?.textContent).toContain('Chrome on Android');
    expect(items[0]?.textContent).toContain('This device');
    expect(items[1]?.textContent).toContain('Firefox on Windows');
    expect(items[1]?.textContent).toContain('From 41.72.100.1');
    expect(await axeViolations(root)).toEqual([]);

    click(root.querySelector<HTMLElement>('button[aria-label="Sign out Firefox on Windows"]') as HTMLElement);
    const dialog = await waitFor(() => document.querySelector<HTMLElement>('[role="alertdialog"]'));
    expect(dialog.textContent).toContain('Firefox on Windows will have to sign in again.');
    click(findByText(dialog, 'button', 'Sign out this device') as HTMLElement);

    await waitFor(() => root.querySelectorAll('.device').length === 1);
    expect(fake.calls('DELETE /api/v1/me/sessions/laptop')).toHaveLength(1);
    expect(sessionState().status).toBe('signed_in');
  });

  it('signs out everywhere after asking', async () => {
    const fake = await signedIn({
      'GET /api/v1/me/sessions': [device({ current: true })],
      'POST /api/v1/auth/logout-all': new Response(null, { status: 204 }),
    });
    const root = renderIntoDocument(<SessionsScreen />);
    click(await waitFor(() => findByText(root, 'button', 'Sign out everywhere')));

    const dialog = await waitFor(() => document.querySelector<HTMLElement>('[role="alertdialog"]'));
    click(findByText(dialog, 'button', 'Sign out everywhere') as HTMLElement);

    await waitFor(() => sessionState().status === 'signed_out');
    expect(fake.calls('POST /api/v1/auth/logout-all')).toHaveLength(1);
    expect(window.location.pathname).toBe('/sign-in');
    window.history.replaceState(null, '', '/');
  });

  it('names devices from their browsers', () => {
    expect(describeDevice('Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile/15E148 Safari/604.1')).toBe(
      'Safari on iOS',
    );
    expect(describeDevice('Mozilla/5.0 (Linux; Android 12; SM-A125F) AppleWebKit/537.36 SamsungBrowser/23.0 Chrome/115.0 Mobile Safari/537.36')).toBe(
      'Samsung Internet on Android',
    );
    expect(describeDevice(null)).toBe('Unknown device');
    expect(describeDevice('curl/8.0')).toBe('Unknown device');
  });
});
