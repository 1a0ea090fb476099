/**
 * A history-API router small enough to read at a glance: paths with optional `:name`
 * parameters (`/team/invitations/:id`), the query string for links that carry a token
 * (`/verify-email?token=…`), and navigation that adds or replaces a history entry.
 */
import { useEffect, useState } from 'preact/hooks';

/** The values of a route's `:name` segments, decoded. */
export type RouteParams = Readonly<Record<string, string>>;

/** Where the app is: the path (no trailing slash, except `/`) and the query string (with its `?`, or empty). */
export interface AppLocation {
  readonly path: string;
  readonly search: string;
}

const listeners = new Set<() => void>();

function normalisePath(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed === '' ? '/' : trimmed;
}

/** The current location of the window. */
export function currentLocation(): AppLocation {
  return { path: normalisePath(window.location.pathname), search: window.location.search };
}

/** `to` split into its normalised path and its query string; a hash is dropped. */
function parseTarget(to: string): AppLocation {
  const withoutHash = to.split('#')[0] ?? '';
  const queryAt = withoutHash.indexOf('?');
  const path = queryAt === -1 ? withoutHash : withoutHash.slice(0, queryAt);
  const search = queryAt === -1 ? '' : withoutHash.slice(queryAt);
  return { path: normalisePath(path), search: search === '?' ? '' : search };
}

export interface NavigateOptions {
  /** Replaces the current history entry instead of adding one (redirects, removing a token from the address). */
  readonly replace?: boolean;
}

/** Goes to `to` (a path, maybe with a query) inside the app; nothing happens when already there. */
export function navigate(to: string, options: NavigateOptions = {}): void {
  const target = parseTarget(to);
  const here = currentLocation();
  if (target.path === here.path && target.search === here.search) {
    return;
  }
  const url = target.path + target.search;
  if (options.replace === true) {
    window.history.replaceState(null, '', url);
  } else {
    window.history.pushState(null, '', url);
  }
  listeners.forEach((listener) => listener());
}

/** The current location; re-renders the component when it changes (links, back, forward, redirects). */
export function useLocation(): AppLocation {
  const [location, setLocation] = useState(currentLocation);
  useEffect(() => {
    const update = (): void =>
      setLocation((previous) => {
        const next = currentLocation();
        return next.path === previous.path && next.search === previous.search ? previous : next;
      });
    listeners.add(update);
    window.addEventListener('popstate', update);
    update();
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return location;
}

/** The current path; re-renders the component when it changes. */
export function usePath(): string {
  return useLocation().path;
}

/** One parameter of the current query string, e.g. `token` of `/verify-email?token=…`. */
export function useQueryParam(name: string): string | null {
  return new URLSearchParams(useLocation().search).get(name);
}

/**
 * The parameters of `path` when it matches `pattern`, else null. A `:name` segment of the
 * pattern matches one non-empty segment of the path; every other segment must be equal.
 */
export function matchPath(pattern: string, path: string): RouteParams | null {
  const wanted = normalisePath(pattern).split('/');
  const actual = normalisePath(path).split('/');
  if (wanted.length !== actual.length) {
    return null;
  }
  const params: Record<string, string> = {};
  for (let index = 0; index < wanted.length; index += 1) {
    const segment = wanted[index] ?? '';
    const value = actual[index] ?? '';
    if (segment.startsWith(':')) {
      if (value === '') {
        return null;
      }
      try {
        params[segment.slice(1)] = decodeURIComponent(value);
      } catch {
        return null;
      }
    } else if (segment !== value) {
      return null;
    }
  }
  return params;
}

/** `pattern` with each `:name` replaced by its encoded value: `pathTo('/team/invitations/:id', {id})`. */
export function pathTo(pattern: string, params: RouteParams): string {
  return pattern.replace(/:(\w+)/g, (_whole, name: string) => {
    const value = params[name];
    if (value === undefined) {
      throw new Error(`${pattern}: no value for :${name}`);
    }
    return encodeURIComponent(value);
  });
}

/**
 * Where to go after signing in: `next` when it is a path of this app, else Home. Anything
 * that could leave the app (`//evil.example`, `https://…`, `/\evil`) is refused.
 */
export function safeNext(next: string | null | undefined): string {
  if (next === null || next === undefined || !next.startsWith('/') || next.startsWith('//') || next.includes('\\')) {
    return '/';
  }
  // Control characters (a newline in the middle of a URL) have no business in a path.
  return /[\u0000-\u001f]/.test(next) ? '/' : next;
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
