import { useCallback, useMemo, useState } from 'preact/hooks';
import { ApiNetworkError, ApiTimeoutError } from '../../api/client';
import { getProfile } from '../../api/organizations';
import { getDevice, initialiseDevice, recordIdentity, saveDevice, type Device } from '../../api/zra';
import { Link } from '../../app/Link';
import { useResource } from '../../app/useResource';
import { ErrorSummary } from '../../components/ErrorSummary';
import { TextField } from '../../components/Field';
import { ProblemNotice } from '../../components/ProblemNotice';
import { Skeleton } from '../../components/States';
import { SubmitButton } from '../../components/SubmitButton';
import { showToast } from '../../components/toasts';
import { useAction } from '../../components/useAction';
import { useForm, type FormSpec } from '../../components/useForm';
import { formatDateTime } from '../../format/dates';
import { Branches } from './Branches';
import { CodesStatus } from './CodesStatus';
import { t } from './messages';
import { ZRA_PATHS } from './paths';
import { branchError, hasCode, inWords, mrcNoError, sdcIdError, serialError, tpinError, urlError, ZRA_CODES } from './problems';
import { StockStatus } from './StockStatus';
import { ZraFrame, type ZraScope } from './ZraFrame';

/** Where ZRA's Smart Invoice portal and its sandbox (for certification) are. */
export const ZRA_PORTAL_URL = 'https://siportal.zra.org.zm/';
export const ZRA_SANDBOX_PORTAL_URL = 'https://sandboxportal.zra.org.zm/';

/**
 * `/zra`: ZRA Smart Invoice set up step by step: register with ZRA, run the VSDC, save the
 * device settings, initialise the device once, and see the identity ZRA issued. A Turnover Tax
 * business is told Smart Invoice does not apply, and asked nothing.
 */
export default function ZraSettingsScreen() {
  return <ZraFrame titleId="zra-settings-title" title={t('nav.zra')} current="settings" permission="zra:manage" children={(scope) => <Settings scope={scope} />} />;
}

interface Loaded {
  readonly device: Device;
  /** From the business profile; `null` when the person may not read it (the server still refuses). */
  readonly vatRegistered: boolean | null;
  readonly businessTpin: string | null;
}

