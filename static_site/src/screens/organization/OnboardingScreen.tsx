/**
 * `/organizations/new`: a new business in five steps (business, tax registration, contact
 * details, fiscal year and logo, review), then the onboarding run followed to the end, then
 * the new organization's home.
 *
 * - Each step is checked before moving on, with the API's own rules (rules.ts); the
 *   server's refusals land on the step and field they concern.
 * - The draft is saved on the phone as the person types (draft.ts): a reload, a closed tab
 *   or a lost connection resumes where they were, and so does a run already started.
 * - Offline, everything but the last button works. Creating the organization is not put in
 *   the outbox: the run has to be followed with the person present, so the wizard says it
 *   is offline and sends the moment the connection returns, while the screen is open.
 * - The step is in the address (`?step=tax`), so the phone's back button goes back a step.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiNetworkError, ApiProblem, ApiTimeoutError } from '../../api/client';
import { ProblemNotice } from '../../components/ProblemNotice';
import { navigate, useQueryParam } from '../../app/router';
import { ErrorSummary, type SummaryItem } from '../../components/ErrorSummary';
import { FileUpload } from '../../components/FileUpload';
import { Skeleton } from '../../components/States';
import { SubmitButton } from '../../components/SubmitButton';
import { showToast } from '../../components/toasts';
import { useAction } from '../../components/useAction';
import { formatDate, formatTime, parseDate } from '../../format/dates';
import { t, type PlainMessageKey } from './messages';
import { useOnline } from '../../offline/hooks';
import { startOnboarding, uploadLogo, type BusinessProfile } from '../../api/organizations';
import {
  deleteDraft,
  emptyDraft,
  fileOf,
  isWizardStep,
  loadDraft,
  newSubmissionKey,
  saveDraft,
  stashDraft,
  storedLogoOf,
  WIZARD_STEPS,
  type Draft,
  type StartedRun,
  type StoredLogo,
  type WizardStep,
} from './draft';
import { LOGO_MAX_BYTES, LOGO_TYPES } from './logo';
import { OnboardingProgress } from './OnboardingProgress';
import { HOME_PATH, WIZARD_PATH } from './paths';
import { BUSINESS_FIELDS, BusinessFields, CONTACT_FIELDS, ContactFields, SETTINGS_FIELDS, SettingsFields, TAX_FIELDS, TaxFields } from './ProfileFields';
import {
  businessTypeName,
  checkFields,
  digitsOf,
  formatPhone,
  monthName,
  normaliseZambianPhone,
  provinceName,
  singleSpaced,
  taxModeKey,
  toProfileBody,
  type FieldErrors,
  type FieldName,
  type ProfileValues,
} from './rules';
import { useOrgSession, type OrgSession } from './sessionAdapter';
import './organization.css';
import { summaryItems, useProfileForm } from './useProfileForm';



const ID_PREFIX = 'org-new';

/** How long typing pauses before the draft is written to the phone. */
export const SAVE_PAUSE_MS = 300;

const STEP_FIELDS: Readonly<Record<WizardStep, readonly FieldName[]>> = {
  business: BUSINESS_FIELDS,
  tax: TAX_FIELDS,
  contact: CONTACT_FIELDS,
  settings: SETTINGS_FIELDS,
  review: [],
};

const ALL_FIELDS: readonly FieldName[] = WIZARD_STEPS.flatMap((step) => STEP_FIELDS[step]);

const STEP_NAMES: Readonly<Record<WizardStep, PlainMessageKey>> = {
  business: 'org.wizard.step.business',
  tax: 'org.wizard.step.tax',
  contact: 'org.wizard.step.contact',
  settings: 'org.wizard.step.settings',
  review: 'org.wizard.step.review',
};

function firstStepWith(errors: FieldErrors): WizardStep | undefined {
  return WIZARD_STEPS.find((step) => STEP_FIELDS[step].some((field) => errors[field] !== undefined));
}

export function stepPath(step: WizardStep): string {
  return `${WIZARD_PATH}?step=${step}`;
}

