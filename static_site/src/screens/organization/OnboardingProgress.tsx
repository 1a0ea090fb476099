/**
 * Following an onboarding run: polls its status until it has finished, shows each step in
 * words, and says so when the connection drops (it carries on by itself when it returns).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiProblem } from '../../api/client';
import { ProblemNotice } from '../../components/ProblemNotice';
import { t, type PlainMessageKey } from './messages';
import { ONBOARDING_STEPS, onboardingStatus, type OnboardingStatus, type OnboardingStep } from '../../api/organizations';

/** Seconds between polls: quick at first (a run takes seconds), then sparing with data. */
export function pollDelayMs(attempt: number): number {
  if (attempt < 10) {
    return 1_000;
  }
  return attempt < 30 ? 2_000 : 5_000;
}

/** After a failed poll: 2 s, 4 s, 8 s, … at most 30 s. */
export function retryDelayMs(failures: number): number {
  return Math.min(2_000 * 2 ** Math.max(failures - 1, 0), 30_000);
}

export type Connection = 'ok' | 'offline' | 'retrying';

export interface RunState {
  readonly status: OnboardingStatus | null;
  readonly connection: Connection;
  /** A refusal that polling again will not change (the run is not found, not allowed). */
  readonly problem: ApiProblem | null;
}

interface PollOptions {
  readonly pollDelay?: (attempt: number) => number;
  readonly retryDelay?: (failures: number) => number;
}

/** Polls the run until it is completed or failed; pauses while offline. */
export function useOnboardingRun(instanceId: string, options: PollOptions = {}): RunState {
  const [state, setState] = useState<RunState>({ status: null, connection: 'ok', problem: null });
  const delays = useRef(options);
  delays.current = options;

  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let attempt = 0;
    let failures = 0;
    let polling = false;
    let finished = false;

    const schedule = (ms: number): void => {
      clearTimeout(timer);
      timer = setTimeout(() => void poll(), ms);
    };

    const poll = async (): Promise<void> => {
      if (finished || polling || controller.signal.aborted) {
        return;
      }
      if (!navigator.onLine) {
        // Picked up again by the `online` event.
        setState((previous) => ({ ...previous, connection: 'offline' }));
        return;
      }
      polling = true;
      try {
        const status = await onboardingStatus(instanceId, controller.signal);
        attempt += 1;
        failures = 0;
        finished = status.status !== 'running';
        setState({ status, connection: 'ok', problem: null });
        if (!finished) {
          schedule((delays.current.pollDelay ?? pollDelayMs)(attempt));
        }
      } catch (error) {
        if (controller.signal.aborted) {
          return;
        }
        const lasting = error instanceof ApiProblem && error.status < 500 && error.status !== 408 && error.status !== 429;
        if (lasting) {
          finished = true;
          setState((previous) => ({ ...previous, connection: 'ok', problem: error }));
          return;
        }
        failures += 1;
        setState((previous) => ({ ...previous, connection: navigator.onLine ? 'retrying' : 'offline' }));
        if (navigator.onLine) {
          schedule((delays.current.retryDelay ?? retryDelayMs)(failures));
        }
      } finally {
        polling = false;
      }
    };

    const onOnline = (): void => {
      if (!finished) {
        clearTimeout(timer);
        void poll();
      }
    };
    const onOffline = (): void => setState((previous) => ({ ...previous, connection: 'offline' }));
    window.addEventListener('online', onOnline);
    window.addEventListener('offline', onOffline);
    void poll();
    return () => {
      controller.abort();
      clearTimeout(timer);
      window.removeEventListener('online', onOnline);
      window.removeEventListener('offline', onOffline);
    };
  }, [instanceId]);

  return state;
}

const STEP_NAMES: Readonly<Record<OnboardingStep, PlainMessageKey>> = {
  create_organization: 'org.progress.step.create_organization',
  provision_schema: 'org.progress.step.provision_schema',
  seed_chart: 'org.progress.step.seed_chart',
  default_settings: 'org.progress.step.default_settings',
  owner_membership: 'org.progress.step.owner_membership',
  welcome_email: 'org.progress.step.welcome_email',
};

type StepState = 'done' | 'current' | 'waiting';

