// @vitest-environment node
/**
 * Runs public/sw.js as a browser would, in a context of its own, with in-memory caches and
 * a scripted network, and checks what it answers from where.
 */
import { readFile } from 'node:fs/promises';
import { createContext, runInContext } from 'node:vm';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const ORIGIN = 'https://app.intellifin.test';
const SOURCE = await readFile(new URL('../public/sw.js', import.meta.url), 'utf8');

/** An in-memory stand-in for the Cache API, keyed by absolute URL. */
class MemoryCache {
  readonly entries = new Map<string, Response>();

  async match(request: Request | string): Promise<Response | undefined> {
    return this.entries.get(urlOf(request))?.clone();
  }

  async put(request: Request | string, response: Response): Promise<void> {
    this.entries.set(urlOf(request), response);
  }

  async addAll(requests: string[]): Promise<void> {
    // As browsers do: a list that names a request twice is refused as a whole.
    if (new Set(requests.map(urlOf)).size !== requests.length) {
      throw new DOMException('duplicate requests', 'InvalidStateError');
    }
    for (const request of requests) {
      this.entries.set(urlOf(request), await network(new Request(urlOf(request))));
    }
  }

  async keys(): Promise<Request[]> {
    return Array.from(this.entries.keys(), (url) => new Request(url));
  }

  async delete(request: Request | string): Promise<boolean> {
    return this.entries.delete(urlOf(request));
  }
}

function urlOf(request: Request | string): string {
  return new URL(typeof request === 'string' ? request : request.url, ORIGIN).href;
}

let caches: Map<string, MemoryCache>;
let network: (request: Request) => Promise<Response>;
let listeners: Map<string, (event: unknown) => void>;
let networkCalls: string[];

const cacheStorage = {
  async open(name: string): Promise<MemoryCache> {
    const cache = caches.get(name) ?? new MemoryCache();
    caches.set(name, cache);
    return cache;
  },
  async keys(): Promise<string[]> {
    return Array.from(caches.keys());
  },
  async delete(name: string): Promise<boolean> {
    return caches.delete(name);
  },
};

beforeEach(() => {
  caches = new Map();
  listeners = new Map();
  networkCalls = [];
  network = async () => {
    throw new TypeError('offline');
  };
  const self = {
    location: new URL(`${ORIGIN}/sw.js`),
    addEventListener: (type: string, listener: (event: unknown) => void) => listeners.set(type, listener),
    skipWaiting: async () => undefined,
    clients: { claim: async () => undefined },
  };
  const fetch = (input: Request | string, init?: RequestInit): Promise<Response> => {
    const request = new Request(urlOf(input), init);
    networkCalls.push(request.url);
    return network(request);
  };
  // Timers are looked up on each call so that a test's fake timers reach the worker.
  const setTimeout = (handler: () => void, ms: number): unknown => globalThis.setTimeout(handler, ms);
  runInContext(SOURCE, createContext({ self, caches: cacheStorage, fetch, URL, Request, Response, Promise, setTimeout }));
});

/** Dispatches a lifecycle event and waits for the work it asked to finish. */
async function dispatchLifecycle(type: 'install' | 'activate'): Promise<void> {
  const pending: Promise<unknown>[] = [];
  listeners.get(type)?.({ waitUntil: (promise: Promise<unknown>) => pending.push(promise) });
  await Promise.all(pending);
}

/** Dispatches a fetch event; `undefined` when the worker leaves the request to the browser. */
async function dispatchFetch(request: Request): Promise<Response | undefined> {
  let answer: Promise<Response> | undefined;
  const background: Promise<unknown>[] = [];
  listeners.get('fetch')?.({
    request,
    respondWith: (response: Promise<Response>) => {
      answer = response;
    },
    waitUntil: (promise: Promise<unknown>) => background.push(promise),
  });
  const response = await answer;
  await Promise.all(background);
  return response;
}

function navigation(path: string): Request {
  return { url: `${ORIGIN}${path}`, method: 'GET', mode: 'navigate' } as Request;
}

function html(body: string): Response {
  return new Response(body, { headers: { 'Content-Type': 'text/html; charset=utf-8' } });
}

const SHELL = '<script type="module" src="/assets/index-abc.js"></script><link rel="stylesheet" href="/assets/index-def.css">';

function shellCache(): MemoryCache | undefined {
  return Array.from(caches.entries()).find(([name]) => name.startsWith('intellifin-shell-'))?.[1];
}

describe('install', () => {
  it('caches the shell page and the assets it names', async () => {
    network = async (request) => (new URL(request.url).pathname === '/' ? html(SHELL) : new Response('asset'));

    await dispatchLifecycle('install');

    expect(Array.from(shellCache()?.entries.keys() ?? []).sort()).toEqual([
      `${ORIGIN}/`,
      `${ORIGIN}/assets/index-abc.js`,
      `${ORIGIN}/assets/index-def.css`,
    ]);
  });

  it('caches an asset the shell names twice once, instead of failing the install', async () => {
    const twice = `${SHELL}<link rel="modulepreload" href="/assets/client-123.js"><link rel="modulepreload" href="/assets/client-123.js">`;
    network = async (request) => (new URL(request.url).pathname === '/' ? html(twice) : new Response('asset'));

    await dispatchLifecycle('install');

    expect(shellCache()?.entries.has(`${ORIGIN}/assets/client-123.js`)).toBe(true);
  });
});

