import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setLanguage } from '../i18n';
import { outbox } from '../offline/sync';
import { axeViolations } from '../test/axe';
import { cleanup, click, findByText, jsonResponse, renderIntoDocument, settle, typeInto, waitFor } from '../test/dom';
import { freshIndexedDb } from '../test/indexedDb';
import { me, OTHER_ORG_ID, ORG_ID, problem, resetSession, signedIn } from '../test/fakeApi';
import { App } from './App';
import { screenRoutes } from './routes';
import { sessionState } from './session';

beforeEach(async () => {
  await freshIndexedDb();
  vi.stubGlobal(
    'fetch',
    vi.fn<typeof fetch>(async (input) =>
      String(input) === '/api/v1/dev/mailbox'
        ? jsonResponse({ messages: [] })
        : jsonResponse({ status: 'ready', checks: {} }),
    ),
  );
});

afterEach(() => {
  cleanup();
  resetSession();
  setLanguage('en');
  window.history.replaceState(null, '', '/');
});

const navLinks = (root: HTMLElement): string[] =>
  Array.from(root.querySelectorAll('nav a'), (link) => link.textContent ?? '');

describe('the app shell', () => {
  it('has the product name, a labelled navigation and a main landmark', () => {
    const app = renderIntoDocument(<App local={false} />);

    expect(app.querySelector('header')?.textContent).toContain('IntelliFin');
    expect(app.querySelector('nav')?.getAttribute('aria-label')).toBe('Main');
    expect(app.querySelector('main#main')).not.toBeNull();
    expect(app.querySelector('a.skip-link')?.getAttribute('href')).toBe('#main');
  });

  it('offers only the screens that exist elsewhere when not running locally', () => {
    const app = renderIntoDocument(<App local={false} />);

    expect(navLinks(app)).toEqual(['Home', 'Pending changes']);
  });

  it('offers the dev screens under one entry when running locally, and goes there without a reload', async () => {
    const app = renderIntoDocument(<App local={true} />);
    expect(navLinks(app)).toEqual(['Home', 'Pending changes', 'Developer tools']);
    await waitFor(() => findByText(app, 'h1', 'The back office for your business'));

    const more = findByText(app, 'nav button', 'More') as HTMLButtonElement;
    expect(app.querySelector('#nav-more')?.hasAttribute('hidden')).toBe(true);
    click(more);
    expect(more.getAttribute('aria-expanded')).toBe('true');
    expect(app.querySelector('#nav-more')?.hasAttribute('hidden')).toBe(false);
    click(findByText(app, 'nav a', 'Developer tools') ?? app);
    await waitFor(() => findByText(app, 'h1', 'Developer tools'));
    // A change of screen closes "More".
    expect(app.querySelector('#nav-more')?.hasAttribute('hidden')).toBe(true);
    click(findByText(app, 'main a', 'Dev mailbox') ?? app);

    await waitFor(() => findByText(app, 'h1', 'Dev mailbox'));
    expect(window.location.pathname).toBe('/dev/mailbox');
    expect(findByText(app, 'nav a', 'Home')?.hasAttribute('aria-current')).toBe(false);
    expect(document.title).toBe('Dev mailbox · IntelliFin');
    expect(document.activeElement).toBe(app.querySelector('main'));
  });

  it('puts the daily destinations in the bar and the rest under "More", as the role allows', async () => {
    await signedIn({ 'GET /api/ready': { status: 'ready', checks: {} } });
    const app = renderIntoDocument(<App local={false} />);

    await waitFor(() => navLinks(app).includes('Team'));
    const listed = (selector: string): string[] => Array.from(app.querySelectorAll(`${selector} a`), (link) => link.textContent ?? '');
    expect(listed('.app-nav__daily')).toEqual(['Home', 'Pending changes']);
    expect(listed('#nav-more')).toEqual(['Ledger', 'Organization', 'Team']);
  });

  it('keeps the phone bar to four daily destinations and "More", whatever the role', () => {
    const daily = screenRoutes(true).filter((route) => route.daily).map((route) => route.path);
    expect(daily).toEqual(['/', '/invoices', '/customers', '/pending']);
  });

  it('shows "not found" for the dev mailbox address when not running locally', async () => {
    window.history.replaceState(null, '', '/dev/mailbox');

    const app = renderIntoDocument(<App local={false} />);

    expect(app.querySelector('h1')?.textContent).toBe('Page not found');
    expect(document.title).toBe('Page not found · IntelliFin');
  });

  it('has no accessibility violations on the signed-out home screen', async () => {
    const app = renderIntoDocument(<App local={true} />);
    await waitFor(() => findByText(app, 'h1', 'The back office for your business'));
    await settle();

    expect(await axeViolations(app)).toEqual([]);
  });

  it('has no organization switcher and no sign-out without a session, and both with one', async () => {
    const signedOut = renderIntoDocument(<App local={false} />);
    await waitFor(() => signedOut.querySelector('.top-bar__sign-in'));
    expect(signedOut.querySelector('.org-switcher')).toBeNull();
    expect(signedOut.querySelector('.account-menu__button')?.textContent).toBe('Settings');
    cleanup();

    await signedIn({ 'GET /api/ready': { status: 'ready', checks: {} } });
    const app = renderIntoDocument(<App local={false} />);
    typeInto(app.querySelector('.org-switcher select') as HTMLSelectElement, OTHER_ORG_ID);

    expect(sessionState().currentOrganizationId).toBe(OTHER_ORG_ID);
    expect(app.querySelector('.account-menu__button')?.textContent).toContain('Account: Chanda Mwila');
    expect(app.querySelector('.top-bar__sign-in')).toBeNull();
    await settle();
    expect(await axeViolations(app)).toEqual([]);
  });

  it('offers no choice of language while Bemba and Nyanja have no message translated', async () => {
    const app = renderIntoDocument(<App local={false} />);
    click(app.querySelector<HTMLElement>('.account-menu__button') as HTMLElement);
    await settle();

    expect(app.querySelector('.account-menu select')).toBeNull();
    expect(document.documentElement.lang).toBe('en');
  });

  it('shows the offline banner while offline, with the changes waiting', async () => {
    let online = true;
    vi.spyOn(navigator, 'onLine', 'get').mockImplementation(() => online);
    const app = renderIntoDocument(<App local={false} />);
    expect(app.querySelector('.offline-banner')).toBeNull();

    online = false;
    await outbox.enqueue({ method: 'POST', path: '/api/v1/invoices', body: {}, summary: 'Invoice INV-0042' });
    window.dispatchEvent(new Event('offline'));

    const banner = await waitFor(() => app.querySelector<HTMLElement>('.offline-banner'));
    expect(banner.parentElement?.getAttribute('role')).toBe('status');
    expect(banner.textContent).toContain('You are offline.');
    expect(banner.textContent).toContain('1 change is waiting to be sent.');
    expect(findByText(banner, 'a', 'See pending changes')?.getAttribute('href')).toBe('/pending');
  });
});

