import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { showToast } from '../components/toasts';
import { ToastRegion } from '../components/ToastRegion';
import { currentLanguage, onLanguageChange, setLanguage, t, tCount } from '../i18n';
import { onFlushed } from '../offline/sync';
import { AccountMenu } from './AccountMenu';
import { isLocalHost } from './environment';
import { LazyScreen } from './LazyScreen';
import { Link } from './Link';
import { OfflineBanner } from './OfflineBanner';
import { OrganizationSwitcher } from './OrganizationSwitcher';
import { routeFor, screenRoutes } from './routes';
import { usePath } from './router';
import type { ShellSession } from './session';
import { currentTheme, setTheme, type Theme } from './theme';

interface AppProps {
  /** Whether the app runs on this machine, where dev-only screens exist. */
  readonly local?: boolean;
  /** Who is signed in; `null` until the identity API provides sessions. */
  readonly session?: ShellSession | null;
  readonly onSwitchOrganization?: (organizationId: string) => void;
  readonly onSignOut?: () => void;
}

/** The app shell: top bar, navigation, offline banner, the current screen, and toasts. */
export function App({ local = isLocalHost(window.location.hostname), session = null, onSwitchOrganization, onSignOut }: AppProps) {
  const routes = useMemo(() => screenRoutes(local), [local]);
  const path = usePath();
  const route = routeFor(routes, path);
  const main = useRef<HTMLElement>(null);
  const previousPath = useRef(path);
  const [language, setLanguageState] = useState(currentLanguage);
  const [theme, setThemeState] = useState<Theme>(currentTheme);

  useEffect(() => onLanguageChange(setLanguageState), []);

  useEffect(
    () =>
      onFlushed((report) => {
        if (report.sent > 0) {
          showToast(tCount('offline.sent', report.sent), 'success');
        }
      }),
    [],
  );

  useEffect(() => {
    document.title = t('app.title', { screen: t(route?.nameKey ?? 'notFound.title') });
    // After a screen change, move focus to the new content as a page load would, so that
    // screen readers announce it and keyboard users start from the top of it.
    if (path !== previousPath.current) {
      previousPath.current = path;
      main.current?.focus();
    }
  }, [path, route, language]);

  const changeTheme = (next: Theme): void => {
    setTheme(next);
    setThemeState(next);
  };

  return (
    <>
      <a class="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header class="top-bar">
        <div class="top-bar__row">
          <span class="top-bar__name">{t('app.name')}</span>
          {session !== null && (
            <OrganizationSwitcher
              organizations={session.organizations}
              currentId={session.currentOrganizationId}
              onSwitch={(id) => onSwitchOrganization?.(id)}
            />
          )}
          <AccountMenu
            user={session?.user ?? null}
            language={language}
            onLanguageChange={setLanguage}
            theme={theme}
            onThemeChange={changeTheme}
            {...(onSignOut === undefined ? {} : { onSignOut })}
          />
        </div>
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
      <OfflineBanner />
      <main id="main" class="content" tabIndex={-1} ref={main}>
        {route === undefined ? <NotFound /> : <LazyScreen key={route.path} route={route} />}
      </main>
      <ToastRegion />
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
