import { useEffect, useRef, useState } from 'preact/hooks';
import {
  changePassword,
  confirmMfa,
  disableMfa,
  getMfaStatus,
  regenerateRecoveryCodes,
  startMfaEnrolment,
  type MfaEnrolment,
  type MfaStatus,
} from '../../api/auth';
import { ApiProblem } from '../../api/client';
import { ProblemNotice } from '../../components/ProblemNotice';
import { useSession } from '../../app/session';
import { useResource } from '../../app/useResource';
import { ErrorSummary } from '../../components/ErrorSummary';
import { Skeleton } from '../../components/States';
import { showToast } from '../../components/toasts';
import { useForm, type FormSpec } from '../../components/useForm';
import { formatDate, lusakaDateOf } from '../../format/dates';
import { SubmitButton } from '../../components/SubmitButton';
import { t, tCount } from './messages';
import { AuthPage, CodeField, fieldProblem, newPasswordError, normalisedCode, PasswordField, requiredPassword, totpError } from '../auth/common';
import { FormProblems, useGuardedForm } from '../../components/guardedForm';
import { RecoveryCodes } from './RecoveryCodes';

/** What the two-step section shows now. */
type MfaStep =
  | { readonly step: 'status' }
  | { readonly step: 'enrol-password' }
  | { readonly step: 'enrol-scan'; readonly enrolment: MfaEnrolment }
  | { readonly step: 'codes'; readonly codes: readonly string[] }
  | { readonly step: 'regenerate' }
  | { readonly step: 'disable' };

/** The API's refusals of the password or the code, put on the field they are about. */
function onField(error: unknown, fields: { readonly password?: string; readonly code?: string }): ApiProblem | null {
  if (!(error instanceof ApiProblem)) {
    return null;
  }
  if (error.code === 'current_password_incorrect' && fields.password !== undefined) {
    return fieldProblem(error, fields.password);
  }
  if (error.code === 'mfa_invalid' && fields.code !== undefined) {
    return fieldProblem(error, fields.code);
  }
  return null;
}

/** `/account/security`: two-step sign-in (enrol with the QR code, recovery codes, turn off) and the password. */
export default function AccountSecurityScreen() {
  return (
    <AuthPage id="security" title={t('security.title')}>
      <TwoStepSection />
      <PasswordSection />
    </AuthPage>
  );
}

function TwoStepSection() {
  const status = useResource(getMfaStatus);
  const session = useSession();
  const [mfa, setMfa] = useState<MfaStep>({ step: 'status' });
  const back = (): void => setMfa({ step: 'status' });

  const afterChange = (): void => {
    status.reload();
    void session.refreshMe().catch(() => undefined);
  };

  return (
    <section class="card" aria-labelledby="security-mfa-title">
      <h2 id="security-mfa-title">{t('security.mfaHeading')}</h2>
      {status.error !== undefined && status.data === undefined && <ProblemNotice error={status.error} />}
      {status.data === undefined ? (
        status.loading && <Skeleton label={t('security.loading')} lines={2} />
      ) : (
        <>
          {mfa.step === 'status' && (
            <MfaSummary
              status={status.data}
              onEnrol={() => setMfa({ step: 'enrol-password' })}
              onRegenerate={() => setMfa({ step: 'regenerate' })}
              onDisable={() => setMfa({ step: 'disable' })}
            />
          )}
          {mfa.step === 'enrol-password' && (
            <EnrolPassword onEnrolled={(enrolment) => setMfa({ step: 'enrol-scan', enrolment })} onCancel={back} />
          )}
          {mfa.step === 'enrol-scan' && (
            <EnrolScan
              enrolment={mfa.enrolment}
              onConfirmed={(codes) => {
                setMfa({ step: 'codes', codes });
                showToast(t('security.enabled'), 'success');
                afterChange();
              }}
              onCancel={back}
            />
          )}
          {mfa.step === 'codes' && (
            <RecoveryCodes codes={mfa.codes} email={session.user?.email ?? ''} onDone={back} />
          )}
          {mfa.step === 'regenerate' && (
            <Regenerate
              onRegenerated={(codes) => {
                setMfa({ step: 'codes', codes });
                afterChange();
              }}
              onCancel={back}
            />
          )}
          {mfa.step === 'disable' && (
            <Disable
              onDisabled={() => {
                back();
                showToast(t('security.disabled'), 'success');
                afterChange();
              }}
              onCancel={back}
            />
          )}
        </>
      )}
    </section>
  );
}

