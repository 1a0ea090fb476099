import { Link } from '../../app/Link';
import { navigate, safeNext, useQueryParam } from '../../app/router';
import { t } from './messages';
import { AuthPage } from './common';
import { SignInForm } from './SignInForm';

/** `/sign-in?next=…`: signs in, then goes back where the person was sent from. */
export default function SignInScreen() {
  const next = safeNext(useQueryParam('next'));
  return (
    <AuthPage id="sign-in" title={t('signIn.title')}>
      <SignInForm onSignedIn={() => navigate(next, { replace: true })} />
      <ul class="auth__links">
        <li>
          <Link href="/forgot-password">{t('signIn.forgot')}</Link>
        </li>
        <li>
          {t('signIn.noAccount')} <Link href="/register">{t('signIn.register')}</Link>
        </li>
      </ul>
    </AuthPage>
  );
}
