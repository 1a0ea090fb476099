/**
 * A history-API router small enough to read at a glance: the app has a handful of flat
 * paths, so it needs no patterns, nesting or parameters.
 */
import { useEffect, useState } from 'preact/hooks';

const listeners = new Set<() => void>();

/** The path of the current address, without a trailing slash (except for `/`). */
function currentPath(): string {
  return normalisePath(window.location.pathname);
}

function normalisePath(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed === '' ? '/' : trimmed;
}

/** Goes to `path` inside the app, adding a history entry. */
export function navigate(path: string): void {
  if (normalisePath(path) === currentPath()) {
    return;
  }
  window.history.pushState(null, '', path);
  listeners.forEach((listener) => listener());
}

/** The current path; re-renders the component when it changes (links, back, forward). */
export function usePath(): string {
  const [path, setPath] = useState(currentPath);
  useEffect(() => {
    const update = (): void => setPath(currentPath());
    listeners.add(update);
    window.addEventListener('popstate', update);
    update();
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return path;
}

/** Whether a click on a link should be left to the browser (new tab, download, …). */
export function isPlainLeftClick(event: MouseEvent): boolean {
  return (
    !event.defaultPrevented &&
    event.button === 0 &&
    !event.metaKey &&
    !event.ctrlKey &&
    !event.shiftKey &&
    !event.altKey
  );
}
