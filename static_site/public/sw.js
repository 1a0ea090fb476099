/**
 * IntelliFin service worker: keeps the app shell usable offline and on bad connections.
 *
 * - Hashed build assets (`/assets/…`) never change under a name: cache-first.
 * - Pages (index.html) must pick up new releases: network-first, and the cached shell when
 *   the network fails or is too slow.
 * - `/api/` is never touched: business data is not cached here, and a stale answer about
 *   money is worse than none.
 *
 * Bump CACHE_VERSION when this file's caching rules change; old caches are then deleted.
 */
/// <reference lib="webworker" />

const CACHE_VERSION = 1;
const CACHE_PREFIX = 'intellifin-shell-';
const CACHE_NAME = `${CACHE_PREFIX}v${CACHE_VERSION}`;
/** The cache key of the shell page, whatever path it was fetched for. */
const SHELL_KEY = '/';
/** After this long without an answer, a page request falls back to the cached shell. */
const NETWORK_TIMEOUT_MS = 4000;
/** Old releases' assets are dropped beyond this many, oldest first. */
const MAX_ASSETS = 60;

const sw = /** @type {ServiceWorkerGlobalScope} */ (/** @type {unknown} */ (self));

sw.addEventListener('install', (event) => {
  event.waitUntil(cacheShell().then(() => sw.skipWaiting()));
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(deleteOldCaches().then(() => sw.clients.claim()));
});

// The page names the assets it loaded before this worker controlled it (the first screen's
// chunks, typically), so that the next start works offline too.
sw.addEventListener('message', (event) => {
  const urls = assetUrlsOf(event.data);
  if (urls.length > 0) {
    event.waitUntil(caches.open(CACHE_NAME).then((cache) => cache.addAll(urls)));
  }
});

sw.addEventListener('fetch', (event) => {
  const strategy = strategyFor(event.request);
  if (strategy === 'network-first') {
    event.respondWith(networkFirst(event));
  } else if (strategy === 'cache-first') {
    event.respondWith(cacheFirst(event.request));
  }
});

/**
 * How a request is answered; `null` leaves it to the browser as if there were no worker.
 * @param {Request} request
 * @returns {'network-first' | 'cache-first' | null}
 */
function strategyFor(request) {
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== sw.location.origin || url.pathname.startsWith('/api/')) {
    return null;
  }
  if (request.mode === 'navigate') {
    return 'network-first';
  }
  if (url.pathname.startsWith('/assets/')) {
    return 'cache-first';
  }
  return null;
}

/**
 * The same-origin build assets named by a `{ type: 'cache-assets', urls }` message.
 * @param {unknown} message
 * @returns {string[]}
 */
function assetUrlsOf(message) {
  if (typeof message !== 'object' || message === null || !('type' in message) || message.type !== 'cache-assets') {
    return [];
  }
  const urls = 'urls' in message && Array.isArray(message.urls) ? message.urls : [];
  return urls.filter((url) => {
    if (typeof url !== 'string') {
      return false;
    }
    const parsed = new URL(url, sw.location.href);
    return parsed.origin === sw.location.origin && parsed.pathname.startsWith('/assets/');
  });
}

/** Caches the shell page and the assets it names, so the next start works offline. */
async function cacheShell() {
  const cache = await caches.open(CACHE_NAME);
  const response = await fetch(SHELL_KEY, { cache: 'no-cache' });
  if (!response.ok) {
    return;
  }
  const html = await response.clone().text();
  await cache.put(SHELL_KEY, response);
  const assets = Array.from(html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g), (match) => match[1] ?? '');
  // Each once: `addAll` refuses a list that names a request twice, and the install with it.
  await cache.addAll(Array.from(new Set(assets.filter((asset) => asset !== ''))));
}

async function deleteOldCaches() {
  const names = await caches.keys();
  await Promise.all(
    names.filter((name) => name.startsWith(CACHE_PREFIX) && name !== CACHE_NAME).map((name) => caches.delete(name)),
  );
}

/**
 * @param {FetchEvent} event
 * @returns {Promise<Response>}
 */
async function networkFirst(event) {
  const cache = await caches.open(CACHE_NAME);
  const fromNetwork = fetch(event.request).then(async (response) => {
    if (response.ok && (response.headers.get('Content-Type') ?? '').includes('text/html')) {
      await cache.put(SHELL_KEY, response.clone());
    }
    return response;
  });
  const cached = await cache.match(SHELL_KEY);
  if (cached === undefined) {
    return fromNetwork;
  }
  // When the cached shell wins the race, the network copy still refreshes the cache.
  event.waitUntil(fromNetwork.catch(() => undefined));
  /** @type {Promise<Response>} */
  const afterTimeout = new Promise((resolve) => setTimeout(() => resolve(cached), NETWORK_TIMEOUT_MS));
  return Promise.race([fromNetwork.catch(() => cached), afterTimeout]);
}

/**
 * @param {Request} request
 * @returns {Promise<Response>}
 */
async function cacheFirst(request) {
  const cache = await caches.open(CACHE_NAME);
  const cached = await cache.match(request);
  if (cached !== undefined) {
    return cached;
  }
  const response = await fetch(request);
  if (response.ok) {
    await cache.put(request, response.clone());
    await trimAssets(cache);
  }
  return response;
}

/** @param {Cache} cache */
async function trimAssets(cache) {
  const keys = await cache.keys();
  const assets = keys.filter((key) => new URL(key.url).pathname.startsWith('/assets/'));
  await Promise.all(assets.slice(0, Math.max(0, assets.length - MAX_ASSETS)).map((key) => cache.delete(key)));
}
