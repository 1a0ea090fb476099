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
      .then((registration) => {
        const send = (urls: string[]): void => {
          if (urls.length > 0) {
            registration.active?.postMessage({ type: 'cache-assets', urls });
          }
        };
        send(assetsMissedByTheWorker(performance.getEntriesByType('resource')));
        // A lazy screen's chunk still loading when the list above was taken, or fetched
        // before the worker took control, is named as it arrives.
        new PerformanceObserver((list) => send(assetsMissedByTheWorker(list.getEntries()))).observe({
          type: 'resource',
        });
      })
      .catch(() => {
        // The app works without it; there is nothing for the person to do about it.
      });
  });
}

/**
 * The build assets among `entries` that the worker did not serve (loaded before it
 * controlled the page): the worker is asked to keep them, or the next start offline would
 * miss them. Assets it served it keeps by itself.
 */
export function assetsMissedByTheWorker(entries: readonly PerformanceEntry[]): string[] {
  return entries
    .filter((entry): entry is PerformanceResourceTiming => 'workerStart' in entry)
    .filter((entry) => entry.workerStart === 0)
    .map((entry) => entry.name)
    .filter((url) => new URL(url).origin === window.location.origin && new URL(url).pathname.startsWith('/assets/'));
}
