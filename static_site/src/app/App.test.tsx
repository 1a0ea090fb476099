import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setLanguage } from '../i18n';
import { outbox } from '../offline/sync';
import { axeViolations } from '../test/axe';
import { cleanup, click, findByText, jsonResponse, renderIntoDocument, settle, typeInto, waitFor } from '../test/dom';
import { freshIndexedDb } from '../test/indexedDb';
import { App } from './App';

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

  it('offers the dev screens when running locally, and goes there without a reload', async () => {
    const app = renderIntoDocument(<App local={true} />);
    expect(navLinks(app)).toEqual(['Home', 'Pending changes', 'Dev mailbox', 'Components']);
    await waitFor(() => findByText(app, 'h1', 'Home'));

    click(findByText(app, 'nav a', 'Dev mailbox') ?? app);

    await waitFor(() => findByText(app, 'h1', 'Dev mailbox'));
    expect(window.location.pathname).toBe('/dev/mailbox');
    expect(findByText(app, 'nav a', 'Dev mailbox')?.getAttribute('aria-current')).toBe('page');
    expect(findByText(app, 'nav a', 'Home')?.hasAttribute('aria-current')).toBe(false);
    expect(document.title).toBe('Dev mailbox · IntelliFin');
    expect(document.activeElement).toBe(app.querySelector('main'));
  });

  it('shows "not found" for the dev mailbox address when not running locally', async () => {
    window.history.replaceState(null, '', '/dev/mailbox');

    const app = renderIntoDocument(<App local={false} />);

    expect(app.querySelector('h1')?.textContent).toBe('Page not found');
    expect(document.title).toBe('Page not found · IntelliFin');
  });

  it('has no accessibility violations on the home screen', async () => {
    const app = renderIntoDocument(<App local={true} />);
    await waitFor(() => findByText(app, 'h1', 'Home'));
    await settle();

    expect(await axeViolations(app)).toEqual([]);
  });

  it('has no organization switcher and no sign-out without a session, and both with one', async () => {
    const signedOut = renderIntoDocument(<App local={false} />);
    expect(signedOut.querySelector('.org-switcher')).toBeNull();
    expect(signedOut.querySelector('.account-menu__button')?.textContent).toBe('Settings');
    cleanup();

    const onSwitchOrganization = vi.fn();
    const app = renderIntoDocument(
      <App
        local={false}
        session={{
          user: { name: 'Chanda Mwila', email: 'chanda@lusaka-traders.zm' },
          organizations: [
            { id: 'org-1', name: 'Lusaka Traders Ltd' },
            { id: 'org-2', name: 'Mwila Farm Supplies' },
          ],
          currentOrganizationId: 'org-1',
        }}
        onSwitchOrganization={onSwitchOrganization}
        onSignOut={() => undefined}
      />,
    );
    typeInto(app.querySelector('.org-switcher select') as HTMLSelectElement, 'org-2');

    expect(onSwitchOrganization).toHaveBeenCalledWith('org-2');
    expect(app.querySelector('.account-menu__button')?.textContent).toContain('Account: Chanda Mwila');
    expect(await axeViolations(app)).toEqual([]);
  });

  it('redraws in the language chosen in the account menu', async () => {
    const app = renderIntoDocument(<App local={false} />);
    click(app.querySelector<HTMLElement>('.account-menu__button') as HTMLElement);

    typeInto(app.querySelector('.account-menu select') as HTMLSelectElement, 'bem');
    await settle();

    expect(document.documentElement.lang).toBe('bem');
    // Nothing is translated yet, so every message falls back to English.
    expect(navLinks(app)).toEqual(['Home', 'Pending changes']);
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
