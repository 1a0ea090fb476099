/**
 * Changes saved while offline, kept in IndexedDB and sent when the connection returns.
 *
 * Each change carries an idempotency key (its id, sent as `Idempotency-Key`), so sending it
 * twice (the answer was lost, the phone retried) has the effect of sending it once.
 *
 * Sending goes through the queue oldest first, and one change's failure never holds up the
 * others:
 * - accepted (2xx): removed from the queue;
 * - 409 conflict: kept as `conflict`, for the person to review;
 * - another 4xx: kept as `rejected`, with the server's problem, for the person to review;
 * - 5xx, 408, 425, 429: kept `waiting`, tried again later with exponential backoff;
 * - no answer at all (offline, timeout): the connection failed, not the change, so the round
 *   stops and every change waits for the connection to return;
 * - 401: the session ended, not the change's fault either: the round stops and every change
 *   waits until the person is signed in again.
 */
import { ApiNetworkError, ApiProblem, ApiTimeoutError, type ProblemDetails } from '../api/client';
import { deleteRecord, getAllRecords, putRecord } from './db';
import { organizationOfPath } from './keys';

export type WriteMethod = 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type ChangeState = 'waiting' | 'sending' | 'conflict' | 'rejected';

export interface QueuedChange {
  /** Also the `Idempotency-Key` it is sent with. */
  readonly id: string;
  readonly method: WriteMethod;
  readonly path: string;
  readonly body?: unknown;
  /** The organization the change is made in (read from its path), or null for none. */
  readonly organizationId: string | null;
  /** What the change does, in the words shown to the person: "Invoice INV-0042 for K1,160.00". */
  readonly summary: string;
  /** Milliseconds since the epoch. */
  readonly createdAt: number;
  readonly state: ChangeState;
  readonly attempts: number;
  /** When a `waiting` change may be sent next (milliseconds since the epoch). */
  readonly nextAttemptAt: number;
  /** The server's last refusal, for `conflict` and `rejected` (and the last failure). */
  readonly problem?: ProblemDetails;
}

export interface NewChange {
  readonly method: WriteMethod;
  readonly path: string;
  readonly body?: unknown;
  readonly summary: string;
  /** An idempotency key already used for this change, when it was first sent directly. */
  readonly id?: string;
}

/** What one pass through the queue did. */
export interface FlushReport {
  readonly sent: number;
  readonly conflicts: number;
  readonly rejected: number;
  readonly retrying: number;
  /** The connection failed (or the session ended), so the pass stopped early. */
  readonly offline: boolean;
}

/** Where the queue lives; IndexedDB in the app. */
export interface OutboxStorage {
  all(): Promise<QueuedChange[]>;
  put(change: QueuedChange): Promise<void>;
  delete(id: string): Promise<void>;
}

export interface OutboxOptions {
  /** Sends one change with its idempotency key; resolves on 2xx, rejects with the client's errors. */
  readonly send: (change: QueuedChange) => Promise<unknown>;
  readonly storage?: OutboxStorage;
  readonly now?: () => number;
  readonly random?: () => number;
}

/** First retry after about 2 s, doubling up to about 5 min. */
export const BACKOFF_BASE_MS = 2_000;
export const BACKOFF_MAX_MS = 300_000;

/** Statuses that say "not now" rather than "not this". */
const TRANSIENT_STATUSES = new Set([408, 425, 429]);

/** Waits after the `attempts`-th failure: exponential, capped, with jitter so phones do not retry in step. */
export function backoffMs(attempts: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export const indexedDbStorage: OutboxStorage = {
  all: () => getAllRecords<QueuedChange>('outbox'),
  put: (change) => putRecord('outbox', change),
  delete: (id) => deleteRecord('outbox', id),
};

/** A random UUID v4; `crypto.randomUUID` is missing on older phones' browsers. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') {
    return crypto.randomUUID();
  }
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export interface Outbox {
  enqueue(change: NewChange): Promise<QueuedChange>;
  /** Every queued change, oldest first. */
  list(): Promise<QueuedChange[]>;
  /** Sends every change that is due; a pass already running is joined, not doubled. */
  flush(): Promise<FlushReport>;
  /** Sends a conflicting, rejected or waiting change again, now. */
  retry(id: string): Promise<FlushReport>;
  discard(id: string): Promise<void>;
  /** Puts changes left `sending` by a closed page back in line. */
  recover(): Promise<void>;
  /** When the next waiting change is due, if any. */
  nextDueAt(): Promise<number | undefined>;
  /** Calls `listener` with the queue after each change to it; returns the function that stops it. */
  subscribe(listener: (changes: readonly QueuedChange[]) => void): () => void;
}

