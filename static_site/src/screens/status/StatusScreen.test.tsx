import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, click, findByText, jsonResponse, renderIntoDocument, waitFor } from '../../test/dom';
import StatusScreen from './StatusScreen';

let fetchMock: ReturnType<typeof vi.fn<typeof fetch>>;

beforeEach(() => {
  fetchMock = vi.fn<typeof fetch>();
  vi.stubGlobal('fetch', fetchMock);
});

afterEach(cleanup);

/** Answers each API path with its own response. */
function serve(routes: Record<string, () => Response>): void {
  fetchMock.mockImplementation(async (input) => {
    const route = routes[String(input)];
    if (route === undefined) {
      throw new Error(`unexpected request to ${String(input)}`);
    }
    return route();
  });
}

/** The status rows: label and state in words, as a person reads them. */
function rows(root: HTMLElement): Record<string, string> {
  return Object.fromEntries(
    Array.from(root.querySelectorAll('.status'), (row) => [
      row.querySelector('.status__label')?.textContent ?? '',
      [row.querySelector('.status__state')?.textContent, row.querySelector('.status__detail')?.textContent]
        .filter((text) => text !== undefined)
        .join(' | '),
    ]),
  );
}

describe('the status screen', () => {
  it('shows every check as OK when the API is ready', async () => {
    serve({
      '/api/health': () => jsonResponse({ status: 'ok', version: '0.1.0' }),
      '/api/ready': () =>
        jsonResponse({
          status: 'ready',
          checks: { database: { ok: true, detail: null }, blob: { ok: true, detail: null } },
        }),
    });

    const screen = renderIntoDocument(<StatusScreen />);

    await waitFor(() => screen.querySelectorAll('.status').length === 4);
    expect(rows(screen)).toEqual({
      API: '✓ OK',
      'Ready to work': '✓ Ready',
      Database: '✓ OK',
      'File storage': '✓ OK',
    });
    expect(screen.querySelector('[role="alert"]')).toBeNull();
  });

  it('shows which check fails, and why, when the API is not ready (503)', async () => {
    serve({
      '/api/health': () => jsonResponse({ status: 'ok' }),
      '/api/ready': () =>
        jsonResponse(
          {
            status: 'not_ready',
            checks: {
              database: { ok: true, detail: null },
              blob: { ok: false, detail: 'connection refused' },
              queue: { ok: false, detail: null },
            },
          },
          503,
        ),
    });

    const screen = renderIntoDocument(<StatusScreen />);

    await waitFor(() => screen.querySelectorAll('.status').length === 5);
    expect(rows(screen)).toEqual({
      API: '✓ OK',
      'Ready to work': '✕ Not ready',
      Database: '✓ OK',
      'File storage': '✕ Failing | connection refused',
      queue: '✕ Failing',
    });
    expect(screen.querySelector('.status--failing .status__label')?.textContent).toBe('Ready to work');
  });

  it('says the API cannot be reached when the network fails, without crashing', async () => {
    fetchMock.mockRejectedValue(new TypeError('Failed to fetch'));

    const screen = renderIntoDocument(<StatusScreen />);

    const alert = await waitFor(() => screen.querySelector<HTMLElement>('[role="alert"]'));
    expect(alert.textContent).toBe('IntelliFin could not be reached. Check your connection and try again.');
    expect(screen.querySelectorAll('[role="alert"]')).toHaveLength(1);
    expect(screen.querySelector('.status')).toBeNull();
  });

  it('reports a failing readiness call next to a healthy API', async () => {
    serve({
      '/api/health': () => jsonResponse({ status: 'ok' }),
      '/api/ready': () =>
        jsonResponse(
          { type: 'about:blank', title: 'Internal error', status: 500, detail: null, code: 'internal_error' },
          500,
          'application/problem+json',
        ),
    });

    const screen = renderIntoDocument(<StatusScreen />);

    const alert = await waitFor(() => screen.querySelector<HTMLElement>('[role="alert"]'));
    expect(alert.textContent).toBe('Internal error');
    expect(rows(screen)).toEqual({ API: '✓ OK' });
  });

  it('checks again on request', async () => {
    fetchMock.mockRejectedValue(new TypeError('Failed to fetch'));
    const screen = renderIntoDocument(<StatusScreen />);
    await waitFor(() => screen.querySelector('[role="alert"]'));
    serve({
      '/api/health': () => jsonResponse({ status: 'ok' }),
      '/api/ready': () => jsonResponse({ status: 'ready', checks: { database: { ok: true, detail: null } } }),
    });

    click(await waitFor(() => findByText(screen, 'button:not([disabled])', 'Check again')));

    await waitFor(() => screen.querySelectorAll('.status').length === 3);
    expect(screen.querySelector('[role="alert"]')).toBeNull();
    expect(screen.textContent).toMatch(/Last checked at/);
  });
});
