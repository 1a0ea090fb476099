import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiProblem } from '../../api/client';
import { Link } from '../../app/Link';
import { signIn } from '../../app/session';
import { ErrorSummary } from '../../components/ErrorSummary';
import { TextField } from '../../components/Field';
import { requiredEmail, useForm, type FormSpec } from '../../components/useForm';
import { SubmitButton } from '../../components/SubmitButton';
import { t } from './messages';
import { CodeField, fieldProblem, normalisedCode, PasswordField, requiredPassword, totpError } from './common';
import { FormProblems, useGuardedForm } from '../../components/guardedForm';

interface Credentials {
  readonly email: string;
  readonly password: string;
}

const CREDENTIALS: FormSpec<Credentials> = {
  email: { initial: '', validate: requiredEmail },
  password: { initial: '', validate: requiredPassword },
};

interface SecondFactor {
  readonly code: string;
}

const TOTP: FormSpec<SecondFactor> = { code: { initial: '', validate: totpError } };
const RECOVERY: FormSpec<SecondFactor> = {
  code: { initial: '', validate: (value) => (value.trim() === '' ? t('form.required') : null) },
};

const CREDENTIAL_OPTIONS = { idPrefix: 'sign-in' } as const;
const TOTP_OPTIONS = { idPrefix: 'sign-in-totp' } as const;
const RECOVERY_OPTIONS = { idPrefix: 'sign-in-recovery' } as const;

interface SignInFormProps {
  /** Fills in the address (an invitation's), which the person may still change. */
  readonly email?: string;
  /** After the session has begun. */
  readonly onSignedIn: () => void;
}

/**
 * E-mail and password, then (when the account has two-step sign-in) the code from the app
 * or a recovery code. The password stays in memory between the two steps only.
 */
export function SignInForm({ email = '', onSignedIn }: SignInFormProps) {
  const [credentials, setCredentials] = useState<Credentials | null>(null);
  const [method, setMethod] = useState<'totp' | 'recovery'>('totp');

  if (credentials === null) {
    return <CredentialsStep email={email} onSignedIn={onSignedIn} onSecondFactor={setCredentials} />;
  }
  return (
    <SecondFactorStep
      key={method}
      credentials={credentials}
      method={method}
      onSwitchMethod={() => setMethod(method === 'totp' ? 'recovery' : 'totp')}
      onStartAgain={() => {
        setCredentials(null);
        setMethod('totp');
      }}
      onSignedIn={onSignedIn}
    />
  );
}

interface CredentialsStepProps {
  readonly email: string;
  readonly onSignedIn: () => void;
  readonly onSecondFactor: (credentials: Credentials) => void;
}

function CredentialsStep({ email, onSignedIn, onSecondFactor }: CredentialsStepProps) {
  const form = useForm(CREDENTIALS, CREDENTIAL_OPTIONS);
  const guard = useGuardedForm(form);
  const [unverified, setUnverified] = useState(false);

  useEffect(() => {
    if (email !== '') {
      form.set('email', email);
    }
  }, [email]);

  const save = async (): Promise<void> => {
    setUnverified(false);
    const values = { email: form.values.email.trim(), password: form.values.password };
    try {
      await signIn(values);
      onSignedIn();
    } catch (error) {
      if (error instanceof ApiProblem && error.code === 'mfa_required') {
        onSecondFactor(values);
        return;
      }
      if (error instanceof ApiProblem && error.code === 'email_not_verified') {
        setUnverified(true);
        return;
      }
      throw error;
    }
  };

  return (
    <form class="form" noValidate onSubmit={guard.onSubmit(save)}>
      <ErrorSummary items={form.summary} />
      {unverified && (
        <div class="notice notice--error" role="alert">
          <p>{t('signIn.notVerified')}</p>
          <p>
            <Link href="/verify-email/resend">{t('signIn.resend')}</Link>
          </p>
        </div>
      )}
      <FormProblems guard={guard} />
      <TextField {...form.field('email')} label={t('auth.email')} type="email" autoComplete="username" inputMode="email" maxLength={254} />
      <PasswordField {...form.field('password')} label={t('auth.password')} autoComplete="current-password" />
      <div class="form__actions">
        <SubmitButton label={t('signIn.submit')} busy={guard.busy} working={form.submitting} />
      </div>
    </form>
  );
}

interface SecondFactorStepProps {
  readonly credentials: Credentials;
  readonly method: 'totp' | 'recovery';
  readonly onSwitchMethod: () => void;
  readonly onStartAgain: () => void;
  readonly onSignedIn: () => void;
}

function SecondFactorStep({ credentials, method, onSwitchMethod, onStartAgain, onSignedIn }: SecondFactorStepProps) {
  const form = useForm(method === 'totp' ? TOTP : RECOVERY, method === 'totp' ? TOTP_OPTIONS : RECOVERY_OPTIONS);
  const guard = useGuardedForm(form);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    heading.current?.focus();
  }, []);

  const save = async (): Promise<void> => {
    const code = normalisedCode(form.values.code);
    try {
      await signIn({ ...credentials, ...(method === 'totp' ? { totp_code: code } : { recovery_code: form.values.code.trim() }) });
      onSignedIn();
    } catch (error) {
      if (error instanceof ApiProblem && (error.code === 'mfa_invalid' || error.code === 'mfa_required')) {
        form.applyProblem(fieldProblem(error, 'code'));
        return;
      }
      throw error;
    }
  };

  return (
    <form class="form" noValidate onSubmit={guard.onSubmit(save)} aria-labelledby="sign-in-mfa-title">
      <h2 id="sign-in-mfa-title" tabIndex={-1} ref={heading}>
        {t('signIn.mfaTitle')}
      </h2>
      <p>{t(method === 'totp' ? 'signIn.mfaIntro' : 'signIn.recoveryIntro')}</p>
      <ErrorSummary items={form.summary} />
      <FormProblems guard={guard} />
      <CodeField
        {...form.field('code')}
        kind={method}
        label={t(method === 'totp' ? 'signIn.totpCode' : 'signIn.recoveryCode')}
        {...(method === 'totp' ? { hint: t('signIn.totpHint') } : {})}
      />
      <div class="form__actions">
        <SubmitButton label={t('signIn.verify')} busy={guard.busy} working={form.submitting} />
      </div>
      <p>
        <button type="button" class="link-button" onClick={onSwitchMethod}>
          {t(method === 'totp' ? 'signIn.useRecovery' : 'signIn.useTotp')}
        </button>
      </p>
      <p>
        <button type="button" class="link-button" onClick={onStartAgain}>
          {t('signIn.otherAccount')}
        </button>
      </p>
    </form>
  );
}
