import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n';
import { Link } from './Link';
import type { ScreenRoute } from './routes';

interface MainNavigationProps {
  /** The entries this person may open, in registry order (`navigationRoutes`). */
  readonly routes: readonly ScreenRoute[];
  readonly current: ScreenRoute | undefined;
  /** The address, so that a change of screen closes "More". */
  readonly path: string;
}

/**
 * The main navigation, from the route registry. On a phone: a bottom bar of the daily
 * destinations (`daily: true`) and "More", which opens the other entries, so every entry is
 * one or two taps away. On a desktop: a side navigation listing them all (CSS, one markup).
 */
export function MainNavigation({ routes, current, path }: MainNavigationProps) {
  const [moreOpen, setMoreOpen] = useState(false);
  const daily = routes.filter((route) => route.daily === true);
  const more = routes.filter((route) => route.daily !== true);

  useEffect(() => setMoreOpen(false), [path]);

  const entry = (route: ScreenRoute) => (
    <li key={route.path}>
      <Link href={route.path} current={route === current}>
        {t(route.nameKey)}
      </Link>
    </li>
  );

  return (
    <nav class="app-nav" aria-label={t('nav.label')}>
      <ul class="app-nav__daily">
        {daily.map(entry)}
        {more.length > 0 && (
          <li class="app-nav__more-toggle">
            <button
              type="button"
              aria-expanded={moreOpen}
              aria-controls="nav-more"
              class={current !== undefined && more.includes(current) ? 'app-nav__more-button app-nav__more-button--current' : 'app-nav__more-button'}
              onClick={() => setMoreOpen((open) => !open)}
            >
              {t('nav.more')}
            </button>
          </li>
        )}
      </ul>
      {more.length > 0 && (
        <ul id="nav-more" class="app-nav__more" hidden={!moreOpen}>
          {more.map(entry)}
        </ul>
      )}
    </nav>
  );
}
