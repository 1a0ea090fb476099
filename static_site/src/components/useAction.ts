/**
 * The state of one action a person starts (save, delete, sign out a device): whether it is
 * running, and what went wrong the last time. Every button and dialog that calls the API
 * outside a form uses it instead of its own busy and failure state.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

export interface Action<Args extends readonly unknown[]> {
  /** True while the action runs: its button waits. */
  readonly busy: boolean;
  /** Why the last run failed (show it with `ProblemNotice`), or `undefined`. */
  readonly failure: unknown;
  /**
   * Runs the action unless it is already running (a second tap does nothing). Resolves to
   * true when it succeeded; a failure is kept in `failure`, never thrown.
   */
  run(...args: Args): Promise<boolean>;
  /** Forgets the last failure, e.g. when the dialog that showed it closes. */
  clear(): void;
}

export function useAction<Args extends readonly unknown[]>(perform: (...args: Args) => Promise<unknown>): Action<Args> {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(undefined);
  const latest = useRef(perform);
  latest.current = perform;
  const running = useRef(false);
  // A successful action often closes the dialog that ran it; its state then stays unset.
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const run = useCallback(async (...args: Args): Promise<boolean> => {
    if (running.current) {
      return false;
    }
    running.current = true;
    setBusy(true);
    setFailure(undefined);
    try {
      await latest.current(...args);
      return true;
    } catch (error) {
      if (mounted.current) {
        setFailure(error);
      }
      return false;
    } finally {
      running.current = false;
      if (mounted.current) {
        setBusy(false);
      }
    }
  }, []);

  const clear = useCallback(() => setFailure(undefined), []);
  return { busy, failure, run, clear };
}
