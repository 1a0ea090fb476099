/**
 * What every form that calls the API copes with besides field errors: "too many attempts"
 * (429 with `Retry-After`: the form waits, and says until when) and no answer at all
 * (offline, timeout: kept for `FormProblems` to show).
 */
import { useEffect, useState } from 'preact/hooks';
import { ApiProblem } from '../api/client';
import { t, tCount } from '../i18n';
import { ProblemNotice } from './ProblemNotice';
import type { Form } from './useForm';

/** A wait in words: "45 seconds", "2 minutes". */
export function waitInWords(seconds: number): string {
  return seconds < 60 ? tCount('form.waitSeconds', Math.max(1, seconds)) : tCount('form.waitMinutes', Math.ceil(seconds / 60));
}

export interface RetryAfter {
  /** Until when the API said to wait (milliseconds since the epoch), or null. */
  readonly until: number | null;
  /** What to tell the person, fixed when the wait began, or null. */
  readonly message: string | null;
  /** Starts waiting `seconds` (the `Retry-After`), or an unknown while. */
  start(seconds: number | undefined): void;
}

/** "Too many attempts": remembers until when to wait and lets the form try again after. */
export function useRetryAfter(): RetryAfter {
  const [wait, setWait] = useState<{ until: number; message: string } | null>(null);
  useEffect(() => {
    if (wait === null) {
      return undefined;
    }
    const timer = setTimeout(() => setWait(null), Math.max(0, wait.until - Date.now()));
    return () => clearTimeout(timer);
  }, [wait]);
  return {
    until: wait?.until ?? null,
    message: wait?.message ?? null,
    start: (seconds) =>
      setWait({
        until: Date.now() + (seconds ?? 30) * 1000,
        message: seconds === undefined ? t('form.rateLimitedNow') : t('form.rateLimited', { wait: waitInWords(seconds) }),
      }),
  };
}

export interface GuardedForm {
  /** An error the form does not map: no answer, or something unexpected. */
  readonly failure: unknown;
  readonly retry: RetryAfter;
  /** Whether the submit button should wait (saving, or told to wait). */
  readonly busy: boolean;
  /** An `onSubmit` handler that runs `save` when every field is valid. */
  onSubmit(save: () => Promise<void>): (event: Event) => void;
  clearFailure(): void;
}

/**
 * Wraps `useForm`'s submit: a 429 starts the wait instead of listing an error, and a failure
 * without a problem (offline, timeout) is kept for `FormProblems` to show.
 */
export function useGuardedForm<V>(form: Form<V>): GuardedForm {
  const [failure, setFailure] = useState<unknown>(undefined);
  const retry = useRetryAfter();
  return {
    failure,
    retry,
    busy: form.submitting || retry.until !== null,
    clearFailure: () => setFailure(undefined),
    onSubmit: (save) => (event) => {
      event.preventDefault();
      if (retry.until !== null) {
        return;
      }
      setFailure(undefined);
      form
        .submit(async () => {
          try {
            await save();
          } catch (error) {
            if (error instanceof ApiProblem && error.status === 429) {
              retry.start(error.retryAfterSeconds);
              return;
            }
            throw error;
          }
        })
        .catch((error: unknown) => setFailure(error));
    },
  };
}

/** The wait after too many attempts, and a failure that is not about the fields. */
export function FormProblems({ guard }: { readonly guard: GuardedForm }) {
  return (
    <>
      {guard.retry.message !== null && (
        <div class="notice notice--error" role="alert">
          <p>{guard.retry.message}</p>
        </div>
      )}
      {guard.failure !== undefined && <ProblemNotice error={guard.failure} />}
    </>
  );
}
