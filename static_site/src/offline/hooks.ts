/** The connection and the outbox as component state. */
import { useEffect, useState } from 'preact/hooks';
import type { QueuedChange } from './outbox';
import { outbox } from './sync';

/** Whether the browser believes it is online; follows `online` and `offline` events. */
export function useOnline(): boolean {
  const [online, setOnline] = useState(() => navigator.onLine);
  useEffect(() => {
    const update = (): void => setOnline(navigator.onLine);
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    update();
    return () => {
      window.removeEventListener('online', update);
      window.removeEventListener('offline', update);
    };
  }, []);
  return online;
}

/**
 * The queued changes, oldest first; `undefined` until first read. Read again when the
 * connection comes or goes, which is when another tab is most likely to have queued some.
 */
export function useOutbox(): readonly QueuedChange[] | undefined {
  const [changes, setChanges] = useState<readonly QueuedChange[] | undefined>(undefined);
  useEffect(() => {
    let current = true;
    const read = (): void => {
      outbox.list().then(
        (latest) => current && setChanges(latest),
        () => current && setChanges((previous) => previous ?? []),
      );
    };
    const stop = outbox.subscribe((latest) => setChanges(latest));
    window.addEventListener('online', read);
    window.addEventListener('offline', read);
    read();
    return () => {
      current = false;
      stop();
      window.removeEventListener('online', read);
      window.removeEventListener('offline', read);
    };
  }, []);
  return changes;
}
