import { useEffect, useRef, useState } from 'preact/hooks';
import {
  acceptInvitation,
  previewInvitation,
  registerWithInvitation,
  type Acceptance,
  type InvitationPreview,
} from '../../api/auth';
import { ApiProblem } from '../../api/client';
import { ProblemNotice } from '../../components/ProblemNotice';
import { navigate } from '../../app/router';
import { refreshMe, signIn, signOut, switchOrganization, useSession } from '../../app/session';
import { Skeleton } from '../../components/States';
import { ErrorSummary } from '../../components/ErrorSummary';
import { TextField } from '../../components/Field';
import { required, useForm, type FormSpec } from '../../components/useForm';
import { formatDate, lusakaDateOf } from '../../format/dates';
import { SubmitButton } from '../../components/SubmitButton';
import { useAction } from '../../components/useAction';
import { t } from './messages';
import { AuthPage, newPasswordError, PasswordField, useLinkToken, useOnce } from './common';
import { FormProblems, useGuardedForm } from '../../components/guardedForm';
import { SignInForm } from './SignInForm';

type Preview =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly invitation: InvitationPreview }
  | { readonly status: 'invalid' }
  | { readonly status: 'failed'; readonly error: unknown };

/** A used, withdrawn or expired invitation, or one whose inviter can no longer grant it. */
function isInvalid(error: unknown): boolean {
  return error instanceof ApiProblem && (error.status === 404 || error.status === 400 || error.status === 422);
}

/**
 * `/accept-invitation?token=…`, the link in the invitation e-mail: what the invitation
 * offers (read with the token in the body), then accept it signed in with the invited
 * address, or create the account for that address.
 */
export default function AcceptInvitationScreen() {
  const token = useLinkToken();
  const [preview, setPreview] = useState<Preview>(() => (token === null ? { status: 'invalid' } : { status: 'loading' }));
  const [accepted, setAccepted] = useState<Acceptance | null>(null);

  const load = (): void => {
    if (token === null) {
      return;
    }
    setPreview({ status: 'loading' });
    previewInvitation(token).then(
      (invitation) => setPreview({ status: 'ready', invitation }),
      (error: unknown) => setPreview(isInvalid(error) ? { status: 'invalid' } : { status: 'failed', error }),
    );
  };
  useOnce(load);

  const onAccepted = (acceptance: Acceptance): void => {
    setAccepted(acceptance);
    void refreshMe()
      .then(() => switchOrganization(acceptance.organization_id))
      .catch(() => undefined);
  };

  return (
    <AuthPage id="invite" title={t('invite.title')}>
      {preview.status === 'loading' && <Skeleton label={t('invite.loading')} lines={3} />}
      {preview.status === 'invalid' && (
        <div class="notice notice--error" role="alert">
          <p>{t(token === null ? 'auth.noToken' : 'invite.invalid')}</p>
        </div>
      )}
      {preview.status === 'failed' && (
        <>
          <ProblemNotice error={preview.error} />
          <button type="button" class="button" onClick={load}>
            {t('action.retry')}
          </button>
        </>
      )}
      {preview.status === 'ready' && token !== null && (
        <>
          <div class="card">
            <p>
              {t('invite.summary', {
                inviter: preview.invitation.invited_by_name,
                organization: preview.invitation.organization_name,
                role: preview.invitation.role_name,
              })}
            </p>
            <p class="muted">
              {t('invite.forEmail', {
                email: preview.invitation.email,
                date: formatDate(lusakaDateOf(new Date(preview.invitation.expires_at))),
              })}
            </p>
          </div>
          {accepted === null ? (
            <Acceptor token={token} invitation={preview.invitation} onAccepted={onAccepted} onInvalid={() => setPreview({ status: 'invalid' })} />
          ) : (
            <Accepted acceptance={accepted} roleName={preview.invitation.role_name} />
          )}
        </>
      )}
    </AuthPage>
  );
}

interface AcceptorProps {
  readonly token: string;
  readonly invitation: InvitationPreview;
  readonly onAccepted: (acceptance: Acceptance) => void;
  readonly onInvalid: () => void;
}