export function createOutbox(options: OutboxOptions): Outbox {
  const storage = options.storage ?? indexedDbStorage;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const listeners = new Set<(changes: readonly QueuedChange[]) => void>();
  let running: Promise<FlushReport> | undefined;

  async function list(): Promise<QueuedChange[]> {
    return (await storage.all()).sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
  }

  async function changed(): Promise<void> {
    if (listeners.size > 0) {
      const changes = await list();
      listeners.forEach((listener) => listener(changes));
    }
  }

  async function enqueue(change: NewChange): Promise<QueuedChange> {
    // Strictly after the newest change, so two saved in the same millisecond keep their order.
    const newest = Math.max(0, ...(await storage.all()).map((queued) => queued.createdAt));
    const createdAt = Math.max(now(), newest + 1);
    const queued: QueuedChange = {
      id: change.id ?? newIdempotencyKey(),
      method: change.method,
      path: change.path,
      ...(change.body === undefined ? {} : { body: change.body }),
      organizationId: organizationOfPath(change.path),
      summary: change.summary,
      createdAt,
      state: 'waiting',
      attempts: 0,
      nextAttemptAt: now(),
    };
    await storage.put(queued);
    await changed();
    return queued;
  }

  /** Sends one change and records the outcome; says whether the connection failed. */
  async function sendOne(change: QueuedChange, report: MutableReport): Promise<'ok' | 'offline'> {
    await storage.put({ ...change, state: 'sending' });
    await changed();
    try {
      await options.send(change);
      await storage.delete(change.id);
      report.sent += 1;
      return 'ok';
    } catch (error) {
      const attempts = change.attempts + 1;
      const later = (problem?: ProblemDetails): QueuedChange => ({
        ...withoutProblem(change),
        state: 'waiting',
        attempts,
        nextAttemptAt: now() + backoffMs(attempts, random),
        ...(problem === undefined ? {} : { problem: plainProblem(problem) }),
      });
      if (
        error instanceof ApiNetworkError ||
        error instanceof ApiTimeoutError ||
        (error instanceof ApiProblem && error.status === 401)
      ) {
        await storage.put(later());
        return 'offline';
      }
      if (error instanceof ApiProblem && error.status === 409) {
        await storage.put({ ...change, state: 'conflict', attempts, problem: plainProblem(error) });
        report.conflicts += 1;
      } else if (error instanceof ApiProblem && error.status < 500 && !TRANSIENT_STATUSES.has(error.status)) {
        await storage.put({ ...change, state: 'rejected', attempts, problem: plainProblem(error) });
        report.rejected += 1;
      } else {
        await storage.put(later(error instanceof ApiProblem ? error : undefined));
        report.retrying += 1;
      }
      return 'ok';
    } finally {
      await changed();
    }
  }

  async function pass(): Promise<FlushReport> {
    const report: MutableReport = { sent: 0, conflicts: 0, rejected: 0, retrying: 0, offline: false };
    for (const change of await list()) {
      if (change.state !== 'waiting' || change.nextAttemptAt > now()) {
        continue;
      }
      if ((await sendOne(change, report)) === 'offline') {
        report.offline = true;
        break;
      }
    }
    return report;
  }

  function flush(): Promise<FlushReport> {
    running ??= exclusively(pass).finally(() => {
      running = undefined;
    });
    return running;
  }

  async function retry(id: string): Promise<FlushReport> {
    await running?.catch(() => undefined);
    const change = (await storage.all()).find((candidate) => candidate.id === id);
    if (change !== undefined && change.state !== 'sending') {
      await storage.put({ ...withoutProblem(change), state: 'waiting', nextAttemptAt: now() });
      await changed();
    }
    return flush();
  }

  async function discard(id: string): Promise<void> {
    await running?.catch(() => undefined);
    await storage.delete(id);
    await changed();
  }

  async function recover(): Promise<void> {
    const stranded = (await storage.all()).filter((change) => change.state === 'sending');
    await Promise.all(stranded.map((change) => storage.put({ ...change, state: 'waiting' })));
    if (stranded.length > 0) {
      await changed();
    }
  }

  async function nextDueAt(): Promise<number | undefined> {
    const due = (await storage.all()).filter((change) => change.state === 'waiting').map((change) => change.nextAttemptAt);
    return due.length === 0 ? undefined : Math.min(...due);
  }

  function subscribe(listener: (changes: readonly QueuedChange[]) => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  return { enqueue, list, flush, retry, discard, recover, nextDueAt, subscribe };
}

type MutableReport = { -readonly [K in keyof FlushReport]: FlushReport[K] };

function withoutProblem(change: QueuedChange): QueuedChange {
  const { problem: _problem, ...rest } = change;
  return rest;
}

/** The problem as plain data: IndexedDB stores no class instances. */
function plainProblem(problem: ProblemDetails): ProblemDetails {
  return {
    type: problem.type,
    status: problem.status,
    code: problem.code,
    title: problem.title,
    detail: problem.detail,
    ...(problem.errors === undefined ? {} : { errors: problem.errors.map((error) => ({ ...error })) }),
  };
}

/**
 * Runs `work` while holding the outbox lock, so two tabs never send the same queue at once
 * (where the browser has Web Locks; elsewhere idempotency keys still prevent duplicates).
 */
function exclusively<T>(work: () => Promise<T>): Promise<T> {
  const locks = typeof navigator === 'undefined' ? null : (navigator as { locks?: LockManager | null }).locks;
  return locks === null || locks === undefined ? work() : locks.request('intellifin-outbox', work);
}