interface MfaSummaryProps {
  readonly status: MfaStatus;
  readonly onEnrol: () => void;
  readonly onRegenerate: () => void;
  readonly onDisable: () => void;
}

function MfaSummary({ status, onEnrol, onRegenerate, onDisable }: MfaSummaryProps) {
  if (!status.enabled) {
    return (
      <>
        <p>{t('security.mfaOff')}</p>
        <button type="button" class="button" onClick={onEnrol}>
          {t('security.enrolStart')}
        </button>
      </>
    );
  }
  return (
    <>
      <p>
        <span class="badge">{t('team.on')}</span>{' '}
        {status.enabled_at === null ? null : t('security.mfaOn', { date: formatDate(lusakaDateOf(new Date(status.enabled_at))) })}{' '}
        {tCount('security.mfaCodesLeft', status.recovery_codes_remaining)}
      </p>
      <div class="form__actions">
        <button type="button" class="button button--quiet" onClick={onRegenerate}>
          {t('security.regenerate')}
        </button>
        <button type="button" class="button button--quiet" onClick={onDisable}>
          {t('security.disable')}
        </button>
      </div>
    </>
  );
}

/** Moves focus to a step's heading when it appears, so a screen reader says where it is. */
function useFocusOnMount<T extends HTMLElement>() {
  const element = useRef<T>(null);
  useEffect(() => {
    element.current?.focus();
  }, []);
  return element;
}

interface PasswordOnly {
  readonly password: string;
}

const PASSWORD_ONLY: FormSpec<PasswordOnly> = { password: { initial: '', validate: requiredPassword } };
const ENROL_OPTIONS = { idPrefix: 'mfa-enrol' } as const;

function EnrolPassword({ onEnrolled, onCancel }: { readonly onEnrolled: (enrolment: MfaEnrolment) => void; readonly onCancel: () => void }) {
  const form = useForm(PASSWORD_ONLY, ENROL_OPTIONS);
  const guard = useGuardedForm(form);
  const heading = useFocusOnMount<HTMLHeadingElement>();

  const save = async (): Promise<void> => {
    try {
      onEnrolled(await startMfaEnrolment(form.values.password));
    } catch (error) {
      const mapped = onField(error, { password: 'password' });
      if (mapped === null) {
        throw error;
      }
      form.applyProblem(mapped);
    }
  };

  return (
    <form class="form" noValidate onSubmit={guard.onSubmit(save)} aria-labelledby="mfa-enrol-title">
      <h3 id="mfa-enrol-title" tabIndex={-1} ref={heading}>
        {t('security.enrolStart')}
      </h3>
      <p>{t('security.passwordAgain')}</p>
      <ErrorSummary items={form.summary} />
      <FormProblems guard={guard} />
      <PasswordField {...form.field('password')} label={t('auth.password')} autoComplete="current-password" />
      <div class="form__actions">
        <SubmitButton label={t('security.continue')} busy={guard.busy} working={form.submitting} />
        <button type="button" class="button button--quiet" onClick={onCancel}>
          {t('action.cancel')}
        </button>
      </div>
    </form>
  );
}

interface CodeOnly {
  readonly code: string;
}

const CODE_ONLY: FormSpec<CodeOnly> = { code: { initial: '', validate: totpError } };
const CONFIRM_OPTIONS = { idPrefix: 'mfa-confirm' } as const;

interface EnrolScanProps {
  readonly enrolment: MfaEnrolment;
  readonly onConfirmed: (codes: readonly string[]) => void;
  readonly onCancel: () => void;
}

/** A setup key as people copy it by eye: `JBSW Y3DP EHPK 3PXP` (authenticator apps ignore the spaces). */
function inGroupsOfFour(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, '$1 ');
}

