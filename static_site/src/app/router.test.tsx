import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, renderIntoDocument, waitFor } from '../test/dom';
import { matchPath, navigate, pathTo, safeNext, useLocation, useQueryParam } from './router';
import { matchRoute, navigationRoutes, routeFor, screenRoutes, type ScreenRoute } from './routes';

afterEach(() => {
  cleanup();
  window.history.replaceState(null, '', '/');
});

describe('matchPath', () => {
  it('matches equal paths, ignoring a trailing slash', () => {
    expect(matchPath('/team', '/team')).toEqual({});
    expect(matchPath('/team', '/team/')).toEqual({});
    expect(matchPath('/team', '/teams')).toBeNull();
    expect(matchPath('/', '/')).toEqual({});
  });

  it('gives each :name the decoded segment it matched', () => {
    expect(matchPath('/team/invitations/:id', '/team/invitations/inv%201')).toEqual({ id: 'inv 1' });
    expect(matchPath('/ledger/:account/entries/:entry', '/ledger/1000/entries/42')).toEqual({ account: '1000', entry: '42' });
  });

  it('needs every segment: none missing, none extra, none empty', () => {
    expect(matchPath('/team/invitations/:id', '/team/invitations')).toBeNull();
    expect(matchPath('/team/invitations/:id', '/team/invitations/1/more')).toBeNull();
    expect(matchPath('/a/:id/b', '/a//b')).toBeNull();
    expect(matchPath('/a/:id', '/a/%E0%A4%A')).toBeNull();
  });

  it('builds a path from a pattern, encoding each value', () => {
    expect(pathTo('/team/invitations/:id', { id: 'a/b c' })).toBe('/team/invitations/a%2Fb%20c');
    expect(() => pathTo('/team/invitations/:id', {})).toThrow(':id');
  });
});

describe('safeNext', () => {
  it('keeps paths of this app and refuses anything that could leave it', () => {
    expect(safeNext('/team?tab=roles')).toBe('/team?tab=roles');
    expect(safeNext(null)).toBe('/');
    expect(safeNext('https://evil.example')).toBe('/');
    expect(safeNext('//evil.example/path')).toBe('/');
    expect(safeNext('/\\evil.example')).toBe('/');
    expect(safeNext('javascript:alert(1)')).toBe('/');
    expect(safeNext('/ok\nLocation: x')).toBe('/');
  });
});

function Where() {
  const location = useLocation();
  const token = useQueryParam('token');
  return (
    <p>
      {location.path}|{location.search}|{token ?? '-'}
    </p>
  );
}

describe('navigate', () => {
  it('adds a history entry, or replaces the current one, and tells the app', async () => {
    const root = renderIntoDocument(<Where />);
    const before = window.history.length;

    navigate('/verify-email?token=abc');
    await waitFor(() => root.textContent === '/verify-email|?token=abc|abc');
    expect(window.history.length).toBe(before + 1);

    navigate('/verify-email', { replace: true });
    await waitFor(() => root.textContent === '/verify-email||-');
    expect(window.history.length).toBe(before + 1);
    expect(window.location.search).toBe('');
  });
});

const screen = (path: string, extra: Partial<ScreenRoute> = {}): ScreenRoute => ({
  path,
  nameKey: 'nav.home',
  load: () => Promise.resolve({ default: () => null }),
  availability: 'everywhere',
  ...extra,
});

describe('the route registry', () => {
  it('prefers an exact path to a pattern, and gives a pattern its parameters', () => {
    const routes = [screen('/team/invitations/:id'), screen('/team/invitations/new')];

    expect(matchRoute(routes, '/team/invitations/new')?.route.path).toBe('/team/invitations/new');
    expect(matchRoute(routes, '/team/invitations/inv-7')).toEqual({ route: routes[0], params: { id: 'inv-7' } });
    expect(routeFor(routes, '/nowhere')).toBeUndefined();
  });

  it('lists in the navigation only what this person may open', () => {
    const routes = [
      screen('/'),
      screen('/sign-in', { guestOnly: true }),
      screen('/team', { permission: 'users:read' }),
      screen('/team/roles', { permission: 'users:read', inNav: false }),
      screen('/account/security', { requiresAuth: true }),
      screen('/ledger/accounts/:id', { permission: 'ledger:read' }),
      screen('/ledger', { permission: 'ledger:read' }),
    ];
    const paths = (signedIn: boolean, can: (permission: string) => boolean) =>
      navigationRoutes(routes, { signedIn, can }).map((route) => route.path);

    expect(paths(false, () => false)).toEqual(['/', '/sign-in']);
    expect(paths(true, (permission) => permission === 'ledger:read')).toEqual(['/', '/account/security', '/ledger']);
    expect(paths(true, () => true)).toEqual(['/', '/team', '/account/security', '/ledger']);
  });

  it('puts every screen that needs a session behind sign-in, and the sign-in screens before it', () => {
    const routes = screenRoutes(false);
    const byPath = (path: string) => routes.find((route) => route.path === path);

    for (const path of ['/team', '/team/invitations', '/team/roles', '/team/audit-log', '/team/security']) {
      expect(byPath(path)?.permission, path).toBeDefined();
    }
    expect(byPath('/team/audit-log')?.permission).toBe('audit:read');
    expect(byPath('/team/security')?.permission).toBe('security:manage');
    expect(byPath('/account/security')?.requiresAuth).toBe(true);
    expect(byPath('/account/sessions')?.requiresAuth).toBe(true);
    expect(byPath('/sign-in')?.guestOnly).toBe(true);
    expect(byPath('/register')?.guestOnly).toBe(true);
    // The links in e-mails work signed in or out.
    for (const path of ['/verify-email', '/reset-password', '/accept-invitation']) {
      expect(byPath(path)?.requiresAuth, path).toBeUndefined();
      expect(byPath(path)?.guestOnly, path).toBeUndefined();
    }
  });
});
