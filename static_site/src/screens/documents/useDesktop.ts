import { useEffect, useState } from 'preact/hooks';

/** A screen as wide as a desktop's or a tablet's in landscape (the layout's own breakpoint). */
export const DESKTOP_QUERY = '(min-width: 48rem)';

function matches(): boolean {
  return typeof window.matchMedia === 'function' && window.matchMedia(DESKTOP_QUERY).matches;
}

/** True on a wide screen, following the window as it is resized; false where it cannot be told (a phone, then). */
export function useDesktop(): boolean {
  const [desktop, setDesktop] = useState(matches);
  useEffect(() => {
    if (typeof window.matchMedia !== 'function') {
      return undefined;
    }
    const query = window.matchMedia(DESKTOP_QUERY);
    const changed = (): void => setDesktop(query.matches);
    changed();
    query.addEventListener('change', changed);
    return () => query.removeEventListener('change', changed);
  }, []);
  return desktop;
}