/** The QR code (an SVG data URI from the API, shown as an image), the key to type, and a first code. */
function EnrolScan({ enrolment, onConfirmed, onCancel }: EnrolScanProps) {
  const form = useForm(CODE_ONLY, CONFIRM_OPTIONS);
  const guard = useGuardedForm(form);
  const heading = useFocusOnMount<HTMLHeadingElement>();
  // Only an SVG image from the API: anything else is not shown.
  const qr = enrolment.qr_svg_data_uri.startsWith('data:image/svg+xml') ? enrolment.qr_svg_data_uri : null;

  const save = async (): Promise<void> => {
    try {
      const answer = await confirmMfa(normalisedCode(form.values.code));
      onConfirmed(answer.recovery_codes);
    } catch (error) {
      const mapped = onField(error, { code: 'code' });
      if (mapped === null) {
        throw error;
      }
      form.applyProblem(mapped);
    }
  };

  return (
    <div class="mfa-enrol">
      <h3 id="mfa-scan-title" tabIndex={-1} ref={heading}>
        {t('security.scanTitle')}
      </h3>
      <p>{t('security.scanIntro')}</p>
      {qr !== null && <img class="qr" src={qr} alt={t('security.qrAlt')} width={192} height={192} />}
      {enrolment.otpauth_uri.startsWith('otpauth://') && (
        // A phone cannot scan its own screen: the link hands the key to its authenticator app.
        <p>
          <a href={enrolment.otpauth_uri}>{t('security.openInApp')}</a>
        </p>
      )}
      <p>{t('security.manualIntro')}</p>
      <p>
        <span class="visually-hidden">{t('security.secretLabel')}: </span>
        <code class="secret">{inGroupsOfFour(enrolment.secret)}</code>
      </p>
      <p>{t('security.confirmIntro')}</p>
      <form class="form" noValidate onSubmit={guard.onSubmit(save)} aria-labelledby="mfa-scan-title">
        <ErrorSummary items={form.summary} />
        <FormProblems guard={guard} />
        <CodeField {...form.field('code')} kind="totp" label={t('signIn.totpCode')} hint={t('signIn.totpHint')} />
        <div class="form__actions">
          <SubmitButton label={t('security.confirm')} busy={guard.busy} working={form.submitting} />
          <button type="button" class="button button--quiet" onClick={onCancel}>
            {t('action.cancel')}
          </button>
        </div>
      </form>
    </div>
  );
}

interface PasswordAndCode {
  readonly password: string;
  readonly code: string;
}

const PASSWORD_AND_TOTP: FormSpec<PasswordAndCode> = {
  password: { initial: '', validate: requiredPassword },
  code: { initial: '', validate: totpError },
};
const PASSWORD_AND_ANY_CODE: FormSpec<PasswordAndCode> = {
  password: { initial: '', validate: requiredPassword },
  code: { initial: '', validate: (value) => (value.trim() === '' ? t('form.required') : null) },
};
const REGENERATE_OPTIONS = { idPrefix: 'mfa-regenerate' } as const;
const DISABLE_OPTIONS = { idPrefix: 'mfa-disable' } as const;

interface PasswordAndCodeFormProps {
  readonly kind: 'regenerate' | 'disable';
  readonly onCancel: () => void;
  readonly send: (password: string, code: string) => Promise<void>;
}

