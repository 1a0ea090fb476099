/**
 * The two "send me a link" screens: a new verification link (`/verify-email/resend`) and a
 * password reset link (`/forgot-password`). The API answers alike for every address, and so
 * do they: "if the address can be used, a link is on its way".
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { requestPasswordReset, resendVerification } from '../../api/auth';
import { Link } from '../../app/Link';
import { ErrorSummary } from '../../components/ErrorSummary';
import { TextField } from '../../components/Field';
import { requiredEmail, useForm, type FormSpec } from '../../components/useForm';
import { SubmitButton } from '../../components/SubmitButton';
import { t } from './messages';
import { AuthPage } from './common';
import { FormProblems, useGuardedForm } from '../../components/guardedForm';

interface EmailOnly {
  readonly email: string;
}

const EMAIL: FormSpec<EmailOnly> = { email: { initial: '', validate: requiredEmail } };

interface EmailRequestProps {
  readonly id: string;
  readonly title: 'resend.title' | 'forgot.title';
  readonly intro: 'resend.intro' | 'forgot.intro';
  readonly submit: 'resend.submit' | 'forgot.submit';
  readonly sent: 'resend.sent' | 'forgot.sent';
  readonly send: (email: string) => Promise<unknown>;
  readonly options: { readonly idPrefix: string };
}

function EmailRequest({ id, title, intro, submit, sent, send, options }: EmailRequestProps) {
  const form = useForm(EMAIL, options);
  const guard = useGuardedForm(form);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const done = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    if (sentTo !== null) {
      done.current?.focus();
    }
  }, [sentTo]);

  const save = async (): Promise<void> => {
    const email = form.values.email.trim();
    await send(email);
    setSentTo(email);
  };

  return (
    <AuthPage id={id} title={t(title)}>
      {sentTo === null ? (
        <>
          <p>{t(intro)}</p>
          <form class="form" noValidate onSubmit={guard.onSubmit(save)}>
            <ErrorSummary items={form.summary} />
            <FormProblems guard={guard} />
            <TextField {...form.field('email')} label={t('auth.email')} type="email" inputMode="email" autoComplete="email" maxLength={254} />
            <div class="form__actions">
              <SubmitButton label={t(submit)} busy={guard.busy} working={form.submitting} />
            </div>
          </form>
        </>
      ) : (
        <p class="notice notice--ok" role="status" tabIndex={-1} ref={done}>
          {t(sent, { email: sentTo })}
        </p>
      )}
      <p>
        <Link href="/sign-in">{t('auth.backToSignIn')}</Link>
      </p>
    </AuthPage>
  );
}

const RESEND_OPTIONS = { idPrefix: 'resend' } as const;
const FORGOT_OPTIONS = { idPrefix: 'forgot' } as const;

export function ResendVerificationScreen() {
  return (
    <EmailRequest
      id="resend"
      title="resend.title"
      intro="resend.intro"
      submit="resend.submit"
      sent="resend.sent"
      send={resendVerification}
      options={RESEND_OPTIONS}
    />
  );
}

export function ForgotPasswordScreen() {
  return (
    <EmailRequest
      id="forgot"
      title="forgot.title"
      intro="forgot.intro"
      submit="forgot.submit"
      sent="forgot.sent"
      send={requestPasswordReset}
      options={FORGOT_OPTIONS}
    />
  );
}
