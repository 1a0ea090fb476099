/** The screens that exist, where they live, and how each is loaded on first visit. */
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
}

const home: ScreenRoute = {
  path: '/',
  nameKey: 'nav.home',
  load: () => import('../screens/home/HomeScreen'),
};

const devMailbox: ScreenRoute = {
  path: '/dev/mailbox',
  nameKey: 'nav.devMailbox',
  load: () => import('../screens/mailbox/MailboxScreen'),
};

/** The screens of this app, in navigation order; dev-only screens only on this machine. */
export function screenRoutes(local: boolean): readonly ScreenRoute[] {
  return local ? [home, devMailbox] : [home];
}

export function routeFor(routes: readonly ScreenRoute[], path: string): ScreenRoute | undefined {
  return routes.find((route) => route.path === path);
}