function Settings({ scope }: { readonly scope: ZraScope }) {
  const { orgId, access } = scope;
  const load = useCallback(
    async (signal: AbortSignal): Promise<Loaded> => {
      const [device, profile] = await Promise.all([
        getDevice(orgId, signal),
        access.can('organization:read') ? getProfile(orgId, signal).catch(() => null) : Promise.resolve(null),
      ]);
      return { device, vatRegistered: profile?.vat_registered ?? null, businessTpin: profile?.tpin ?? null };
    },
    // `access` changes identity each render; the organization decides what may be read.
    [orgId],
  );
  const loaded = useResource(load);
  /** The device as the last save, initialisation or identity answered. */
  const [answered, setAnswered] = useState<Device | null>(null);
  /** The server said the business is not registered for VAT (its profile was not readable). */
  const [refused, setRefused] = useState(false);

  if (loaded.data === undefined) {
    return loaded.error === undefined ? <Skeleton label={t('screen.loading')} lines={8} /> : <ProblemNotice error={loaded.error} />;
  }
  if (loaded.data.vatRegistered === false || refused) {
    return <TurnoverTax canSeeProfile={access.can('organization:read')} />;
  }
  const device = answered ?? loaded.data.device;
  return (
    <ol class="zra-steps">
      <li>
        <p class="zra-step__title">{t('zra.step.register')}</p>
        <p>{t('zra.step.registerBody')}</p>
        <p>
          <a href={ZRA_PORTAL_URL} target="_blank" rel="noopener noreferrer">
            {t('zra.step.portalLink')}
          </a>
        </p>
      </li>
      <li>
        <p class="zra-step__title">{t('zra.step.vsdc')}</p>
        <p>{t('zra.step.vsdcBody')}</p>
        <ul>
          <li>{t('zra.step.vsdcOwnServer')}</li>
          <li>{t('zra.step.vsdcContainer')}</li>
        </ul>
        <p>{t('zra.step.vsdcCertify')}</p>
        <p>
          <a href={ZRA_SANDBOX_PORTAL_URL} target="_blank" rel="noopener noreferrer">
            {t('zra.step.sandboxLink')}
          </a>
        </p>
      </li>
      <li>
        <p class="zra-step__title">
          {t('zra.step.save')} {device.configured && <span class="zra-step__done">{t('zra.step.done')}</span>}
        </p>
        <SettingsForm
          orgId={orgId}
          device={device}
          businessTpin={loaded.data.businessTpin}
          onSaved={setAnswered}
          onNotVatRegistered={() => setRefused(true)}
        />
      </li>
      <li>
        <p class="zra-step__title">
          {t('zra.step.initialise')} {device.initialised && <span class="zra-step__done">{t('zra.step.done')}</span>}
        </p>
        {device.initialised ? (
          <p>{t('zra.initialise.doneBody')}</p>
        ) : device.configured ? (
          <Initialise orgId={orgId} branchId={device.branch_id ?? null} onInitialised={setAnswered} />
        ) : (
          <p class="muted">{t('zra.initialise.saveFirst')}</p>
        )}
      </li>
      <li>
        <p class="zra-step__title">{t('zra.step.ready')}</p>
        {device.initialised ? (
          <>
            <Identity device={device} />
            <Branches orgId={orgId} />
            <CodesStatus orgId={orgId} />
            <StockStatus orgId={orgId} />
          </>
        ) : (
          <p class="muted">{t('zra.ready.notYet')}</p>
        )}
      </li>
    </ol>
  );
}

function TurnoverTax({ canSeeProfile }: { readonly canSeeProfile: boolean }) {
  return (
    <div class="notice" data-testid="zra-turnover-tax">
      <p class="notice__title">{t('zra.turnoverTax.title')}</p>
      <p>{t('zra.turnoverTax.body')}</p>
      {canSeeProfile && (
        <p>
          <Link href="/organization">{t('zra.turnoverTax.profile')}</Link>
        </p>
      )}
    </div>
  );
}

interface SettingsValues {
  readonly vsdc_url: string;
  readonly tpin: string;
  readonly branch_id: string;
  readonly device_serial: string;
}

const FORM_OPTIONS = { idPrefix: 'zra' } as const;

interface SettingsFormProps {
  readonly orgId: string;
  readonly device: Device;
  readonly businessTpin: string | null;
  readonly onSaved: (device: Device) => void;
  readonly onNotVatRegistered: () => void;
}

