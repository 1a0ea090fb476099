import { useState } from 'preact/hooks';
import { verifyEmail } from '../../api/auth';
import { ApiProblem } from '../../api/client';
import { Link } from '../../app/Link';
import { ProblemNotice } from '../../components/ProblemNotice';
import { useSession } from '../../app/session';
import { t } from './messages';
import { AuthPage, useLinkToken, useOnce } from './common';

type Outcome =
  | { readonly status: 'working' }
  | { readonly status: 'done' }
  | { readonly status: 'already' }
  | { readonly status: 'invalid' }
  | { readonly status: 'failed'; readonly error: unknown };

/** `/verify-email?token=…`, the link in the verification e-mail: confirms the address at once. */
export default function VerifyEmailScreen() {
  const token = useLinkToken();
  const session = useSession();
  const [outcome, setOutcome] = useState<Outcome>(() => (token === null ? { status: 'invalid' } : { status: 'working' }));

  const confirm = (): void => {
    if (token === null) {
      return;
    }
    setOutcome({ status: 'working' });
    verifyEmail(token).then(
      () => {
        setOutcome({ status: 'done' });
        if (session.status === 'signed_in') {
          void session.refreshMe().catch(() => undefined);
        }
      },
      (error: unknown) =>
        setOutcome(
          error instanceof ApiProblem && error.code === 'email_already_verified'
            ? { status: 'already' }
            : error instanceof ApiProblem && error.status < 500 && error.status !== 429
              ? { status: 'invalid' }
              : { status: 'failed', error },
        ),
    );
  };

  useOnce(confirm);

  return (
    <AuthPage id="verify" title={t('verify.title')}>
      {outcome.status === 'working' && (
        <p class="notice" role="status">
          {t('verify.working')}
        </p>
      )}
      {(outcome.status === 'done' || outcome.status === 'already') && (
        <>
          <p class="notice notice--ok" role="status">
            {t(outcome.status === 'done' ? 'verify.done' : 'verify.already')}
          </p>
          {session.status !== 'signed_in' && (
            <p>
              <Link href="/sign-in">{t('nav.signIn')}</Link>
            </p>
          )}
        </>
      )}
      {outcome.status === 'invalid' && (
        <>
          <div class="notice notice--error" role="alert">
            <p>{t(token === null ? 'auth.noToken' : 'verify.failed')}</p>
          </div>
          <p>
            <Link href="/verify-email/resend">{t('verify.askAgain')}</Link>
          </p>
        </>
      )}
      {outcome.status === 'failed' && (
        <>
          <ProblemNotice error={outcome.error} />
          <button type="button" class="button" onClick={confirm}>
            {t('action.retry')}
          </button>
        </>
      )}
    </AuthPage>
  );
}