const READY = { status: 'ready', checks: {} };

describe('screens behind sign-in', () => {
  it('sends a signed-out person to sign in, remembering where they were going', async () => {
    window.history.replaceState(null, '', '/team?tab=x');

    const app = renderIntoDocument(<App local={false} />);

    await waitFor(() => window.location.pathname === '/sign-in');
    expect(new URLSearchParams(window.location.search).get('next')).toBe('/team?tab=x');
    await waitFor(() => findByText(app, 'h1', 'Sign in'));
    expect(document.title).toBe('Sign in · IntelliFin');
  });

  it('sends a signed-in person away from sign-in, to where they were going', async () => {
    await signedIn({ 'GET /api/ready': READY });
    window.history.replaceState(null, '', '/sign-in?next=%2Fpending');

    renderIntoDocument(<App local={false} />);

    await waitFor(() => window.location.pathname === '/pending');
  });

  it('never follows a "next" that leaves the app', async () => {
    await signedIn({ 'GET /api/ready': READY });
    window.history.replaceState(null, '', '/sign-in?next=%2F%2Fevil.example');

    renderIntoDocument(<App local={false} />);

    await waitFor(() => window.location.pathname === '/' && window.location.search === '');
  });

  it('lists Team for a role that may see it, and says "not allowed" at its address otherwise', async () => {
    await signedIn({ 'GET /api/ready': READY });
    const app = renderIntoDocument(<App local={false} />);
    expect(navLinks(app)).toContain('Team');

    typeInto(app.querySelector('.org-switcher select') as HTMLSelectElement, OTHER_ORG_ID);
    await waitFor(() => !navLinks(app).includes('Team'));
    window.history.pushState(null, '', '/team');
    window.dispatchEvent(new PopStateEvent('popstate'));

    await waitFor(() => findByText(app, 'h1', 'Not allowed'));
    expect(await axeViolations(app)).toEqual([]);
  });

  it('offers to create an organization to a person who has none', async () => {
    await signedIn({ 'GET /api/ready': READY }, me({ organizations: [] }));
    window.history.replaceState(null, '', '/team');

    const app = renderIntoDocument(<App local={false} />);

    await waitFor(() => findByText(app, 'h1', 'No organization yet'));
    expect(findByText(app, 'main a', 'Create an organization')?.getAttribute('href')).toBe('/organizations/new');
  });

  it('asks for two-step sign-in where the organization requires it and this session had none', async () => {
    const profile = me();
    const organizations = profile.organizations.map((membership) => ({ ...membership, require_mfa: true }));
    await signedIn({ 'GET /api/ready': READY }, me({ organizations, mfa_enabled: false, session_mfa: false }));
    window.history.replaceState(null, '', '/team');

    const app = renderIntoDocument(<App local={false} />);

    await waitFor(() => findByText(app, 'h1', 'Two-step sign-in required'));
    expect(app.querySelector('main')?.textContent).toContain('Lusaka Traders Ltd requires everyone');
    expect(findByText(app, 'main a', 'Set up two-step sign-in')?.getAttribute('href')).toBe('/account/security');
  });

  it('gives a screen the parameters of its path', async () => {
    const { LazyScreen } = await import('./LazyScreen');
    const route = {
      path: '/things/:thingId',
      nameKey: 'nav.home' as const,
      availability: 'everywhere' as const,
      load: () => Promise.resolve({ default: ({ params }: { params: Readonly<Record<string, string>> }) => <p>{params.thingId}</p> }),
    };

    const root = renderIntoDocument(<LazyScreen route={route} params={{ thingId: 'inv-42' }} />);

    await waitFor(() => root.textContent === 'inv-42');
  });
});