function PasswordAndCodeForm({ kind, onCancel, send }: PasswordAndCodeFormProps) {
  const options = kind === 'regenerate' ? REGENERATE_OPTIONS : DISABLE_OPTIONS;
  const form = useForm(kind === 'regenerate' ? PASSWORD_AND_TOTP : PASSWORD_AND_ANY_CODE, options);
  const guard = useGuardedForm(form);
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const titleId = `${options.idPrefix}-title`;

  const save = async (): Promise<void> => {
    try {
      await send(form.values.password, form.values.code);
    } catch (error) {
      const mapped = onField(error, { password: 'password', code: 'code' });
      if (mapped === null) {
        throw error;
      }
      form.applyProblem(mapped);
    }
  };

  return (
    <form class="form" noValidate onSubmit={guard.onSubmit(save)} aria-labelledby={titleId}>
      <h3 id={titleId} tabIndex={-1} ref={heading}>
        {t(kind === 'regenerate' ? 'security.regenerate' : 'security.disable')}
      </h3>
      <p>{t(kind === 'regenerate' ? 'security.regenerateIntro' : 'security.disableIntro')}</p>
      <ErrorSummary items={form.summary} />
      <FormProblems guard={guard} />
      <PasswordField {...form.field('password')} label={t('auth.password')} autoComplete="current-password" />
      <CodeField
        {...form.field('code')}
        kind={kind === 'regenerate' ? 'totp' : 'recovery'}
        label={t(kind === 'regenerate' ? 'signIn.totpCode' : 'security.codeOrRecovery')}
      />
      <div class="form__actions">
        <SubmitButton label={t(kind === 'regenerate' ? 'security.regenerate' : 'security.disableConfirm')} busy={guard.busy} working={form.submitting} tone={kind === 'disable' ? 'danger' : 'primary'} />
        <button type="button" class="button button--quiet" onClick={onCancel}>
          {t('action.cancel')}
        </button>
      </div>
    </form>
  );
}

function Regenerate({ onRegenerated, onCancel }: { readonly onRegenerated: (codes: readonly string[]) => void; readonly onCancel: () => void }) {
  return (
    <PasswordAndCodeForm
      kind="regenerate"
      onCancel={onCancel}
      send={async (password, code) => {
        const answer = await regenerateRecoveryCodes(password, normalisedCode(code));
        onRegenerated(answer.recovery_codes);
      }}
    />
  );
}

function Disable({ onDisabled, onCancel }: { readonly onDisabled: () => void; readonly onCancel: () => void }) {
  return (
    <PasswordAndCodeForm
      kind="disable"
      onCancel={onCancel}
      send={async (password, code) => {
        const digits = normalisedCode(code);
        // Six digits are a code from the app; anything else is a recovery code.
        await disableMfa(password, /^\d{6}$/.test(digits) ? { totp_code: digits } : { recovery_code: code.trim() });
        onDisabled();
      }}
    />
  );
}

interface PasswordChange {
  readonly current_password: string;
  readonly new_password: string;
}

const PASSWORD_CHANGE: FormSpec<PasswordChange> = {
  current_password: { initial: '', validate: requiredPassword },
  new_password: { initial: '', validate: newPasswordError },
};
const PASSWORD_OPTIONS = { idPrefix: 'password' } as const;

function PasswordSection() {
  const [generation, setGeneration] = useState(0);
  return (
    <section class="card" aria-labelledby="security-password-title">
      <h2 id="security-password-title">{t('security.passwordHeading')}</h2>
      <p>{t('security.passwordIntro')}</p>
      <PasswordChangeForm key={generation} onChanged={() => setGeneration((n) => n + 1)} />
    </section>
  );
}

function PasswordChangeForm({ onChanged }: { readonly onChanged: () => void }) {
  const form = useForm(PASSWORD_CHANGE, PASSWORD_OPTIONS);
  const guard = useGuardedForm(form);

  const save = async (): Promise<void> => {
    try {
      await changePassword(form.values.current_password, form.values.new_password);
    } catch (error) {
      const mapped = onField(error, { password: 'current_password' });
      if (mapped === null) {
        throw error;
      }
      form.applyProblem(mapped);
      return;
    }
    showToast(t('security.passwordChanged'), 'success');
    onChanged();
  };

  return (
    <form class="form" noValidate onSubmit={guard.onSubmit(save)}>
      <ErrorSummary items={form.summary} />
      <FormProblems guard={guard} />
      <PasswordField {...form.field('current_password')} label={t('auth.currentPassword')} autoComplete="current-password" />
      <PasswordField {...form.field('new_password')} label={t('auth.newPassword')} hint={t('auth.passwordHint')} autoComplete="new-password" />
      <div class="form__actions">
        <SubmitButton label={t('security.changePassword')} busy={guard.busy} working={form.submitting} />
      </div>
    </form>
  );
}