/** Accept signed in as the invited address; sign in first, or create the account. */
function Acceptor({ token, invitation, onAccepted, onInvalid }: AcceptorProps) {
  const session = useSession();
  const acceptance = useAction(async () => {
    try {
      onAccepted(await acceptInvitation(token));
    } catch (error) {
      if (isInvalid(error) && !(error instanceof ApiProblem && error.code === 'invitation_email_mismatch')) {
        onInvalid();
        return;
      }
      throw error;
    }
  });
  const [mustSignIn, setMustSignIn] = useState(invitation.next_step === 'sign_in');
  const autoAccept = useRef(false);
  const sameAddress =
    session.user !== null && session.user.email.trim().toLowerCase() === invitation.email.trim().toLowerCase();

  const accept = (): void => void acceptance.run();

  useEffect(() => {
    // Signed in here to accept: accept at once.
    if (autoAccept.current && session.status === 'signed_in' && sameAddress) {
      autoAccept.current = false;
      accept();
    }
  }, [session.status, sameAddress]);

  if (session.status === 'loading') {
    return <Skeleton label={t('screen.loading')} lines={2} />;
  }
  if (session.status === 'signed_in' && session.user !== null) {
    if (!sameAddress) {
      return (
        <>
          <div class="notice notice--error" role="alert">
            <p>{t('invite.wrongAccount', { email: session.user.email, invited: invitation.email })}</p>
          </div>
          <button type="button" class="button" onClick={() => void signOut()}>
            {t('invite.signOut')}
          </button>
        </>
      );
    }
    return (
      <>
        <ProblemNotice error={acceptance.failure} />
        <button type="button" class="button" disabled={acceptance.busy} onClick={accept}>
          {acceptance.busy ? t('action.working') : t('invite.accept')}
        </button>
      </>
    );
  }
  if (mustSignIn) {
    // Signing in here is signing in to accept: accept as soon as the session begins.
    autoAccept.current = true;
    return (
      <>
        <p>{t('invite.signInToAccept', { email: invitation.email })}</p>
        <SignInForm email={invitation.email} onSignedIn={() => undefined} />
      </>
    );
  }
  return (
    <InvitedRegistration
      token={token}
      invitation={invitation}
      onAccepted={onAccepted}
      onAccountExists={() => setMustSignIn(true)}
      onInvalid={onInvalid}
    />
  );
}

interface InvitedAccount {
  readonly full_name: string;
  readonly password: string;
}

const INVITED_ACCOUNT: FormSpec<InvitedAccount> = {
  full_name: { initial: '', validate: required },
  password: { initial: '', validate: newPasswordError },
};

const INVITED_OPTIONS = { idPrefix: 'invite' } as const;

interface InvitedRegistrationProps {
  readonly token: string;
  readonly invitation: InvitationPreview;
  readonly onAccepted: (acceptance: Acceptance) => void;
  readonly onAccountExists: () => void;
  readonly onInvalid: () => void;
}

/** A new account for the invited address (already verified by the link), joined, then signed in. */
function InvitedRegistration({ token, invitation, onAccepted, onAccountExists, onInvalid }: InvitedRegistrationProps) {
  const form = useForm(INVITED_ACCOUNT, INVITED_OPTIONS);
  const guard = useGuardedForm(form);

  const save = async (): Promise<void> => {
    let acceptance: Acceptance;
    try {
      acceptance = await registerWithInvitation(token, form.values.full_name.trim(), form.values.password);
    } catch (error) {
      if (error instanceof ApiProblem && error.code === 'account_exists') {
        onAccountExists();
        return;
      }
      if (error instanceof ApiProblem && error.status === 404) {
        onInvalid();
        return;
      }
      throw error;
    }
    await signIn({ email: invitation.email, password: form.values.password }).catch(() => undefined);
    onAccepted(acceptance);
  };

  return (
    <>
      <p>{t('invite.registerIntro', { email: invitation.email })}</p>
      <form class="form" noValidate onSubmit={guard.onSubmit(save)}>
        <ErrorSummary items={form.summary} />
        <FormProblems guard={guard} />
        <TextField {...form.field('full_name')} label={t('auth.fullName')} autoComplete="name" maxLength={200} />
        <PasswordField {...form.field('password')} label={t('auth.password')} hint={t('auth.passwordHint')} autoComplete="new-password" />
        <div class="form__actions">
          <SubmitButton label={t('invite.register')} busy={guard.busy} working={form.submitting} />
        </div>
      </form>
    </>
  );
}

function Accepted({ acceptance, roleName }: { readonly acceptance: Acceptance; readonly roleName: string }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    box.current?.focus();
  }, []);
  return (
    <div class="notice notice--ok" role="status" tabIndex={-1} ref={box}>
      <p>{t('invite.accepted', { organization: acceptance.organization_name, role: roleName })}</p>
      <button
        type="button"
        class="button"
        onClick={() => {
          switchOrganization(acceptance.organization_id);
          navigate('/');
        }}
      >
        {t('invite.open', { organization: acceptance.organization_name })}
      </button>
    </div>
  );
}