export default function OnboardingScreen() {
  const session = useOrgSession();
  const [draft, setDraft] = useState<Draft | null>(null);

  useEffect(() => {
    let current = true;
    setDraft(null);
    loadDraft(session.userId).then(
      (saved) => current && setDraft(saved ?? emptyDraft()),
      () => current && setDraft(emptyDraft()),
    );
    return () => {
      current = false;
    };
  }, [session.userId]);

  if (draft === null) {
    return <Skeleton label={t('org.wizard.loading')} lines={6} />;
  }
  return <Onboarding key={session.userId} initial={draft} session={session} />;
}

interface OnboardingProps {
  readonly initial: Draft;
  readonly session: OrgSession;
}

function Onboarding({ initial, session }: OnboardingProps) {
  const userId = session.userId;
  const online = useOnline();
  const [logo, setLogo] = useState<{ readonly file: File; readonly stored: StoredLogo } | null>(() =>
    initial.logo === null ? null : { file: fileOf(initial.logo), stored: initial.logo },
  );
  const [run, setRun] = useState<StartedRun | null>(initial.run);
  const [savedAt, setSavedAt] = useState<Date | null>(null);
  const [summary, setSummary] = useState<{ readonly step: WizardStep; readonly items: readonly SummaryItem[] }>({ step: 'business', items: [] });
  const [waitingForConnection, setWaitingForConnection] = useState(false);
  const [finishing, setFinishing] = useState(false);

  const stepParam = useQueryParam('step');
  const step: WizardStep = isWizardStep(stepParam) ? stepParam : initial.step;

  // The latest of everything the draft holds, for saves that run after a pause.
  const draftRef = useRef<Draft>(initial);
  const saveTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  /** Set once the organization exists: the draft is deleted and must not come back. */
  const discarded = useRef(false);

  const writeDraft = useCallback(
    async (changes: Partial<Draft>): Promise<void> => {
      draftRef.current = { ...draftRef.current, ...changes };
      clearTimeout(saveTimer.current);
      saveTimer.current = undefined;
      if (discarded.current) {
        return;
      }
      await saveDraft(userId, draftRef.current);
      setSavedAt(new Date());
    },
    [userId],
  );

  const scheduleSave = useCallback(
    (changes: Partial<Draft>) => {
      draftRef.current = { ...draftRef.current, ...changes };
      clearTimeout(saveTimer.current);
      saveTimer.current = setTimeout(() => void writeDraft({}), SAVE_PAUSE_MS);
    },
    [writeDraft],
  );

  const form = useProfileForm(initial.values, { idPrefix: ID_PREFIX, onChange: (values) => scheduleSave({ values }) });

  useEffect(() => {
    // A pending save is written at once when the screen closes. When the page goes away (a
    // reload, a closed tab, the phone switching apps) IndexedDB may not finish in time, so
    // the answers are also stashed synchronously; the next load merges them back.
    const flush = (): void => {
      if (saveTimer.current !== undefined) {
        void writeDraft({});
      }
    };
    const leaving = (): void => {
      if (saveTimer.current !== undefined && !discarded.current) {
        stashDraft(userId, draftRef.current);
      }
      flush();
    };
    const hidden = (): void => {
      if (document.visibilityState === 'hidden') {
        leaving();
      }
    };
    window.addEventListener('pagehide', leaving);
    document.addEventListener('visibilitychange', hidden);
    return () => {
      window.removeEventListener('pagehide', leaving);
      document.removeEventListener('visibilitychange', hidden);
      flush();
    };
  }, [writeDraft, userId]);

  // The address always names the step, so that back and forward move between steps.
  useEffect(() => {
    if (!isWizardStep(stepParam) && run === null) {
      navigate(stepPath(step), { replace: true });
    }
  }, [stepParam, step, run]);

  const heading = useRef<HTMLHeadingElement>(null);
  const shownStep = useRef(step);
  const summaryRef = useRef(summary);
  summaryRef.current = summary;
  useEffect(() => {
    if (shownStep.current !== step) {
      shownStep.current = step;
      void writeDraft({ step });
      // A new step starts at its heading, unless it opens with problems: the error summary
      // takes focus then (it runs first, being a child), and keeps it.
      const opensWithProblems = summaryRef.current.step === step && summaryRef.current.items.length > 0;
      if (!opensWithProblems) {
        heading.current?.focus();
        window.scrollTo?.(0, 0);
      }
    }
  }, [step, writeDraft]);

  const goTo = (next: WizardStep, items?: readonly SummaryItem[]): void => {
    // Waiting to send is for the review step only: leaving it means the person is not done.
    setWaitingForConnection(false);
    setSummary({ step: next, items: items ?? summaryItems(form.errors, STEP_FIELDS[next], ID_PREFIX) });
    navigate(stepPath(next));
  };

  const index = WIZARD_STEPS.indexOf(step);

  const next = (event: Event): void => {
    event.preventDefault();
    const found = form.checkAll(STEP_FIELDS[step]);
    if (Object.keys(found).length > 0) {
      setSummary({ step, items: summaryItems(found, STEP_FIELDS[step], ID_PREFIX) });
      return;
    }
    setSummary({ step, items: [] });
    const following = WIZARD_STEPS[index + 1];
    if (following !== undefined) {
      goTo(following);
    }
  };

  const back = (): void => {
    const previous = WIZARD_STEPS[index - 1];
    if (previous !== undefined) {
      goTo(previous, []);
    }
  };

  const chooseLogo = (file: File | null): void => {
    if (file === null) {
      setLogo(null);
      void writeDraft({ logo: null });
      return;
    }
    storedLogoOf(file).then(
      (stored) => {
        setLogo({ file, stored });
        void writeDraft({ logo: stored });
      },
      () => setLogo(null),
    );
  };

  const creation = useAction(async (profile: BusinessProfile) => {
    try {
      const started = await startOnboarding(profile, draftRef.current.submissionKey);
      const startedRun: StartedRun = { instanceId: started.instance_id, startedAt: Date.now() };
      await writeDraft({ run: startedRun });
      setRun(startedRun);
    } catch (error) {
      if (error instanceof ApiProblem && (error.errors?.length ?? 0) > 0) {
        const mapped = form.applyServerErrors(error.errors ?? []);
        const target = firstStepWith(mapped.fieldErrors) ?? 'review';
        goTo(target, summaryItems(mapped.fieldErrors, STEP_FIELDS[target], ID_PREFIX, mapped.otherErrors));
        return;
      }
      if ((error instanceof ApiNetworkError || error instanceof ApiTimeoutError) && !navigator.onLine) {
        setWaitingForConnection(true);
        return;
      }
      throw error;
    }
  });

  const submit = (): void => {
    creation.clear();
    const found = checkFields(form.values, ALL_FIELDS);
    const invalidStep = firstStepWith(found);
    if (invalidStep !== undefined) {
      form.checkAll(ALL_FIELDS);
      goTo(invalidStep, summaryItems(found, STEP_FIELDS[invalidStep], ID_PREFIX));
      return;
    }
    if (!navigator.onLine) {
      setWaitingForConnection(true);
      return;
    }
    setWaitingForConnection(false);
    void creation.run(toProfileBody(form.values));
  };

  // Offline when "Create" was pressed: sent as soon as the connection returns.
  const submitRef = useRef(submit);
  submitRef.current = submit;
  useEffect(() => {
    if (waitingForConnection && online) {
      submitRef.current();
    }
  }, [waitingForConnection, online]);

  const name = displayName(form.values);

  const completed = useCallback(
    async (organizationId: string) => {
      setFinishing(true);
      if (logo !== null) {
        try {
          await uploadLogo(organizationId, logo.file, logo.file.name);
        } catch {
          showToast(t('org.progress.logoFailed'), 'error');
        }
      }
      discarded.current = true;
      clearTimeout(saveTimer.current);
      await deleteDraft(userId);
      try {
        await session.refreshMe();
        await session.switchOrganization(organizationId);
      } catch {
        // The organization exists; the next sign-in or refresh lists it.
      }
      showToast(t('org.progress.ready', { name }), 'success');
      navigate(HOME_PATH);
    },
    [logo, userId, session, name],
  );

  const retry = (): void => {
    setRun(null);
    void writeDraft({ run: null, submissionKey: newSubmissionKey() }).then(() => submitRef.current());
  };

  const edit = (): void => {
    setRun(null);
    void writeDraft({ run: null, submissionKey: newSubmissionKey() });
    goTo('review', []);
  };

  if (run !== null) {
    return (
      <OnboardingProgress
        instanceId={run.instanceId}
        name={name}
        onCompleted={(id) => void completed(id)}
        onRetry={retry}
        onEdit={edit}
        finishing={finishing}
      />
    );
  }

  const shownSummary = summary.step === step ? summary.items : [];

  return (
    <section class="screen org-wizard" aria-labelledby="org-wizard-title">
      <h1 id="org-wizard-title">{t('org.wizard.title')}</h1>
      <StepList current={step} onGo={(target) => goTo(target, [])} />
      {!online && (
        <div class="notice org-notice--warning" role="status">
          <p>{t('org.wizard.offline')}</p>
        </div>
      )}
      <form class="form org-wizard__form" noValidate onSubmit={step === 'review' ? (event) => { event.preventDefault(); submit(); } : next}>
        <h2 class="org-wizard__step" tabIndex={-1} ref={heading}>
          <span class="org-wizard__count">{t('org.wizard.stepOf', { number: index + 1, total: WIZARD_STEPS.length })}</span>{' '}
          {t(STEP_NAMES[step])}
        </h2>
        <ErrorSummary items={shownSummary} />
        {step === 'business' && <BusinessFields form={form} />}
        {step === 'tax' && <TaxFields form={form} />}
        {step === 'contact' && <ContactFields form={form} />}
        {step === 'settings' && (
          <>
            <SettingsFields form={form} />
            <FileUpload label={t('org.field.logo')} file={logo?.file ?? null} onChange={chooseLogo} accept={LOGO_TYPES} maxBytes={LOGO_MAX_BYTES} optional />
            <p class="muted">{t('org.field.logoHint')}</p>
          </>
        )}
        {step === 'review' && (
          <Review values={form.values} logo={logo?.file ?? null} onChange={(target) => goTo(target, [])} />
        )}
        {step === 'review' && waitingForConnection && (
          <div class="notice org-notice--warning" role="status">
            <p class="notice__title">{t('org.wizard.waitingTitle')}</p>
            <p>{t('org.wizard.waitingBody')}</p>
            <button type="button" class="button button--quiet" onClick={() => setWaitingForConnection(false)}>
              {t('action.cancel')}
            </button>
          </div>
        )}
        {step === 'review' && <ProblemNotice error={creation.failure} />}
        <div class="form__actions">
          {index > 0 && (
            <button type="button" class="button button--quiet" onClick={back}>
              {t('org.wizard.back')}
            </button>
          )}
          {step === 'review' ? (
            <SubmitButton
              label={t('org.wizard.create')}
              workingLabel={t('org.wizard.creating')}
              busy={creation.busy || waitingForConnection}
              working={creation.busy}
            />
          ) : (
            <button type="submit" class="button">
              {t('org.wizard.next')}
            </button>
          )}
        </div>
      </form>
      <p class="muted org-wizard__saved">{savedAt === null ? t('org.wizard.savedOnPhone') : t('org.wizard.savedAt', { time: formatTime(savedAt) })}</p>
    </section>
  );
}

