import { useCallback, useEffect, useState } from 'preact/hooks';

/** Where a load from the API stands. `data` survives a reload, so a refresh never blanks. */
export interface Resource<T> {
  readonly loading: boolean;
  readonly data: T | undefined;
  readonly error: unknown;
  /** When the last successful load finished. */
  readonly loadedAt: Date | undefined;
  readonly reload: () => void;
}

interface ResourceState<T> {
  readonly loading: boolean;
  readonly data: T | undefined;
  readonly error: unknown;
  readonly loadedAt: Date | undefined;
}

/**
 * Loads data when the component mounts and on `reload()`. A load still running when the
 * component unmounts or reloads is cancelled through its signal. `load` must keep its
 * identity between renders (a module-level function), or every render would load again.
 */
export function useResource<T>(load: (signal: AbortSignal) => Promise<T>): Resource<T> {
  const [state, setState] = useState<ResourceState<T>>({
    loading: true,
    data: undefined,
    error: undefined,
    loadedAt: undefined,
  });
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setState((previous) => ({ ...previous, loading: true }));
    load(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) {
          setState({ loading: false, data, error: undefined, loadedAt: new Date() });
        }
      },
      (error: unknown) => {
        if (!controller.signal.aborted) {
          setState((previous) => ({ ...previous, loading: false, error }));
        }
      },
    );
    return () => controller.abort();
  }, [load, generation]);

  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  return { ...state, reload };
}
