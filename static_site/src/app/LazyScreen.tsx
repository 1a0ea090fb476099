import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { Skeleton } from '../components/States';
import { t } from '../i18n';
import type { RouteParams } from './router';
import type { ScreenProps, ScreenRoute } from './routes';

/** Screens already loaded, so coming back to one shows it at once. */
const loadedScreens = new Map<ScreenRoute['load'], ComponentType<ScreenProps>>();

type LoadState =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly Screen: ComponentType<ScreenProps> }
  | { readonly status: 'failed' };

function initialState(route: ScreenRoute): LoadState {
  const Screen = loadedScreens.get(route.load);
  return Screen === undefined ? { status: 'loading' } : { status: 'ready', Screen };
}

const NO_PARAMS: RouteParams = {};

/** Shows a screen whose code is fetched on first use; offers a retry if that fails. */
export function LazyScreen({ route, params = NO_PARAMS }: { readonly route: ScreenRoute; readonly params?: RouteParams }) {
  const [state, setState] = useState<LoadState>(() => initialState(route));
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const known = initialState(route);
    setState(known);
    if (known.status === 'ready') {
      return undefined;
    }
    let current = true;
    route.load().then(
      (module) => {
        loadedScreens.set(route.load, module.default);
        if (current) {
          setState({ status: 'ready', Screen: module.default });
        }
      },
      () => {
        if (current) {
          setState({ status: 'failed' });
        }
      },
    );
    return () => {
      current = false;
    };
  }, [route, attempt]);

  useEffect(() => {
    // Read by bench/web_load.py: how long until a screen is on the page and usable.
    if (state.status === 'ready' && typeof performance.mark === 'function') {
      performance.mark(`intellifin:screen-ready:${route.path}`);
    }
  }, [state.status, route.path]);

  switch (state.status) {
    case 'ready':
      return <state.Screen params={params} />;
    case 'loading':
      return <Skeleton label={t('screen.loading')} lines={4} />;
    case 'failed':
      return (
        <div class="notice notice--error" role="alert">
          <p>{t('screen.loadFailed')}</p>
          <button type="button" class="button" onClick={() => setAttempt((n) => n + 1)}>
            {t('screen.retry')}
          </button>
        </div>
      );
  }
}