/** The VSDC address, TPIN, branch and serial; once the device is initialised only the address. */
function SettingsForm({ orgId, device, businessTpin, onSaved, onNotVatRegistered }: SettingsFormProps) {
  const locked = device.initialised;
  const spec = useMemo<FormSpec<SettingsValues>>(
    () => ({
      vsdc_url: { initial: device.vsdc_url ?? '', validate: urlError, tidy: (value) => value.trim() },
      tpin: { initial: device.tpin ?? businessTpin ?? '', validate: tpinError, tidy: (value) => value.trim() },
      branch_id: { initial: device.branch_id ?? '000', validate: branchError, tidy: (value) => value.trim() },
      device_serial: { initial: device.device_serial ?? '', validate: serialError, tidy: (value) => value.trim() },
    }),
    // The form starts from what was loaded; later answers do not overwrite what is typed.
    [],
  );
  const form = useForm(spec, FORM_OPTIONS);
  const save = (event: Event): void => {
    event.preventDefault();
    void form.submit(async (values) => {
      try {
        const body = locked
          ? { vsdc_url: values.vsdc_url.trim(), tpin: device.tpin ?? '', branch_id: device.branch_id ?? '', device_serial: device.device_serial ?? '' }
          : { vsdc_url: values.vsdc_url.trim(), tpin: values.tpin.trim(), branch_id: values.branch_id.trim(), device_serial: values.device_serial.trim() };
        const saved = await saveDevice(orgId, body);
        showToast(t('zra.settings.saved'), 'success');
        onSaved(saved);
      } catch (error) {
        if (hasCode(error, ZRA_CODES.notVatRegistered)) {
          onNotVatRegistered();
          return;
        }
        throw inWords(error);
      }
    });
  };
  return (
    <form class="form zra-form" noValidate onSubmit={save} aria-label={t('zra.settings.formLabel')}>
      <ErrorSummary items={form.summary} />
      <TextField {...form.field('vsdc_url')} label={t('zra.field.vsdcUrl')} hint={t('zra.field.vsdcUrlHint')} inputMode="text" autoComplete="off" maxLength={500} />
      {locked ? (
        <>
          <p class="muted">{t('zra.settings.locked')}</p>
          <dl class="zra-facts" data-testid="zra-locked">
            <div>
              <dt>{t('zra.field.tpin')}</dt>
              <dd>{device.tpin}</dd>
            </div>
            <div>
              <dt>{t('zra.field.branchId')}</dt>
              <dd>{device.branch_id}</dd>
            </div>
            <div>
              <dt>{t('zra.field.deviceSerial')}</dt>
              <dd class="zra-code">{device.device_serial}</dd>
            </div>
          </dl>
        </>
      ) : (
        <>
          <TextField {...form.field('tpin')} label={t('zra.field.tpin')} hint={t('zra.field.tpinHint')} inputMode="numeric" autoComplete="off" maxLength={10} />
          <TextField {...form.field('branch_id')} label={t('zra.field.branchId')} hint={t('zra.field.branchIdHint')} inputMode="numeric" autoComplete="off" maxLength={3} />
          <TextField {...form.field('device_serial')} label={t('zra.field.deviceSerial')} hint={t('zra.field.deviceSerialHint')} autoComplete="off" maxLength={100} />
        </>
      )}
      <div>
        <SubmitButton label={t('zra.settings.save')} busy={form.submitting} workingLabel={t('zra.settings.saving')} />
      </div>
    </form>
  );
}

/** Initialisation: once, with a long wait; what went wrong said in the person's terms. */
function Initialise({
  orgId,
  branchId,
  onInitialised,
}: {
  readonly orgId: string;
  /** The branch whose device this is (each branch has its own). */
  readonly branchId: string | null;
  readonly onInitialised: (device: Device) => void;
}) {
  const [elsewhere, setElsewhere] = useState(false);
  const initialise = useAction(async () => {
    try {
      const device = await initialiseDevice(orgId, branchId);
      showToast(t('zra.initialise.succeeded'), 'success');
      onInitialised(device);
    } catch (error) {
      if (hasCode(error, ZRA_CODES.alreadyInitialised)) {
        setElsewhere(true);
      }
      throw error;
    }
  });
  const failure = initialise.failure;
  const noAnswer = hasCode(failure, ZRA_CODES.unreachable) || failure instanceof ApiTimeoutError || failure instanceof ApiNetworkError;
  return (
    <div class="zra-initialise">
      <p>{t('zra.initialise.body')}</p>
      <p class="notice">{t('zra.initialise.warning')}</p>
      {initialise.busy && (
        <p role="status" class="notice">
          {t('zra.initialise.waiting')}
        </p>
      )}
      {!initialise.busy && noAnswer && (
        <div class="notice notice--error" role="alert">
          <p class="notice__title">{t('zra.initialise.noAnswer')}</p>
          <p>{t('zra.initialise.noAnswerBody')}</p>
          {hasCode(failure, ZRA_CODES.unreachable) && failure.detail !== null && <p class="muted">{failure.detail}</p>}
        </div>
      )}
      {!initialise.busy && hasCode(failure, ZRA_CODES.alreadyInitialised) && (
        <div class="notice notice--error" role="alert">
          <p class="notice__title">{failure.title}</p>
          {failure.detail !== null && <p>{failure.detail}</p>}
        </div>
      )}
      {!initialise.busy && failure !== undefined && !noAnswer && !hasCode(failure, ZRA_CODES.alreadyInitialised) && <ProblemNotice error={failure} />}
      <button type="button" class="button" disabled={initialise.busy} onClick={() => void initialise.run()}>
        {initialise.busy ? t('zra.initialise.working') : noAnswer ? t('zra.initialise.again') : t('zra.initialise.button')}
      </button>
      {elsewhere && <IdentityForm orgId={orgId} branchId={branchId} onRecorded={onInitialised} />}
    </div>
  );
}

