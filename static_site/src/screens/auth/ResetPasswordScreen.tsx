import { useEffect, useRef, useState } from 'preact/hooks';
import { confirmPasswordReset } from '../../api/auth';
import { ApiProblem } from '../../api/client';
import { Link } from '../../app/Link';
import { ErrorSummary } from '../../components/ErrorSummary';
import { useForm, type FormSpec } from '../../components/useForm';
import { SubmitButton } from '../../components/SubmitButton';
import { t } from './messages';
import { AuthPage, newPasswordError, PasswordField, useLinkToken } from './common';
import { FormProblems, useGuardedForm } from '../../components/guardedForm';

interface NewPassword {
  readonly password: string;
}

const NEW_PASSWORD: FormSpec<NewPassword> = { password: { initial: '', validate: newPasswordError } };
const OPTIONS = { idPrefix: 'reset' } as const;

/** `/reset-password?token=…`, the link in the reset e-mail: a new password, which ends every session. */
export default function ResetPasswordScreen() {
  const token = useLinkToken();
  const form = useForm(NEW_PASSWORD, OPTIONS);
  const guard = useGuardedForm(form);
  const [state, setState] = useState<'form' | 'done' | 'invalid'>(token === null ? 'invalid' : 'form');
  const outcome = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (state !== 'form') {
      outcome.current?.focus();
    }
  }, [state]);

  const save = async (): Promise<void> => {
    try {
      await confirmPasswordReset(token ?? '', form.values.password);
      setState('done');
    } catch (error) {
      if (error instanceof ApiProblem && error.code === 'token_invalid') {
        setState('invalid');
        return;
      }
      throw error;
    }
  };

  return (
    <AuthPage id="reset" title={t('reset.title')}>
      {state === 'form' && (
        <>
          <p>{t('reset.intro')}</p>
          <form class="form" noValidate onSubmit={guard.onSubmit(save)}>
            <ErrorSummary items={form.summary} />
            <FormProblems guard={guard} />
            <PasswordField {...form.field('password')} label={t('auth.newPassword')} hint={t('auth.passwordHint')} autoComplete="new-password" />
            <div class="form__actions">
              <SubmitButton label={t('reset.submit')} busy={guard.busy} working={form.submitting} />
            </div>
          </form>
        </>
      )}
      {state === 'done' && (
        <div class="notice notice--ok" role="status" tabIndex={-1} ref={outcome}>
          <p>{t('reset.done')}</p>
          <p>
            <Link href="/sign-in">{t('nav.signIn')}</Link>
          </p>
        </div>
      )}
      {state === 'invalid' && (
        <div class="notice notice--error" role="alert" tabIndex={-1} ref={outcome}>
          <p>{t(token === null ? 'auth.noToken' : 'reset.failed')}</p>
          <p>
            <Link href="/forgot-password">{t('reset.askAgain')}</Link>
          </p>
        </div>
      )}
    </AuthPage>
  );
}
