import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, click, findByText, jsonResponse, renderIntoDocument, waitFor } from '../test/dom';
import { App } from './App';

beforeEach(() => {
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

  it('offers only Home when not running locally', () => {
    const app = renderIntoDocument(<App local={false} />);

    expect(navLinks(app)).toEqual(['Home']);
  });

  it('offers the dev mailbox when running locally, and goes there without a reload', async () => {
    const app = renderIntoDocument(<App local={true} />);
    expect(navLinks(app)).toEqual(['Home', 'Dev mailbox']);
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
});
