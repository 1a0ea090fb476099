import { useMemo } from 'preact/hooks';
import { linkWallet, type Environment } from '../../api/mobileMoney';
import { navigate } from '../../app/router';
import { ErrorSummary } from '../../components/ErrorSummary';
import { Field, TextField } from '../../components/Field';
import type { FieldBinding } from '../../components/useForm';
import { FormProblems, useGuardedForm } from '../../components/guardedForm';
import { SelectField } from '../../components/SelectField';
import { SubmitButton } from '../../components/SubmitButton';
import { showToast } from '../../components/toasts';
import { required, useForm, type FormSpec } from '../../components/useForm';
import { t } from './messages';
import { walletPath } from './paths';
import { WalletsFrame, type WalletScope } from './WalletsFrame';

/** Airtel's developer portals, where a business creates its own Open API app. */
export const AIRTEL_PORTAL_ZM = 'https://developers.airtel.co.zm/';
export const AIRTEL_PORTAL_AFRICA = 'https://developers.airtel.africa/';

const ENVIRONMENTS: readonly Environment[] = ['live', 'uat', 'live_africa', 'uat_africa', 'custom'];

/** An Airtel Zambia number: 097… or 077… (or with 260 in front). */
export function msisdnError(value: string): string | null {
  const digits = value.replace(/[\s+-]/g, '');
  if (digits === '') {
    return t('wallets.link.msisdnMissing');
  }
  return /^(260|0)?(97|77)\d{7}$/.test(digits) ? null : t('wallets.link.msisdnNotAirtel');
}

interface LinkValues {
  readonly name: string;
  readonly environment: string;
  readonly base_url: string;
  readonly msisdn: string;
  readonly client_id: string;
  readonly client_secret: string;
}

const FORM_OPTIONS = { idPrefix: 'wallet' } as const;

/**
 * `/wallets/link`: how to get Airtel Open API credentials, step by step, then the wallet's
 * name, the environment, the merchant number and the app's client id and secret. Airtel is
 * asked for a token before anything is saved, so wrong credentials are said at once.
 */
export default function LinkWalletScreen() {
  return <WalletsFrame titleId="wallets-link-title" title={t('wallets.link.title')} current="other" children={(scope) => <LinkWallet scope={scope} />} />;
}

function LinkWallet({ scope }: { readonly scope: WalletScope }) {
  if (!scope.canManage) {
    return <p class="notice">{t('wallets.notAllowedManage')}</p>;
  }
  return (
    <>
      <Guidance />
      <LinkForm orgId={scope.orgId} />
    </>
  );
}

function Guidance() {
  return (
    <div class="wallets-guidance">
      <h2>{t('wallets.guide.title')}</h2>
      <p>{t('wallets.guide.intro')}</p>
      <ol class="wallets-steps">
        <li>
          {t('wallets.guide.register')}{' '}
          <a href={AIRTEL_PORTAL_ZM} target="_blank" rel="noopener noreferrer">
            {t('wallets.guide.portalZm')}
          </a>{' '}
          ·{' '}
          <a href={AIRTEL_PORTAL_AFRICA} target="_blank" rel="noopener noreferrer">
            {t('wallets.guide.portalAfrica')}
          </a>
        </li>
        <li>{t('wallets.guide.subscribe')}</li>
        <li>{t('wallets.guide.kyc')}</li>
        <li>{t('wallets.guide.keys')}</li>
        <li>{t('wallets.guide.environment')}</li>
      </ol>
    </div>
  );
}

function LinkForm({ orgId }: { readonly orgId: string }) {
  const spec = useMemo<FormSpec<LinkValues>>(
    () => ({
      name: { initial: '', validate: (value) => (required(value) === null ? null : t('wallets.link.nameMissing')), tidy: (value) => value.trim() },
      environment: { initial: 'live' },
      base_url: { initial: '', tidy: (value) => value.trim() },
      msisdn: { initial: '', validate: msisdnError, tidy: (value) => value.trim() },
      client_id: { initial: '', validate: (value) => (value.trim() === '' ? t('wallets.link.clientIdMissing') : null), tidy: (value) => value.trim() },
      client_secret: { initial: '', validate: (value) => (value.trim() === '' ? t('wallets.link.secretMissing') : null) },
    }),
    [],
  );
  const form = useForm(spec, FORM_OPTIONS);
  const guard = useGuardedForm(form);
  const save = guard.onSubmit(async () => {
    const values = form.values;
    const wallet = await linkWallet(orgId, {
      name: values.name.trim(),
      environment: values.environment as Environment,
      base_url: values.environment === 'custom' ? values.base_url.trim() : null,
      msisdn: values.msisdn.trim(),
      client_id: values.client_id.trim(),
      client_secret: values.client_secret.trim(),
    });
    showToast(t('wallets.link.linked', { name: wallet.name }), 'success');
    navigate(walletPath(wallet.id));
  });
  return (
    <form class="form" noValidate onSubmit={save} aria-label={t('wallets.link.formLabel')}>
      <h2>{t('wallets.link.formLabel')}</h2>
      <ErrorSummary items={form.summary} />
      <FormProblems guard={guard} />
      <TextField {...form.field('name')} label={t('wallets.link.name')} hint={t('wallets.link.nameHint')} maxLength={100} autoComplete="off" />
      <SelectField
        {...form.field('environment')}
        label={t('wallets.link.environment')}
        hint={t('wallets.link.environmentHint')}
        options={ENVIRONMENTS.map((value) => ({ value, label: t(`wallets.environment.${value}` as 'wallets.environment.live') }))}
      />
      {form.values.environment === 'custom' && (
        <TextField {...form.field('base_url')} label={t('wallets.link.baseUrl')} hint={t('wallets.link.baseUrlHint')} inputMode="text" maxLength={300} autoComplete="off" />
      )}
      <TextField {...form.field('msisdn')} label={t('wallets.link.msisdn')} hint={t('wallets.link.msisdnHint')} type="tel" inputMode="tel" maxLength={30} autoComplete="off" />
      <TextField {...form.field('client_id')} label={t('wallets.link.clientId')} hint={t('wallets.link.clientIdHint')} maxLength={200} autoComplete="off" />
      <SecretField {...form.field('client_secret')} label={t('wallets.link.secret')} hint={t('wallets.link.secretHint')} />
      <SubmitButton busy={guard.busy} label={t('wallets.link.submit')} workingLabel={t('wallets.link.checking')} />
    </form>
  );
}

/** The client secret: typed hidden, never offered to the browser's password manager. */
function SecretField({ id, value, error, onInput, onBlur, label, hint }: FieldBinding<string> & { readonly label: string; readonly hint: string }) {
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      {(control) => (
        <input
          {...control}
          class="input"
          type="password"
          name={id}
          value={value}
          maxLength={500}
          autoComplete="new-password"
          onInput={(event) => onInput((event.target as HTMLInputElement).value)}
          onBlur={onBlur}
        />
      )}
    </Field>
  );
}
