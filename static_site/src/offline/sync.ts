/**
 * The app's outbox, and what sets it going: the app's start, the connection coming back,
 * the app coming back to the foreground, and the next retry falling due.
 */
import { api, ApiNetworkError, ApiTimeoutError, type CallOptions } from '../api/client';
import { buildUrl, type ApiMethod, type PathsFor, type ResponseOf } from '../api/paths';
import { createOutbox, newIdempotencyKey, type FlushReport, type QueuedChange, type WriteMethod } from './outbox';

export const outbox = createOutbox({
  send: (change) =>
    api.request(change.path, {
      method: change.method,
      body: change.body,
      headers: { 'Idempotency-Key': change.id },
    }),
});

const flushListeners = new Set<(report: FlushReport) => void>();

/** Calls `listener` after each pass through the outbox; returns the function that stops it. */
export function onFlushed(listener: (report: FlushReport) => void): () => void {
  flushListeners.add(listener);
  return () => flushListeners.delete(listener);
}

let retryTimer: ReturnType<typeof setTimeout> | undefined;
let lastReported: FlushReport | undefined;

/** Sends what is due now, then sets a timer for the next retry. */
export async function sendPendingChanges(): Promise<FlushReport> {
  const report = await outbox.flush();
  // Callers that start while a pass runs share it: its report is told once, not once each.
  if (report !== lastReported) {
    lastReported = report;
    flushListeners.forEach((listener) => listener(report));
  }
  await scheduleNextRetry();
  return report;
}

async function scheduleNextRetry(): Promise<void> {
  clearTimeout(retryTimer);
  const due = await outbox.nextDueAt();
  if (due !== undefined && navigator.onLine) {
    // Timers in a background tab may run late, never early; the next trigger catches up.
    retryTimer = setTimeout(() => void sendPendingChanges().catch(() => undefined), Math.max(0, due - Date.now()));
  }
}

/** Starts sending saved changes now and whenever the connection returns; returns the stop function. */
export function startSync(): () => void {
  const send = (): void => {
    if (navigator.onLine) {
      void sendPendingChanges().catch(() => undefined);
    }
  };
  const onVisible = (): void => {
    if (document.visibilityState === 'visible') {
      send();
    }
  };
  window.addEventListener('online', send);
  document.addEventListener('visibilitychange', onVisible);
  void outbox
    .recover()
    .then(send)
    .catch(() => undefined);
  return () => {
    window.removeEventListener('online', send);
    document.removeEventListener('visibilitychange', onVisible);
    clearTimeout(retryTimer);
  };
}

export type SaveOutcome<T> =
  | { readonly status: 'sent'; readonly answer: T }
  | { readonly status: 'queued'; readonly change: QueuedChange };

type WriteApiMethod = Exclude<ApiMethod, 'get'>;

/**
 * Saves a change through the API, or, when there is no connection, keeps it in the outbox to
 * be sent later with the same idempotency key. A refusal from the server (an `ApiProblem`)
 * is thrown as usual, for the form to show: the person is there to fix it.
 */
export async function saveChange<M extends WriteApiMethod, P extends PathsFor<M>>(
  method: M,
  path: P,
  options: CallOptions<P, M> & { readonly summary: string },
): Promise<SaveOutcome<ResponseOf<P, M>>> {
  const { summary, path: pathParams, query, body, ...rest } = options as CallOptions<P, M> & {
    readonly summary: string;
    readonly path?: Readonly<Record<string, string | number>>;
    readonly query?: Readonly<Record<string, string | number | boolean | null | undefined>>;
    readonly body?: unknown;
  };
  const change = {
    id: newIdempotencyKey(),
    method: method.toUpperCase() as WriteMethod,
    path: buildUrl(path, pathParams, query),
    body,
    summary,
  };
  if (!navigator.onLine) {
    return { status: 'queued', change: await outbox.enqueue(change) };
  }
  try {
    const answer = await api.request<ResponseOf<P, M>>(change.path, {
      ...rest,
      method: change.method,
      body,
      headers: { ...rest.headers, 'Idempotency-Key': change.id },
    });
    return { status: 'sent', answer };
  } catch (error) {
    if (error instanceof ApiNetworkError || error instanceof ApiTimeoutError) {
      return { status: 'queued', change: await outbox.enqueue(change) };
    }
    throw error;
  }
}
