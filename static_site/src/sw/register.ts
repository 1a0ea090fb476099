/**
 * Registers the service worker (`public/sw.js`), which keeps the app shell usable offline.
 * Production builds only: in development it would serve stale modules over Vite's own.
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) {
    return;
  }
  // After load, so that registering never competes with the first screen for bandwidth.
  window.addEventListener('load', () => {
    navigator.serviceWorker
      .register('/sw.js')
      .then(() => navigator.serviceWorker.ready)
      .then((registration) => registration.active?.postMessage(cacheAssetsMessage()))
      .catch(() => {
        // The app works without it; there is nothing for the person to do about it.
      });
  });
}

/**
 * Asks the worker to keep the build assets this page loaded before the worker controlled
 * it: the first screen's chunks are otherwise missing from the next start offline.
 */
function cacheAssetsMessage(): { type: 'cache-assets'; urls: string[] } {
  const urls = performance
    .getEntriesByType('resource')
    .map((entry) => entry.name)
    .filter((url) => new URL(url).origin === window.location.origin && new URL(url).pathname.startsWith('/assets/'));
  return { type: 'cache-assets', urls };
}