describe('signing out from the account menu', () => {
  it('signs out and goes to sign-in, asking first when changes are not sent yet', async () => {
    const fake = await signedIn({
      'GET /api/ready': READY,
      'POST /api/v1/auth/logout': new Response(null, { status: 204 }),
    });
    vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    await outbox.enqueue({ method: 'POST', path: '/api/v1/expenses', body: {}, summary: 'Fuel K350.00' });
    const app = renderIntoDocument(<App local={false} />);
    click(app.querySelector<HTMLElement>('.account-menu__button') as HTMLElement);
    expect(findByText(app, '.account-menu a', 'Sign-in and security')?.getAttribute('href')).toBe('/account/security');

    click(findByText(app, '.account-menu button', 'Sign out') as HTMLElement);

    const dialog = await waitFor(() => document.querySelector<HTMLElement>('[role="alertdialog"]'));
    expect(dialog.textContent).toContain('1 change saved on this phone has not been sent yet.');
    expect(fake.calls('POST /api/v1/auth/logout')).toHaveLength(0);
    click(findByText(dialog, 'button', 'Sign out') as HTMLElement);

    await waitFor(() => window.location.pathname === '/sign-in');
    expect(fake.calls('POST /api/v1/auth/logout')).toHaveLength(1);
    expect(sessionState().status).toBe('signed_out');
    expect(await outbox.list()).toHaveLength(1);
  });

  it('confirms before signing out everywhere', async () => {
    const fake = await signedIn({
      'GET /api/ready': READY,
      'POST /api/v1/auth/logout-all': new Response(null, { status: 204 }),
    });
    const app = renderIntoDocument(<App local={false} />);
    click(app.querySelector<HTMLElement>('.account-menu__button') as HTMLElement);

    click(findByText(app, '.account-menu button', 'Sign out everywhere') as HTMLElement);
    const dialog = await waitFor(() => document.querySelector<HTMLElement>('[role="alertdialog"]'));
    expect(dialog.textContent).toContain('this one included');
    expect(await axeViolations(document.body)).toEqual([]);
    click(findByText(dialog, 'button', 'Sign out everywhere') as HTMLElement);

    await waitFor(() => window.location.pathname === '/sign-in');
    expect(fake.calls('POST /api/v1/auth/logout-all')).toHaveLength(1);
  });

  it('after an expired session, sends the person to sign in and back', async () => {
    const fake = await signedIn({
      'GET /api/ready': READY,
      [`GET /api/v1/orgs/${ORG_ID}/members`]: problem(401, 'unauthenticated', 'Sign in to continue.'),
      [`GET /api/v1/orgs/${ORG_ID}/roles`]: [],
    });
    fake.on('POST /api/v1/auth/refresh', problem(401, 'session_ended', 'Your session has ended.'));
    window.history.replaceState(null, '', '/team');

    renderIntoDocument(<App local={false} />);

    await waitFor(() => window.location.pathname === '/sign-in');
    expect(new URLSearchParams(window.location.search).get('next')).toBe('/team');
  });
});
