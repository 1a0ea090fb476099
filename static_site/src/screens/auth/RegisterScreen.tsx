import { useEffect, useRef, useState } from 'preact/hooks';
import { register, resendVerification } from '../../api/auth';
import { Link } from '../../app/Link';
import { ProblemNotice } from '../../components/ProblemNotice';
import { ErrorSummary } from '../../components/ErrorSummary';
import { TextField } from '../../components/Field';
import { required, requiredEmail, useForm, type FormSpec } from '../../components/useForm';
import { SubmitButton } from '../../components/SubmitButton';
import { useAction } from '../../components/useAction';
import { t } from './messages';
import { AuthPage, newPasswordError, PasswordField } from './common';
import { FormProblems, useGuardedForm } from '../../components/guardedForm';

interface Registration {
  readonly full_name: string;
  readonly email: string;
  readonly password: string;
}

const REGISTRATION: FormSpec<Registration> = {
  full_name: { initial: '', validate: required },
  email: { initial: '', validate: requiredEmail },
  password: { initial: '', validate: newPasswordError },
};

const OPTIONS = { idPrefix: 'register' } as const;

/** `/register`: name, address and password; then "check your e-mail" (the same answer for every address). */
export default function RegisterScreen() {
  const [sentTo, setSentTo] = useState<string | null>(null);
  return (
    <AuthPage id="register" title={t('register.title')}>
      {sentTo === null ? <RegistrationForm onSent={setSentTo} /> : <CheckYourEmail email={sentTo} />}
    </AuthPage>
  );
}

function RegistrationForm({ onSent }: { readonly onSent: (email: string) => void }) {
  const form = useForm(REGISTRATION, OPTIONS);
  const guard = useGuardedForm(form);

  const save = async (): Promise<void> => {
    const email = form.values.email.trim();
    await register({ full_name: form.values.full_name.trim(), email, password: form.values.password });
    onSent(email);
  };

  return (
    <>
      <p>{t('register.intro')}</p>
      <form class="form" noValidate onSubmit={guard.onSubmit(save)}>
        <ErrorSummary items={form.summary} />
        <FormProblems guard={guard} />
        <TextField {...form.field('full_name')} label={t('auth.fullName')} autoComplete="name" maxLength={200} />
        <TextField {...form.field('email')} label={t('auth.email')} type="email" inputMode="email" autoComplete="email" maxLength={254} />
        <PasswordField {...form.field('password')} label={t('auth.password')} hint={t('auth.passwordHint')} autoComplete="new-password" />
        <div class="form__actions">
          <SubmitButton label={t('register.submit')} busy={guard.busy} working={form.submitting} />
        </div>
      </form>
      <p>
        {t('register.haveAccount')} <Link href="/sign-in">{t('nav.signIn')}</Link>
      </p>
    </>
  );
}

/** After sign-up or a request for a new link: what to do next, and "send it again". */
export function CheckYourEmail({ email }: { readonly email: string }) {
  const box = useRef<HTMLElement>(null);
  const [resent, setResent] = useState(false);
  const resend = useAction(async () => {
    await resendVerification(email);
    setResent(true);
  });

  useEffect(() => {
    box.current?.focus();
  }, []);

  return (
    <section class="notice notice--ok" tabIndex={-1} ref={box} aria-labelledby="check-email-title">
      <h2 id="check-email-title">{t('register.checkTitle')}</h2>
      <p role="status">{t(resent ? 'resend.sent' : 'register.checkBody', { email })}</p>
      <p>{t('register.noMail')}</p>
      <ProblemNotice error={resend.failure} />
      <button type="button" class="button button--quiet" disabled={resend.busy} onClick={() => void resend.run()}>
        {t('verify.askAgain')}
      </button>
    </section>
  );
}
