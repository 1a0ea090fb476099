import { useEffect, useMemo, useRef } from 'preact/hooks';
import { t } from '../i18n';
import { isLocalHost } from './environment';
import { LazyScreen } from './LazyScreen';
import { Link } from './Link';
import { routeFor, screenRoutes } from './routes';
import { usePath } from './router';

interface AppProps {
  /** Whether the app runs on this machine, where dev-only screens exist. */
  readonly local?: boolean;
}

/** The app shell: top bar, navigation, and the current screen in the main landmark. */
export function App({ local = isLocalHost(window.location.hostname) }: AppProps) {
  const routes = useMemo(() => screenRoutes(local), [local]);
  const path = usePath();
  const route = routeFor(routes, path);
  const main = useRef<HTMLElement>(null);
  const previousPath = useRef(path);

  useEffect(() => {
    document.title = t('app.title', { screen: t(route?.nameKey ?? 'notFound.title') });
    // After a screen change, move focus to the new content as a page load would, so that
    // screen readers announce it and keyboard users start from the top of it.
    if (path !== previousPath.current) {
      previousPath.current = path;
      main.current?.focus();
    }
  }, [path, route]);

  return (
    <>
      <a class="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header class="top-bar">
        <span class="top-bar__name">{t('app.name')}</span>
        <nav class="top-bar__nav" aria-label={t('nav.label')}>
          <ul>
            {routes.map((item) => (
              <li key={item.path}>
                <Link href={item.path} current={item === route}>
                  {t(item.nameKey)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" class="content" tabIndex={-1} ref={main}>
        {route === undefined ? <NotFound /> : <LazyScreen key={route.path} route={route} />}
      </main>
    </>
  );
}

function NotFound() {
  return (
    <section aria-labelledby="not-found-title">
      <h1 id="not-found-title">{t('notFound.title')}</h1>
      <p>{t('notFound.body')}</p>
      <p>
        <Link href="/">{t('notFound.home')}</Link>
      </p>
    </section>
  );
}
