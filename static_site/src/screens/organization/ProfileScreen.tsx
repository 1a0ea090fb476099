/**
 * `/organization`: the current organization's business profile, for everyone in it; editing
 * it and its logo for owners and admins (`organization:manage`); a download of all its data
 * for the owner (`organization:export`); deleting it, with its name typed to confirm and a
 * grace period to restore it, for the owner (`organization:delete`).
 *
 * Changes need a connection (they are rare, and a refused TPIN change must be seen at once);
 * the profile itself is kept on the phone and readable offline.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ApiNetworkError, ApiProblem, ApiTimeoutError } from '../../api/client';
import { Link } from '../../app/Link';
import { ProblemNotice } from '../../components/ProblemNotice';
import { navigate } from '../../app/router';
import { useResource } from '../../app/useResource';
import { Dialog } from '../../components/Dialog';
import { ErrorSummary, type SummaryItem } from '../../components/ErrorSummary';
import { TextField } from '../../components/Field';
import { FileUpload } from '../../components/FileUpload';
import { EmptyState, Skeleton } from '../../components/States';
import { SubmitButton } from '../../components/SubmitButton';
import { showToast } from '../../components/toasts';
import { useAction } from '../../components/useAction';
import { formatDate, formatDateTime, lusakaDateOf } from '../../format/dates';
import { t } from './messages';
import { useOnline } from '../../offline/hooks';
import { recentKey } from '../../offline/recent';
import { deleteOrganization, exportOrganization, getLogo, getProfile, updateProfile, uploadLogo, type ProfileOut, type ProfilePatch } from '../../api/organizations';
import { rememberDeletion } from './deletions';
import { BUSINESS_FIELDS, BusinessFields, CONTACT_FIELDS, ContactFields, SETTINGS_FIELDS, SettingsFields, TAX_FIELDS, TaxFields } from './ProfileFields';
import { linkTo } from './OrganizationsScreen';
import { ORGANIZATIONS_PATH, WIZARD_PATH } from './paths';
import {
  businessTypeName,
  formatPhone,
  monthName,
  profileChanges,
  provinceName,
  singleSpaced,
  valuesFromProfile,
  type FieldName,
} from './rules';
import { useOrgSession, type OrgSession, type OrgSessionOrganization } from './sessionAdapter';
import { LOGO_MAX_BYTES, LOGO_TYPES } from './logo';
import { summaryItems, useProfileForm } from './useProfileForm';
import './organization.css';

const ID_PREFIX = 'org-profile';
const ALL_FIELDS: readonly FieldName[] = [...BUSINESS_FIELDS, ...TAX_FIELDS, ...CONTACT_FIELDS, ...SETTINGS_FIELDS];
const PROFILE_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export default function ProfileScreen() {
  const session = useOrgSession();
  const organization = session.currentOrganization;
  if (organization === null) {
    return (
      <section class="screen" aria-labelledby="org-profile-title">
        <h1 id="org-profile-title">{t('org.profile.title')}</h1>
        <EmptyState
          title={t('org.list.emptyTitle')}
          body={t('org.list.emptyBody')}
          action={
            <a class="button org-link-button" href={WIZARD_PATH} onClick={(event) => linkTo(event, WIZARD_PATH)}>
              {t('org.list.create')}
            </a>
          }
        />
      </section>
    );
  }
  return <OrganizationProfile key={organization.id} organization={organization} session={session} />;
}

interface OrganizationProfileProps {
  readonly organization: OrgSessionOrganization;
  readonly session: OrgSession;
}

function OrganizationProfile({ organization, session }: OrganizationProfileProps) {
  const load = useCallback((signal: AbortSignal) => getProfile(organization.id, signal), [organization.id]);
  const recent = useMemo(() => recentKey<ProfileOut>('organization.profile', organization.id, PROFILE_TTL_MS), [organization.id]);
  const profile = useResource(load, recent);
  const [editing, setEditing] = useState(false);
  const canManage = session.can('organization:manage');

  return (
    <section class="screen org-profile" aria-labelledby="org-profile-title">
      <div class="screen__header">
        <h1 id="org-profile-title">{t('org.profile.title')}</h1>
        {canManage && !editing && profile.data !== undefined && (
          <button type="button" class="button" onClick={() => setEditing(true)}>
            {t('org.profile.edit')}
          </button>
        )}
      </div>
      <p class="org-profile__name">{organization.name}</p>
      <p>
        <Link href={ORGANIZATIONS_PATH}>{t('org.profile.allOrganizations')}</Link>
      </p>
      {profile.savedAt !== undefined && (
        <p class="notice" role="status">
          {t('offline.savedCopy', { time: formatDateTime(profile.savedAt) })}
        </p>
      )}
      {profile.data === undefined && profile.loading && <Skeleton label={t('org.profile.loading')} lines={8} />}
      {profile.data === undefined && !profile.loading && profile.error !== undefined && (
        <>
          <ProblemNotice error={profile.error} />
          <button type="button" class="button" onClick={profile.reload}>
            {t('action.retry')}
          </button>
        </>
      )}
      {profile.data !== undefined &&
        (editing ? (
          <ProfileEditor
            organizationId={organization.id}
            stored={profile.data}
            onDone={(saved) => {
              setEditing(false);
              if (saved) {
                profile.reload();
                void session.refreshMe().catch(() => undefined);
              }
            }}
          />
        ) : (
          <ProfileView profile={profile.data} />
        ))}
      {profile.data !== undefined && !editing && (
        <LogoSection organizationId={organization.id} hasLogo={profile.data.logo_url != null} canManage={canManage} onChanged={profile.reload} />
      )}
      {session.can('organization:export') && !editing && <ExportSection organization={organization} />}
      {session.can('organization:delete') && !editing && <DeleteSection organization={organization} session={session} />}
    </section>
  );
}

// ── Reading ─────────────────────────────────────────────────────────────────────────────

function addressText(address: ProfileOut['physical_address'] | null | undefined): string {
  if (address === null || address === undefined) {
    return t('org.review.none');
  }
  return [address.line1, address.line2 ?? '', address.town, provinceName(address.province), address.postal_code ?? '']
    .filter((part) => part.trim() !== '')
    .join(', ');
}

function ProfileView({ profile }: { readonly profile: ProfileOut }) {
  const none = t('org.review.none');
  const yesNo = (value: boolean): string => (value ? t('org.answer.yes') : t('org.answer.no'));
  const groups: readonly { key: string; title: string; rows: readonly [string, string][] }[] = [
    {
      key: 'business',
      title: t('org.wizard.step.business'),
      rows: [
        [t('org.field.legalName'), profile.legal_name],
        [t('org.field.tradingName'), profile.trading_name ?? none],
        [t('org.field.businessType'), businessTypeName(profile.business_type)],
      ],
    },
    {
      key: 'tax',
      title: t('org.wizard.step.tax'),
      rows: [
        [t('org.field.tpin'), profile.tpin],
        [t('org.field.pacra'), profile.pacra_number ?? none],
        [t('org.field.vatRegistered'), yesNo(profile.vat_registered)],
        ...(profile.vat_registered && profile.vat_effective_date != null
          ? [[t('org.field.vatDate'), formatDate(profile.vat_effective_date)] as [string, string]]
          : []),
        [t('org.field.turnoverTax'), yesNo(profile.turnover_tax)],
      ],
    },
    {
      key: 'contact',
      title: t('org.wizard.step.contact'),
      rows: [
        [t('org.field.physicalAddress'), addressText(profile.physical_address)],
        [t('org.field.postalAddress'), profile.postal_address == null ? t('org.review.samePostal') : addressText(profile.postal_address)],
        [t('org.field.phone'), formatPhone(profile.phone)],
        [t('org.field.email'), profile.email],
      ],
    },
    {
      key: 'settings',
      title: t('org.profile.fiscalYearTitle'),
      rows: [
        [t('org.field.fiscalYear'), monthName(profile.fiscal_year_start_month)],
        [t('org.profile.currency'), profile.base_currency],
      ],
    },
  ];
  return (
    <div class="org-review">
      {groups.map((group) => (
        <section key={group.key} class="org-review__group" aria-labelledby={`org-profile-${group.key}`}>
          <h2 id={`org-profile-${group.key}`}>{group.title}</h2>
          <dl class="org-review__list">
            {group.rows.map(([label, value]) => (
              <div key={label} class="org-review__row">
                <dt>{label}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
    </div>
  );
}

// ── Editing ─────────────────────────────────────────────────────────────────────────────

interface ProfileEditorProps {
  readonly organizationId: string;
  readonly stored: ProfileOut;
  readonly onDone: (saved: boolean) => void;
}

function ProfileEditor({ organizationId, stored, onDone }: ProfileEditorProps) {
  const form = useProfileForm(valuesFromProfile(stored), { idPrefix: ID_PREFIX });
  const [summary, setSummary] = useState<readonly SummaryItem[]>([]);
  const saving = useAction(async (changes: ProfilePatch) => {
    try {
      await updateProfile(organizationId, changes);
    } catch (error) {
      if (error instanceof ApiProblem && error.code === 'tpin_locked') {
        // The reason in the API's words, on the field it concerns.
        const message = error.detail === null ? error.title : `${error.title} ${error.detail}`;
        const mapped = form.applyServerErrors([{ field: 'tpin', code: 'tpin_locked', message }]);
        setSummary(summaryItems(mapped.fieldErrors, ALL_FIELDS, ID_PREFIX));
        return;
      }
      if (error instanceof ApiProblem && (error.errors?.length ?? 0) > 0) {
        const mapped = form.applyServerErrors(error.errors ?? []);
        setSummary(summaryItems(mapped.fieldErrors, ALL_FIELDS, ID_PREFIX, mapped.otherErrors));
        return;
      }
      throw error;
    }
    showToast(t('org.profile.saved'), 'success');
    onDone(true);
  });
  const online = useOnline();
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => heading.current?.focus(), []);

  const save = (event: Event): void => {
    event.preventDefault();
    saving.clear();
    const found = form.checkAll(ALL_FIELDS);
    if (Object.keys(found).length > 0) {
      setSummary(summaryItems(found, ALL_FIELDS, ID_PREFIX));
      return;
    }
    setSummary([]);
    const changes = profileChanges(stored, form.values);
    if (Object.keys(changes).length === 0) {
      showToast(t('org.profile.nothingChanged'), 'info');
      onDone(false);
      return;
    }
    void saving.run(changes);
  };

  return (
    <form class="form org-profile__form" noValidate onSubmit={save}>
      <h2 tabIndex={-1} ref={heading}>
        {t('org.profile.editTitle')}
      </h2>
      <ErrorSummary items={summary} />
      <fieldset class="org-section">
        <legend class="org-section__legend">{t('org.wizard.step.business')}</legend>
        <BusinessFields form={form} />
      </fieldset>
      <fieldset class="org-section">
        <legend class="org-section__legend">{t('org.wizard.step.tax')}</legend>
        <TaxFields form={form} tpinNote={t('org.profile.tpinNote')} tpinLocked={stored.tpin_locked === true} />
      </fieldset>
      <fieldset class="org-section">
        <legend class="org-section__legend">{t('org.wizard.step.contact')}</legend>
        <ContactFields form={form} />
      </fieldset>
      <fieldset class="org-section">
        <legend class="org-section__legend">{t('org.profile.fiscalYearTitle')}</legend>
        <SettingsFields form={form} />
      </fieldset>
      {!online && (
        <p class="notice org-notice--warning" role="status">
          {t('org.profile.offline')}
        </p>
      )}
      <ProblemNotice error={saving.failure} />
      <div class="form__actions">
        <SubmitButton label={t('org.profile.save')} workingLabel={t('org.profile.saving')} busy={saving.busy} disabled={!online} />
        <button type="button" class="button button--quiet" onClick={() => onDone(false)}>
          {t('action.cancel')}
        </button>
      </div>
    </form>
  );
}

// ── Logo ────────────────────────────────────────────────────────────────────────────────

interface LogoSectionProps {
  readonly organizationId: string;
  readonly hasLogo: boolean;
  readonly canManage: boolean;
  readonly onChanged: () => void;
}

function LogoSection({ organizationId, hasLogo, canManage, onChanged }: LogoSectionProps) {
  const [imageUrl, setImageUrl] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const [file, setFile] = useState<File | null>(null);
  const uploading = useAction(async (chosen: File) => {
    await uploadLogo(organizationId, chosen, chosen.name);
    setFile(null);
    setVersion((n) => n + 1);
    showToast(t('org.logo.saved'), 'success');
    onChanged();
  });
  const online = useOnline();

  useEffect(() => {
    if (!hasLogo || typeof URL.createObjectURL !== 'function') {
      setImageUrl(null);
      return undefined;
    }
    const controller = new AbortController();
    let url: string | null = null;
    getLogo(organizationId, controller.signal).then(
      (blob) => {
        url = URL.createObjectURL(blob);
        setImageUrl(url);
      },
      () => setImageUrl(null),
    );
    return () => {
      controller.abort();
      if (url !== null) {
        URL.revokeObjectURL(url);
      }
    };
  }, [organizationId, hasLogo, version]);

  return (
    <section class="org-section-block" aria-labelledby="org-logo-title">
      <h2 id="org-logo-title">{t('org.field.logo')}</h2>
      {imageUrl !== null ? <img class="org-logo" src={imageUrl} alt={t('org.logo.current')} /> : <p class="muted">{hasLogo ? t('org.logo.loading') : t('org.logo.none')}</p>}
      {canManage && (
        <div class="form">
          <FileUpload label={hasLogo ? t('org.logo.change') : t('org.logo.add')} file={file} onChange={setFile} accept={LOGO_TYPES} maxBytes={LOGO_MAX_BYTES} error={uploading.failure === undefined ? null : failureText(uploading.failure)} optional />
          <p class="muted">{t('org.field.logoHint')}</p>
          {file !== null && (
            <div class="form__actions">
              <button type="button" class="button" disabled={uploading.busy || !online} onClick={() => void uploading.run(file)}>
                {uploading.busy ? t('org.logo.uploading') : t('org.logo.upload')}
              </button>
            </div>
          )}
        </div>
      )}
    </section>
  );
}

/** A failed call in one line, for errors shown beside a control. */
function failureText(failure: unknown): string {
  if (failure instanceof ApiProblem) {
    const fieldMessage = failure.errors?.[0]?.message;
    if (fieldMessage !== undefined && fieldMessage !== '') {
      return fieldMessage;
    }
    return failure.detail === null ? failure.title : `${failure.title} ${failure.detail}`;
  }
  if (failure instanceof ApiTimeoutError) {
    return t('error.timeout');
  }
  if (failure instanceof ApiNetworkError) {
    return navigator.onLine ? t('error.unreachable') : t('error.offline');
  }
  return t('error.unexpected');
}

