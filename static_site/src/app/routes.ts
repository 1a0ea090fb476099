/**
 * The route registry: every screen of the app, where it lives, and how it is loaded on first
 * visit. The navigation lists exactly these, so it never offers a screen that does not exist.
 *
 * Each capability adds its screens here when it is built (Sales, Mobile money, Expenses,
 * Ledger, Reports, in that order, between Home and Pending changes).
 */
import type { ComponentType } from 'preact';
import type { PlainMessageKey } from '../i18n';

/** What a screen's module exports: its component, as the default export. */
export interface ScreenModule {
  readonly default: ComponentType;
}

export interface ScreenRoute {
  readonly path: string;
  /** Its name in the navigation and in the document title. */
  readonly nameKey: PlainMessageKey;
  /** Loads the screen's own chunk, so the first load carries only the shell. */
  readonly load: () => Promise<ScreenModule>;
  /** `local`: only where the API has its dev-only endpoints (this machine). */
  readonly availability: 'everywhere' | 'local';
}

const SCREENS: readonly ScreenRoute[] = [
  {
    path: '/',
    nameKey: 'nav.home',
    load: () => import('../screens/home/HomeScreen'),
    availability: 'everywhere',
  },
  {
    path: '/pending',
    nameKey: 'nav.pending',
    load: () => import('../screens/pending/PendingChangesScreen'),
    availability: 'everywhere',
  },
  {
    path: '/dev/mailbox',
    nameKey: 'nav.devMailbox',
    load: () => import('../screens/mailbox/MailboxScreen'),
    availability: 'local',
  },
  {
    path: '/dev/components',
    nameKey: 'nav.gallery',
    load: () => import('../screens/gallery/GalleryScreen'),
    availability: 'local',
  },
];

/** The screens of this app, in navigation order; dev-only screens only on this machine. */
export function screenRoutes(local: boolean): readonly ScreenRoute[] {
  return SCREENS.filter((route) => route.availability === 'everywhere' || local);
}

export function routeFor(routes: readonly ScreenRoute[], path: string): ScreenRoute | undefined {
  return routes.find((route) => route.path === path);
}