/** The name people know the business by (model.py `display_name`). */
function displayName(values: ProfileValues): string {
  const trading = singleSpaced(values.trading_name);
  return trading === '' ? singleSpaced(values.legal_name) : trading;
}

function StepList({ current, onGo }: { readonly current: WizardStep; readonly onGo: (step: WizardStep) => void }) {
  const currentIndex = WIZARD_STEPS.indexOf(current);
  return (
    <nav aria-label={t('org.wizard.stepsLabel')}>
      <ol class="org-steps">
        {WIZARD_STEPS.map((step, index) => {
          const label = t(STEP_NAMES[step]);
          if (index < currentIndex) {
            return (
              <li key={step} class="org-steps__item org-steps__item--done">
                <a
                  href={stepPath(step)}
                  onClick={(event) => {
                    event.preventDefault();
                    onGo(step);
                  }}
                >
                  <span aria-hidden="true">✓ </span>
                  {label}
                  <span class="visually-hidden"> ({t('org.wizard.stepDone')})</span>
                </a>
              </li>
            );
          }
          return (
            <li key={step} class={index === currentIndex ? 'org-steps__item org-steps__item--current' : 'org-steps__item'} aria-current={index === currentIndex ? 'step' : undefined}>
              {label}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}

interface ReviewProps {
  readonly values: ProfileValues;
  readonly logo: File | null;
  readonly onChange: (step: WizardStep) => void;
}

/** Every answer as it will be sent, grouped by step, each group with a way back to it. */
function Review({ values, logo, onChange }: ReviewProps) {
  const none = t('org.review.none');
  const yesNo = (value: string): string => (value === 'yes' ? t('org.answer.yes') : value === 'no' ? t('org.answer.no') : none);
  const vatDate = parseDate(values.vat_effective_date);
  const phone = normaliseZambianPhone(values.phone);
  const address = (prefix: 'physical' | 'postal'): string =>
    [
      values[`${prefix}_line1`],
      values[`${prefix}_line2`],
      values[`${prefix}_town`],
      values[`${prefix}_province`] === '' ? '' : provinceName(values[`${prefix}_province`] as Parameters<typeof provinceName>[0]),
      values[`${prefix}_postal_code`],
    ]
      .map((part) => part.trim())
      .filter((part) => part !== '')
      .join(', ');
  const groups: readonly { step: WizardStep; rows: readonly [string, string][] }[] = [
    {
      step: 'business',
      rows: [
        [t('org.field.legalName'), singleSpaced(values.legal_name) || none],
        [t('org.field.tradingName'), singleSpaced(values.trading_name) || none],
        [t('org.field.businessType'), values.business_type === '' ? none : businessTypeName(values.business_type)],
      ],
    },
    {
      step: 'tax',
      rows: [
        [t('org.field.tpin'), digitsOf(values.tpin) || none],
        [t('org.field.pacra'), digitsOf(values.pacra_number) || none],
        [t('org.field.vatRegistered'), yesNo(values.vat_registered)],
        ...(values.vat_registered === 'yes' ? [[t('org.field.vatDate'), vatDate.ok ? formatDate(vatDate.iso) : none] as [string, string]] : []),
        [t('org.field.turnoverTax'), yesNo(values.turnover_tax)],
        [t('org.review.taxMode'), t(taxModeKey(values))],
      ],
    },
    {
      step: 'contact',
      rows: [
        [t('org.field.physicalAddress'), address('physical') || none],
        [t('org.field.postalAddress'), values.has_postal_address ? address('postal') || none : t('org.review.samePostal')],
        [t('org.field.phone'), phone === null ? values.phone || none : formatPhone(phone)],
        [t('org.field.email'), values.email.trim() || none],
      ],
    },
    {
      step: 'settings',
      rows: [
        [t('org.field.fiscalYear'), monthName(values.fiscal_year_start_month)],
        [t('org.field.logo'), logo === null ? none : logo.name],
      ],
    },
  ];
  return (
    <div class="org-review">
      <p>{t('org.review.intro')}</p>
      {groups.map((group) => (
        <section key={group.step} class="org-review__group" aria-labelledby={`org-review-${group.step}`}>
          <div class="org-review__header">
            <h3 id={`org-review-${group.step}`}>{t(STEP_NAMES[group.step])}</h3>
            <button type="button" class="button button--quiet" onClick={() => onChange(group.step)} aria-label={t('org.review.changeStep', { step: t(STEP_NAMES[group.step]) })}>
              {t('org.review.change')}
            </button>
          </div>
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

