import { useCallback, useEffect, useState } from 'preact/hooks';
import { readRecent, saveRecent, type RecentKey } from '../offline/recent';

/** Where a load from the API stands. `data` survives a reload, so a refresh never blanks. */
export interface Resource<T> {
  readonly loading: boolean;
  readonly data: T | undefined;
  readonly error: unknown;
  /** When the last successful load finished. */
  readonly loadedAt: Date | undefined;
  /** Set while `data` is a copy saved on the phone earlier, not a fresh answer: when it was saved. */
  readonly savedAt: Date | undefined;
  readonly reload: () => void;
}

interface ResourceState<T> {
  readonly loading: boolean;
  readonly data: T | undefined;
  readonly error: unknown;
  readonly loadedAt: Date | undefined;
  readonly savedAt: Date | undefined;
}

/**
 * Loads data when the component mounts and on `reload()`. A load still running when the
 * component unmounts or reloads is cancelled through its signal. `load` must keep its
 * identity between renders (a module-level function), or every render would load again.
 *
 * With a `recent` key, each fresh answer is saved on the phone, and the saved copy is shown
 * at once while the fresh one loads, or instead of it when there is no connection.
 */
export function useResource<T>(load: (signal: AbortSignal) => Promise<T>, recent?: RecentKey<T>): Resource<T> {
  const [state, setState] = useState<ResourceState<T>>({
    loading: true,
    data: undefined,
    error: undefined,
    loadedAt: undefined,
    savedAt: undefined,
  });
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setState((previous) => ({ ...previous, loading: true }));
    if (recent !== undefined) {
      readRecent(recent).then(
        (copy) => {
          if (copy !== undefined && !controller.signal.aborted) {
            // Only while nothing fresher has arrived.
            setState((previous) =>
              previous.data === undefined ? { ...previous, data: copy.value, savedAt: copy.savedAt } : previous,
            );
          }
        },
        () => undefined,
      );
    }
    load(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) {
          setState({ loading: false, data, error: undefined, loadedAt: new Date(), savedAt: undefined });
          if (recent !== undefined) {
            saveRecent(recent, data).catch(() => undefined);
          }
        }
      },
      (error: unknown) => {
        if (!controller.signal.aborted) {
          setState((previous) => ({ ...previous, loading: false, error }));
        }
      },
    );
    return () => controller.abort();
  }, [load, recent, generation]);

  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  return { ...state, reload };
}
