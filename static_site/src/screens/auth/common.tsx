/**
 * What the sign-in, sign-up, account and team screens share: the page frame, password and
 * code fields, checks done on the phone before asking the API, and the token of an e-mail
 * link. (Forms that cope with "too many attempts" are in `components/guardedForm.tsx`.)
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiProblem } from '../../api/client';
import { navigate } from '../../app/router';
import { Field } from '../../components/Field';
import { t } from './messages';
import './auth.css';

/** The server's limit is 128 characters (NIST: at least 64 must be allowed); 8 at least. */
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

/** A screen of the sign-in family: one narrow column, its title first. */
export function AuthPage({ id, title, children }: { readonly id: string; readonly title: string; readonly children: ComponentChildren }) {
  return (
    <section class="auth" aria-labelledby={`${id}-title`}>
      <h1 id={`${id}-title`}>{title}</h1>
      {children}
    </section>
  );
}

export function requiredPassword(value: string): string | null {
  return value === '' ? t('form.required') : null;
}

/** A new password: only the length is checked here; the API checks the rest (common, your name…). */
export function newPasswordError(value: string): string | null {
  if (value === '') {
    return t('form.required');
  }
  if (Array.from(value).length < PASSWORD_MIN) {
    return t('auth.passwordTooShort');
  }
  return Array.from(value).length > PASSWORD_MAX ? t('auth.passwordTooLong') : null;
}

/** The six digits of an authenticator app, spaces allowed. */
export function totpError(value: string): string | null {
  const digits = value.replace(/\s/g, '');
  if (digits === '') {
    return t('form.required');
  }
  return /^\d{6}$/.test(digits) ? null : t('signIn.totpInvalid');
}

export function normalisedCode(value: string): string {
  return value.replace(/\s/g, '');
}

interface PasswordFieldProps {
  readonly id: string;
  readonly label: string;
  readonly value: string;
  readonly onInput: (value: string) => void;
  readonly onBlur?: () => void;
  readonly error?: string | null | undefined;
  readonly hint?: string;
  /** `current-password` to sign in, `new-password` to choose one (password managers read it). */
  readonly autoComplete: 'current-password' | 'new-password';
}

/** A password with "Show password": typing on a phone keyboard is error-prone. */
export function PasswordField({ id, label, value, onInput, onBlur, error, hint, autoComplete }: PasswordFieldProps) {
  const [visible, setVisible] = useState(false);
  return (
    <Field id={id} label={label} error={error} {...(hint === undefined ? {} : { hint })}>
      {(control) => (
        <>
          <input
            {...control}
            class="input"
            // Preact types password and text inputs apart; both take these attributes.
            type={(visible ? 'text' : 'password') as 'password'}
            name={id}
            value={value}
            autocomplete={autoComplete}
            autoCapitalize="none"
            spellcheck={false}
            maxLength={1024}
            onInput={(event) => onInput(event.currentTarget.value)}
            onBlur={onBlur}
          />
          <label class="choice auth__show-password">
            <input type="checkbox" checked={visible} onChange={(event) => setVisible(event.currentTarget.checked)} />
            {t('auth.showPassword')}
          </label>
        </>
      )}
    </Field>
  );
}

interface CodeFieldProps {
  readonly id: string;
  readonly label: string;
  readonly value: string;
  readonly onInput: (value: string) => void;
  readonly onBlur?: () => void;
  readonly error?: string | null | undefined;
  readonly hint?: string;
  /** `totp`: six digits on the number pad; `recovery`: letters and digits. */
  readonly kind: 'totp' | 'recovery';
}

/** A one-time code: the number pad and the phone's "fill in the code" offer for TOTP. */
export function CodeField({ id, label, value, onInput, onBlur, error, hint, kind }: CodeFieldProps) {
  return (
    <Field id={id} label={label} error={error} {...(hint === undefined ? {} : { hint })}>
      {(control) => (
        <input
          {...control}
          class="input auth__code"
          type="text"
          name={id}
          value={value}
          inputMode={kind === 'totp' ? 'numeric' : 'text'}
          autocomplete={kind === 'totp' ? 'one-time-code' : 'off'}
          autoCapitalize="none"
          spellcheck={false}
          maxLength={kind === 'totp' ? 12 : 40}
          onInput={(event) => onInput(event.currentTarget.value)}
          onBlur={onBlur}
        />
      )}
    </Field>
  );
}


/** A problem for one field, for `form.applyProblem` when the API names no field itself. */
export function fieldProblem(problem: ApiProblem, field: string): ApiProblem {
  return new ApiProblem({
    type: problem.type,
    status: problem.status,
    code: problem.code,
    title: problem.title,
    detail: problem.detail,
    errors: [{ field, code: problem.code, message: problem.title }],
  });
}

/**
 * The `token` of an e-mail link (`/verify-email?token=…`), read once and then taken out of
 * the address, so that it stays in neither the history nor a screenshot of the address bar.
 */
export function useLinkToken(): string | null {
  const [token] = useState(() => new URLSearchParams(window.location.search).get('token'));
  useEffect(() => {
    if (token !== null) {
      const query = new URLSearchParams(window.location.search);
      query.delete('token');
      const rest = query.toString();
      navigate(`${window.location.pathname}${rest === '' ? '' : `?${rest}`}`, { replace: true });
    }
  }, [token]);
  return token;
}

/** Runs `effect` once, when the component first mounts, whatever re-renders follow. */
export function useOnce(effect: () => void): void {
  const done = useRef(false);
  useEffect(() => {
    if (!done.current) {
      done.current = true;
      effect();
    }
  }, []);
}
