import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { Skeleton } from '../components/States';
import { showToast } from '../components/toasts';
import { ToastRegion } from '../components/ToastRegion';
import { currentLanguage, onLanguageChange, setLanguage, t, tCount } from '../i18n';
import { onFlushed, outbox } from '../offline/sync';
import { AccountMenu } from './AccountMenu';
import { isLocalHost } from './environment';
import { LazyScreen } from './LazyScreen';
import { Link } from './Link';
import { MainNavigation } from './MainNavigation';
import { OfflineBanner } from './OfflineBanner';
import { OrganizationSwitcher } from './OrganizationSwitcher';
import { matchRoute, navigationRoutes, needsSignIn, screenRoutes, type RouteMatch } from './routes';
import { navigate, safeNext, useLocation } from './router';
import { sessionOf, signOut, startSession, useSessionState, type Session, type SessionState } from './session';
import { currentTheme, setTheme, type Theme } from './theme';

interface AppProps {
  /** Whether the app runs on this machine, where dev-only screens exist. */
  readonly local?: boolean;
}

/** Sign-out waiting for the person to confirm: everywhere, or with unsent changes on this phone. */
interface PendingSignOut {
  readonly everywhere: boolean;
  readonly unsent: number;
}

/** Where the account menu leads a signed-in person. */
const ACCOUNT_LINKS = [
  { href: '/account/security', labelKey: 'nav.accountSecurity' },
  { href: '/account/sessions', labelKey: 'nav.accountSessions' },
] as const;

/**
 * The app shell: top bar, navigation, offline banner, the current screen, and toasts. It
 * restores the session on start, keeps screens that need one behind sign-in, and signs out.
 */