interface IdentityValues {
  readonly sdc_id: string;
  readonly mrc_no: string;
}

const IDENTITY_SPEC: FormSpec<IdentityValues> = {
  sdc_id: { initial: '', validate: sdcIdError, tidy: (value) => value.trim() },
  mrc_no: { initial: '', validate: mrcNoError, tidy: (value) => value.trim() },
};
const IDENTITY_OPTIONS = { idPrefix: 'zra-identity' } as const;

/** The identity ZRA gave by hand for a device another system initialised (after a 902). */
function IdentityForm({
  orgId,
  branchId,
  onRecorded,
}: {
  readonly orgId: string;
  readonly branchId: string | null;
  readonly onRecorded: (device: Device) => void;
}) {
  const form = useForm(IDENTITY_SPEC, IDENTITY_OPTIONS);
  const save = (event: Event): void => {
    event.preventDefault();
    void form.submit(async (values) => {
      try {
        const device = await recordIdentity(
          orgId,
          { sdc_id: values.sdc_id.trim(), mrc_no: values.mrc_no.trim() === '' ? null : values.mrc_no.trim() },
          branchId,
        );
        showToast(t('zra.identity.recorded'), 'success');
        onRecorded(device);
      } catch (error) {
        throw inWords(error);
      }
    });
  };
  return (
    <form class="form zra-form" noValidate onSubmit={save} aria-labelledby="zra-identity-title">
      <h2 id="zra-identity-title">{t('zra.identity.title')}</h2>
      <p>{t('zra.identity.body')}</p>
      <ErrorSummary items={form.summary} />
      <TextField {...form.field('sdc_id')} label={t('zra.receipt.sdcId')} autoComplete="off" maxLength={30} />
      <TextField {...form.field('mrc_no')} label={t('zra.receipt.mrcNo')} optional autoComplete="off" maxLength={30} />
      <div>
        <SubmitButton label={t('zra.identity.save')} busy={form.submitting} />
      </div>
    </form>
  );
}

/** What ZRA issued: the device's identity and whose it is. */
function Identity({ device }: { readonly device: Device }) {
  return (
    <>
      <dl class="zra-facts" data-testid="zra-identity">
        <div>
          <dt>{t('zra.receipt.sdcId')}</dt>
          <dd>{device.sdc_id}</dd>
        </div>
        <div>
          <dt>{t('zra.receipt.mrcNo')}</dt>
          <dd>{device.mrc_no ?? '—'}</dd>
        </div>
        <div>
          <dt>{t('zra.ready.taxpayer')}</dt>
          <dd>{device.taxpayer_name ?? '—'}</dd>
        </div>
        <div>
          <dt>{t('zra.ready.branch')}</dt>
          <dd>{device.branch_name ?? device.branch_id ?? '—'}</dd>
        </div>
        {device.initialised_at !== null && device.initialised_at !== undefined && (
          <div>
            <dt>{t('zra.ready.initialisedAt')}</dt>
            <dd>{formatDateTime(device.initialised_at)}</dd>
          </div>
        )}
      </dl>
      <p>{t('zra.ready.body')}</p>
      <p>
        <Link href={ZRA_PATHS.submissions}>{t('zra.ready.submissionsLink')}</Link>
      </p>
    </>
  );
}