describe('activate', () => {
  it("deletes older versions of the shell cache and nobody else's caches", async () => {
    caches.set('intellifin-shell-v0', new MemoryCache());
    caches.set('someone-else', new MemoryCache());
    network = async () => html(SHELL);
    await dispatchLifecycle('install');

    await dispatchLifecycle('activate');

    expect(Array.from(caches.keys()).sort()).toEqual(['intellifin-shell-v1', 'someone-else']);
  });
});

describe('a cache-assets message', () => {
  async function post(data: unknown): Promise<void> {
    const pending: Promise<unknown>[] = [];
    listeners.get('message')?.({ data, waitUntil: (promise: Promise<unknown>) => pending.push(promise) });
    await Promise.all(pending);
  }

  it('caches the build assets the page loaded before the worker controlled it', async () => {
    network = async () => new Response('export {}');

    await post({ type: 'cache-assets', urls: [`${ORIGIN}/assets/HomeScreen-1a2b.js`, '/assets/index-def.css'] });

    expect(Array.from(shellCache()?.entries.keys() ?? []).sort()).toEqual([
      `${ORIGIN}/assets/HomeScreen-1a2b.js`,
      `${ORIGIN}/assets/index-def.css`,
    ]);
  });

  it('ignores API and other-origin URLs, and other messages', async () => {
    network = async () => new Response('{}');

    await post({ type: 'cache-assets', urls: [`${ORIGIN}/api/health`, 'https://cdn.example.com/assets/a.js', 42] });
    await post({ type: 'something-else', urls: [`${ORIGIN}/assets/a.js`] });
    await post('cache-assets');

    expect(networkCalls).toEqual([]);
    expect(shellCache()).toBeUndefined();
  });
});

describe('fetch', () => {
  it('never answers /api/ requests, so nothing from the API is cached', async () => {
    network = async () => new Response('{"status":"ok"}', { headers: { 'Content-Type': 'application/json' } });

    expect(await dispatchFetch(new Request(`${ORIGIN}/api/health`))).toBeUndefined();
    expect(await dispatchFetch(navigation('/api/docs'))).toBeUndefined();
    expect(networkCalls).toEqual([]);
    expect(caches.size).toBe(0);
  });

  it('leaves writes and other origins to the browser', async () => {
    expect(await dispatchFetch(new Request(`${ORIGIN}/assets/a.js`, { method: 'POST', body: 'x' }))).toBeUndefined();
    expect(await dispatchFetch(new Request('https://cdn.example.com/assets/a.js'))).toBeUndefined();
  });

  it('serves hashed assets from the cache once fetched', async () => {
    network = async () => new Response('export {}', { headers: { 'Content-Type': 'text/javascript' } });
    const asset = `${ORIGIN}/assets/HomeScreen-1a2b.js`;

    const first = await dispatchFetch(new Request(asset));
    network = async () => {
      throw new TypeError('offline');
    };
    const second = await dispatchFetch(new Request(asset));

    expect(await first?.text()).toBe('export {}');
    expect(await second?.text()).toBe('export {}');
    expect(networkCalls).toEqual([asset]);
  });

  it('loads pages from the network first and keeps the latest as the shell', async () => {
    network = async () => html('<p>release 1</p>');
    await dispatchFetch(navigation('/'));
    network = async () => html('<p>release 2</p>');

    const response = await dispatchFetch(navigation('/dev/mailbox'));

    expect(await response?.text()).toBe('<p>release 2</p>');
    expect(await (await shellCache()?.match('/'))?.text()).toBe('<p>release 2</p>');
  });

  it('falls back to the cached shell for any page when offline', async () => {
    network = async () => html(SHELL);
    await dispatchFetch(navigation('/'));
    network = async () => {
      throw new TypeError('offline');
    };

    const response = await dispatchFetch(navigation('/dev/mailbox'));

    expect(await response?.text()).toBe(SHELL);
  });

  it('does not keep an error page as the shell', async () => {
    network = async () => html(SHELL);
    await dispatchFetch(navigation('/'));
    network = async () => new Response('<p>Server error</p>', { status: 500, headers: { 'Content-Type': 'text/html' } });

    const response = await dispatchFetch(navigation('/'));

    expect(response?.status).toBe(500);
    expect(await (await shellCache()?.match('/'))?.text()).toBe(SHELL);
  });

  it('answers from the cached shell when the network is too slow', async () => {
    vi.useFakeTimers();
    try {
      network = async () => html(SHELL);
      await dispatchFetch(navigation('/'));
      network = () => new Promise<Response>(() => undefined);

      let answer: Promise<Response> | undefined;
      listeners.get('fetch')?.({
        request: navigation('/'),
        respondWith: (response: Promise<Response>) => {
          answer = response;
        },
        waitUntil: () => undefined,
      });
      let answered = false;
      void answer?.then(() => {
        answered = true;
      });
      await vi.advanceTimersByTimeAsync(3999);
      expect(answered).toBe(false);
      await vi.advanceTimersByTimeAsync(1);

      expect(answered).toBe(true);
      expect(await (await answer)?.text()).toBe(SHELL);
    } finally {
      vi.useRealTimers();
    }
  });
});