// ── Export ──────────────────────────────────────────────────────────────────────────────

function ExportSection({ organization }: { readonly organization: OrgSessionOrganization }) {
  const [done, setDone] = useState(false);
  const online = useOnline();
  const download = useAction(async () => {
    setDone(false);
    const { blob, fileName } = await exportOrganization(organization.id);
    saveFile(blob, fileName);
    setDone(true);
  });

  return (
    <section class="org-section-block" aria-labelledby="org-export-title">
      <h2 id="org-export-title">{t('org.export.title')}</h2>
      <p>{t('org.export.body')}</p>
      <p class="muted">{t('org.export.dataNote')}</p>
      <div class="form__actions">
        <button type="button" class="button button--quiet" disabled={download.busy || !online} onClick={() => void download.run()}>
          {download.busy ? t('org.export.working') : t('org.export.download')}
        </button>
      </div>
      {done && (
        <p class="notice" role="status">
          {t('org.export.done')}
        </p>
      )}
      <ProblemNotice error={download.failure} />
    </section>
  );
}

/** Hands a downloaded file to the browser, which saves it as `name`. */
function saveFile(blob: Blob, name: string): void {
  if (typeof URL.createObjectURL !== 'function') {
    return;
  }
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

// ── Deletion ────────────────────────────────────────────────────────────────────────────

/** As the API compares them: spaces collapsed, case ignored. */
function sameName(typed: string, name: string): boolean {
  return singleSpaced(typed).toLocaleLowerCase() === singleSpaced(name).toLocaleLowerCase();
}

function DeleteSection({ organization, session }: { readonly organization: OrgSessionOrganization; readonly session: OrgSession }) {
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const online = useOnline();
  const deletion = useAction(async () => {
    const scheduled = await deleteOrganization(organization.id, singleSpaced(typed));
    rememberDeletion(session.userId, { id: organization.id, name: organization.name, dueAt: scheduled.deletion_due_at });
    showToast(
      t('org.delete.scheduled', { name: organization.name, date: formatDate(lusakaDateOf(new Date(scheduled.deletion_due_at))) }),
      'success',
    );
    setOpen(false);
    await session.refreshMe().catch(() => undefined);
    navigate(ORGANIZATIONS_PATH);
  });
  const failure = deletion.failure;
  const refusedName = failure instanceof ApiProblem && failure.code === 'validation_failed';
  const error = mismatch || refusedName ? t('org.delete.mismatch') : failure === undefined ? null : failureText(failure);

  const close = (): void => {
    setOpen(false);
    setTyped('');
    setMismatch(false);
    deletion.clear();
  };

  const confirm = (event: Event): void => {
    event.preventDefault();
    const same = sameName(typed, organization.name);
    setMismatch(!same);
    if (same) {
      void deletion.run();
    }
  };

  return (
    <section class="org-section-block org-danger" aria-labelledby="org-delete-title">
      <h2 id="org-delete-title">{t('org.delete.title')}</h2>
      <p>{t('org.delete.body')}</p>
      <button type="button" class="button button--danger" disabled={!online} onClick={() => setOpen(true)}>
        {t('org.delete.open')}
      </button>
      <Dialog
        open={open}
        role="alertdialog"
        title={t('org.delete.dialogTitle', { name: organization.name })}
        onClose={close}
        actions={
          <>
            <button type="button" class="button button--quiet" onClick={close}>
              {t('action.cancel')}
            </button>
            <SubmitButton
              form="org-delete-form"
              tone="danger"
              label={t('org.delete.confirm')}
              workingLabel={t('org.delete.deleting')}
              busy={deletion.busy}
            />
          </>
        }
      >
        <form id="org-delete-form" class="form" noValidate onSubmit={confirm}>
          <p>{t('org.delete.dialogBody')}</p>
          <TextField
            id="org-delete-name"
            label={t('org.delete.typeName', { name: organization.name })}
            value={typed}
            error={error}
            autoComplete="off"
            onInput={(value) => {
              setTyped(value);
              setMismatch(false);
              deletion.clear();
            }}
          />
        </form>
      </Dialog>
    </section>
  );
}