export function App({ local = isLocalHost(window.location.hostname) }: AppProps) {
  const routes = useMemo(() => screenRoutes(local), [local]);
  const location = useLocation();
  const path = location.path;
  const sessionState = useSessionState();
  const session = useMemo(() => sessionOf(sessionState), [sessionState]);
  const match = matchRoute(routes, path);
  const route = match?.route;
  const signedIn = session.status === 'signed_in';
  const navRoutes = navigationRoutes(routes, { signedIn, can: session.can });
  const main = useRef<HTMLElement>(null);
  const previousPath = useRef(path);
  const [language, setLanguageState] = useState(currentLanguage);
  const [theme, setThemeState] = useState<Theme>(currentTheme);
  const [pendingSignOut, setPendingSignOut] = useState<PendingSignOut | null>(null);

  useEffect(() => onLanguageChange(setLanguageState), []);

  useEffect(() => {
    void startSession();
  }, []);

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
    // Screens that need a session send a signed-out person to sign in, and back afterwards;
    // sign-in and sign-up send a signed-in person on.
    if (route === undefined) {
      return;
    }
    if (needsSignIn(route) && session.status === 'signed_out') {
      // Signing out on purpose leads to a plain sign-in; a session that ended comes back here.
      navigate(
        sessionState.ended === 'signed_out' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(path + location.search)}`,
        { replace: true },
      );
    } else if (route.guestOnly === true && session.status === 'signed_in') {
      navigate(safeNext(new URLSearchParams(location.search).get('next')), { replace: true });
    }
  }, [route, session.status, sessionState.ended, path, location.search]);

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

  /** Asks first when signing out everywhere, or when changes saved offline are not sent yet. */
  const requestSignOut = async (everywhere: boolean): Promise<void> => {
    const unsent = (await outbox.list().catch(() => [])).length;
    if (everywhere || unsent > 0) {
      setPendingSignOut({ everywhere, unsent });
    } else {
      await finishSignOut(false);
    }
  };

  /** Signs out; rejects when the server could not be told (the dialog then says so). */
  const completeSignOut = async (everywhere: boolean): Promise<void> => {
    await signOut({ everywhere });
    setPendingSignOut(null);
    navigate('/sign-in');
    showToast(t(everywhere ? 'session.signedOutEverywhere' : 'session.signedOut'), 'success');
  };

  const finishSignOut = async (everywhere: boolean): Promise<void> => {
    try {
      await completeSignOut(everywhere);
    } catch {
      showToast(t('session.signOutEverywhereFailed'), 'error');
    }
  };

  return (
    <>
      <a class="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header class="top-bar">
        <div class="top-bar__row">
          <span class="top-bar__name">{t('app.name')}</span>
          {signedIn && (
            <OrganizationSwitcher
              organizations={session.organizations}
              currentId={session.currentOrganization?.id ?? ''}
              onSwitch={session.switchOrganization}
            />
          )}
          {session.status === 'signed_out' && route?.path !== '/sign-in' && (
            <a
              class="top-bar__sign-in"
              href="/sign-in"
              onClick={(event) => {
                event.preventDefault();
                navigate(signInAddress(match, path + location.search));
              }}
            >
              {t('nav.signIn')}
            </a>
          )}
          <AccountMenu
            user={session.user}
            language={language}
            onLanguageChange={setLanguage}
            theme={theme}
            onThemeChange={changeTheme}
            links={signedIn ? ACCOUNT_LINKS.map((link) => ({ href: link.href, label: t(link.labelKey) })) : []}
            {...(signedIn
              ? {
                  onSignOut: () => void requestSignOut(false),
                  onSignOutEverywhere: () => void requestSignOut(true),
                }
              : {})}
          />
        </div>
      </header>
      <div class="app-body">
        <MainNavigation routes={navRoutes} current={route} path={path} />
        <div class="app-main">
          <OfflineBanner unconfirmed={sessionState.remembered} />
          <main id="main" class="content" tabIndex={-1} ref={main}>
            <CurrentScreen match={match} session={session} state={sessionState} />
          </main>
        </div>
      </div>
      <SignOutDialog
        pending={pendingSignOut}
        onConfirm={completeSignOut}
        onCancel={() => setPendingSignOut(null)}
      />
      <ToastRegion />
    </>
  );
}

/** The sign-in address from here: back to this screen afterwards, unless it is a sign-in screen itself. */
function signInAddress(match: RouteMatch | undefined, here: string): string {
  return match === undefined || match.route.guestOnly === true || match.route.path === '/'
    ? '/sign-in'
    : `/sign-in?next=${encodeURIComponent(here)}`;
}

interface CurrentScreenProps {
  readonly match: RouteMatch | undefined;
  readonly session: Session;
  readonly state: SessionState;
}

/** The screen for the address, once the session allows it. */
function CurrentScreen({ match, session, state }: CurrentScreenProps) {
  if (match === undefined) {
    return <NotFound />;
  }
  const { route, params } = match;
  const waiting =
    state.waitingForNetwork ? (
      <div class="notice" role="status">
        <p>{t('session.offlineStart')}</p>
      </div>
    ) : (
      <Skeleton label={t('screen.loading')} lines={4} />
    );
  if (needsSignIn(route)) {
    if (session.status !== 'signed_in' || session.user === null) {
      return waiting;
    }
    if (route.permission !== undefined) {
      const organization = session.currentOrganization;
      if (organization === null) {
        return (
          <Blocked titleKey="access.noOrganizationTitle" bodyKey="access.noOrganizationBody">
            <Link href="/organizations/new">{t('access.createOrganization')}</Link>
          </Blocked>
        );
      }
      if (organization.requireMfa && !session.user.sessionMfa) {
        return <MfaRequired organization={organization.name} enrolled={session.user.mfaEnabled} />;
      }
      if (!session.can(route.permission)) {
        return <Blocked titleKey="access.notAllowedTitle" bodyKey="access.notAllowedBody" />;
      }
    }
  }
  if (route.guestOnly === true && session.status !== 'signed_out' && !state.waitingForNetwork) {
    return waiting;
  }
  return <LazyScreen key={route.path} route={route} params={params} />;
}

function Blocked({
  titleKey,
  bodyKey,
  children,
}: {
  readonly titleKey: 'access.noOrganizationTitle' | 'access.notAllowedTitle';
  readonly bodyKey: 'access.noOrganizationBody' | 'access.notAllowedBody';
  readonly children?: ComponentChildren;
}) {
  return (
    <section aria-labelledby="blocked-title">
      <h1 id="blocked-title">{t(titleKey)}</h1>
      <p>{t(bodyKey)}</p>
      {children !== undefined && <p>{children}</p>}
      <p>
        <Link href="/">{t('notFound.home')}</Link>
      </p>
    </section>
  );
}

/** The organization requires a second factor and this session was opened without one. */
function MfaRequired({ organization, enrolled }: { readonly organization: string; readonly enrolled: boolean }) {
  return (
    <section aria-labelledby="mfa-required-title">
      <h1 id="mfa-required-title">{t('access.mfaRequiredTitle')}</h1>
      <p>{t('access.mfaRequiredBody', { organization })}</p>
      {enrolled ? (
        <>
          <p>{t('access.mfaSignInAgain')}</p>
          <button
            type="button"
            class="button"
            onClick={() => {
              const here = window.location.pathname + window.location.search;
              void signOut().then(() => navigate(`/sign-in?next=${encodeURIComponent(here)}`, { replace: true }));
            }}
          >
            {t('access.mfaSignInAgainButton')}
          </button>
        </>
      ) : (
        <p>
          <Link href="/account/security">{t('access.mfaSetUp')}</Link>
        </p>
      )}
    </section>
  );
}

interface SignOutDialogProps {
  readonly pending: PendingSignOut | null;
  readonly onConfirm: (everywhere: boolean) => Promise<void>;
  readonly onCancel: () => void;
}

function SignOutDialog({ pending, onConfirm, onCancel }: SignOutDialogProps) {
  if (pending === null) {
    return null;
  }
  const { everywhere } = pending;
  return (
    <ConfirmDialog
      tone="primary"
      title={t(everywhere ? 'session.signOutEverywhereTitle' : 'session.signOutTitle')}
      confirmLabel={t(everywhere ? 'session.signOutEverywhereConfirm' : 'userMenu.signOut')}
      onConfirm={() => onConfirm(everywhere)}
      onClose={onCancel}
      explain={() => t('session.signOutEverywhereFailed')}
    >
      {everywhere && <p>{t('session.signOutEverywhereBody')}</p>}
      {pending.unsent > 0 && <p>{tCount('session.unsentChanges', pending.unsent)}</p>}
    </ConfirmDialog>
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