function stepStates(status: OnboardingStatus | null): Record<OnboardingStep, StepState> {
  const done = new Set(status?.steps_done ?? []);
  const running = status === null || status.status === 'running';
  const current =
    (status?.current_step as OnboardingStep | null | undefined) ?? ONBOARDING_STEPS.find((step) => !done.has(step));
  return Object.fromEntries(
    ONBOARDING_STEPS.map((step) => [step, done.has(step) ? 'done' : running && step === current ? 'current' : 'waiting']),
  ) as Record<OnboardingStep, StepState>;
}

const MARKS: Readonly<Record<StepState, string>> = { done: '✓', current: '…', waiting: '○' };
const STATE_WORDS: Readonly<Record<StepState, PlainMessageKey>> = {
  done: 'org.progress.done',
  current: 'org.progress.inProgress',
  waiting: 'org.progress.waiting',
};

interface OnboardingProgressProps {
  readonly instanceId: string;
  /** The organization's name, as the person typed it. */
  readonly name: string;
  readonly onCompleted: (organizationId: string) => void;
  /** Start again with the same answers. */
  readonly onRetry: () => void;
  /** Back to the answers, to change something first. */
  readonly onEdit: () => void;
  /** Set while the new organization is being opened (logo, session, switch). */
  readonly finishing?: boolean;
  readonly pollDelay?: (attempt: number) => number;
  readonly retryDelay?: (failures: number) => number;
}

export function OnboardingProgress({ instanceId, name, onCompleted, onRetry, onEdit, finishing = false, ...delays }: OnboardingProgressProps) {
  const run = useOnboardingRun(instanceId, delays);
  const heading = useRef<HTMLHeadingElement>(null);
  const completedId = run.status?.status === 'completed' ? (run.status.organization_id ?? null) : null;
  const failed = run.status?.status === 'failed' || run.problem !== null;
  const states = stepStates(run.status);
  const doneCount = run.status?.steps_done.length ?? 0;
  const reported = useRef<string | null>(null);

  useEffect(() => heading.current?.focus(), []);

  useEffect(() => {
    if (completedId !== null && reported.current !== completedId) {
      reported.current = completedId;
      onCompleted(completedId);
    }
  }, [completedId, onCompleted]);

  const announcement = failed
    ? ''
    : completedId !== null
      ? t('org.progress.completed', { name })
      : t('org.progress.count', { done: doneCount, total: ONBOARDING_STEPS.length });

  return (
    <section class="screen org-progress" aria-labelledby="org-progress-title">
      <h1 id="org-progress-title" tabIndex={-1} ref={heading}>
        {t('org.progress.title', { name })}
      </h1>
      <p>{t('org.progress.intro')}</p>
      <div class="org-progress__bar">
        <progress id="org-progress-bar" max={ONBOARDING_STEPS.length} value={doneCount} aria-labelledby="org-progress-count" />
        <p id="org-progress-count" class="muted" role="status">
          {announcement}
        </p>
      </div>
      <ol class="org-progress__steps">
        {ONBOARDING_STEPS.map((step) => (
          <li key={step} class={`org-progress__step org-progress__step--${states[step]}`} aria-current={states[step] === 'current' ? 'step' : undefined}>
            <span class="org-progress__mark" aria-hidden="true">
              {MARKS[states[step]]}
            </span>
            <span class="org-progress__name">{t(STEP_NAMES[step])}</span>
            <span class="org-progress__state">{t(STATE_WORDS[states[step]])}</span>
          </li>
        ))}
      </ol>
      {run.connection !== 'ok' && !failed && completedId === null && (
        <div class="notice org-notice--warning" role="status">
          <p>{run.connection === 'offline' ? t('org.progress.offline') : t('org.progress.retrying')}</p>
        </div>
      )}
      {finishing && (
        <p class="notice" role="status">
          {t('org.progress.finishing')}
        </p>
      )}
      {failed && (
        <div class="org-progress__failed">
          {run.problem === null ? (
            <div class="notice notice--error" role="alert">
              <p class="notice__title">{t('org.progress.failed')}</p>
              <p>{t('org.progress.failedDetail')}</p>
            </div>
          ) : (
            <ProblemNotice error={run.problem} />
          )}
          <div class="form__actions">
            <button type="button" class="button" onClick={onRetry}>
              {t('org.progress.retry')}
            </button>
            <button type="button" class="button button--quiet" onClick={onEdit}>
              {t('org.progress.edit')}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
