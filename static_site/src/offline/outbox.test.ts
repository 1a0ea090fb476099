import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiNetworkError, ApiProblem, ApiTimeoutError, type ProblemDetails } from '../api/client';
import { freshIndexedDb } from '../test/indexedDb';
import { backoffMs, BACKOFF_BASE_MS, BACKOFF_MAX_MS, createOutbox, indexedDbStorage, type QueuedChange } from './outbox';

beforeEach(freshIndexedDb);

function problem(status: number, code: string, extra: Partial<ProblemDetails> = {}): ApiProblem {
  return new ApiProblem({ type: `urn:intellifin:problem:${code}`, status, code, title: code, detail: null, ...extra });
}

/** An outbox on a fake clock whose server answers each path as `answers` says (2xx when absent). */
function outboxWith(answers: Record<string, () => Promise<unknown>> = {}) {
  let clock = Date.parse('2026-03-14T09:00:00Z');
  const sent: QueuedChange[] = [];
  const outbox = createOutbox({
    send: async (change) => {
      sent.push(change);
      return (answers[change.path] ?? (async () => ({ ok: true })))();
    },
    now: () => clock,
    random: () => 0.5,
  });
  return {
    outbox,
    sent,
    sentPaths: () => sent.map((change) => change.path),
    advance: (ms: number) => {
      clock += ms;
    },
  };
}

/** Queues one POST per path, a millisecond apart so their order is certain. */
async function queue(subject: ReturnType<typeof outboxWith>, ...paths: string[]): Promise<QueuedChange[]> {
  const queued: QueuedChange[] = [];
  for (const path of paths) {
    queued.push(await subject.outbox.enqueue({ method: 'POST', path, body: { path }, summary: `Save ${path}` }));
    subject.advance(1);
  }
  return queued;
}

const failWith = (error: unknown) => async () => {
  throw error;
};

describe('queueing a change', () => {
  it('keeps it in IndexedDB, waiting, with a fresh idempotency key', async () => {
    const subject = outboxWith();
    const [change] = await queue(subject, '/api/v1/invoices');

    const stored = await indexedDbStorage.all();

    expect(stored).toEqual([change]);
    expect(change?.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(change).toMatchObject({ method: 'POST', path: '/api/v1/invoices', state: 'waiting', attempts: 0 });
    expect(change?.body).toEqual({ path: '/api/v1/invoices' });
  });

  it('keeps the key a change was already sent with', async () => {
    const { outbox } = outboxWith();

    const change = await outbox.enqueue({ id: 'key-1', method: 'PUT', path: '/api/v1/x', summary: 'x' });

    expect(change.id).toBe('key-1');
  });

  it('keeps the order of changes saved in the same millisecond', async () => {
    const { outbox } = outboxWith();
    for (const path of ['/api/v1/a', '/api/v1/b', '/api/v1/c', '/api/v1/d']) {
      await outbox.enqueue({ method: 'POST', path, summary: path });
    }

    expect((await outbox.list()).map((change) => change.path)).toEqual(['/api/v1/a', '/api/v1/b', '/api/v1/c', '/api/v1/d']);
  });

  it('survives the page closing: another outbox on the same database finds it', async () => {
    await queue(outboxWith(), '/api/v1/a', '/api/v1/b');

    const reopened = outboxWith();

    expect((await reopened.outbox.list()).map((change) => change.path)).toEqual(['/api/v1/a', '/api/v1/b']);
  });
});

describe('sending the queue', () => {
  it('sends every change, oldest first, and forgets those the server accepted', async () => {
    const subject = outboxWith();
    await queue(subject, '/api/v1/a', '/api/v1/b', '/api/v1/c');

    const report = await subject.outbox.flush();

    expect(subject.sentPaths()).toEqual(['/api/v1/a', '/api/v1/b', '/api/v1/c']);
    expect(report).toEqual({ sent: 3, conflicts: 0, rejected: 0, retrying: 0, offline: false });
    expect(await subject.outbox.list()).toEqual([]);
  });

  it('keeps a conflict for review and still sends the changes after it', async () => {
    const subject = outboxWith({ '/api/v1/b': failWith(problem(409, 'conflict', { detail: 'Changed by Mwila.' })) });
    const [, second] = await queue(subject, '/api/v1/a', '/api/v1/b', '/api/v1/c');

    const report = await subject.outbox.flush();

    expect(subject.sentPaths()).toEqual(['/api/v1/a', '/api/v1/b', '/api/v1/c']);
    expect(report).toMatchObject({ sent: 2, conflicts: 1 });
    const [kept] = await subject.outbox.list();
    expect(kept).toMatchObject({ id: second?.id, state: 'conflict', attempts: 1 });
    expect(kept?.problem).toMatchObject({ status: 409, code: 'conflict', detail: 'Changed by Mwila.' });
  });

  it('keeps a rejected change with the reasons for each field, and sends the rest', async () => {
    const errors = [{ field: 'customer_tpin', code: 'invalid_tpin', message: 'A TPIN has 10 digits.' }];
    const subject = outboxWith({ '/api/v1/a': failWith(problem(422, 'validation_failed', { errors })) });
    await queue(subject, '/api/v1/a', '/api/v1/b');

    const report = await subject.outbox.flush();

    expect(report).toMatchObject({ sent: 1, rejected: 1 });
    const [kept] = await subject.outbox.list();
    expect(kept).toMatchObject({ path: '/api/v1/a', state: 'rejected' });
    expect(kept?.problem?.errors).toEqual(errors);
  });

  it('does not send conflicts or rejected changes again by itself', async () => {
    const subject = outboxWith({ '/api/v1/a': failWith(problem(409, 'conflict')) });
    await queue(subject, '/api/v1/a');
    await subject.outbox.flush();
    subject.advance(BACKOFF_MAX_MS * 10);

    await subject.outbox.flush();

    expect(subject.sentPaths()).toEqual(['/api/v1/a']);
  });

  it.each([500, 503, 408, 429])('tries again later, with backoff, after a %i, and sends the rest meanwhile', async (status) => {
    let failures = 2;
    const subject = outboxWith({
      '/api/v1/a': async () => {
        if (failures-- > 0) {
          throw problem(status, 'unavailable');
        }
        return {};
      },
    });
    await queue(subject, '/api/v1/a', '/api/v1/b');

    expect(await subject.outbox.flush()).toMatchObject({ sent: 1, retrying: 1 });
    const [waiting] = await subject.outbox.list();
    expect(waiting).toMatchObject({ state: 'waiting', attempts: 1 });

    await subject.outbox.flush();
    expect(subject.sentPaths()).toEqual(['/api/v1/a', '/api/v1/b']);

    subject.advance(backoffMs(1, () => 0.5));
    await subject.outbox.flush();
    expect((await subject.outbox.list())[0]).toMatchObject({ attempts: 2 });

    subject.advance(backoffMs(2, () => 0.5));
    expect(await subject.outbox.flush()).toMatchObject({ sent: 1 });
    expect(await subject.outbox.list()).toEqual([]);
  });

  it.each([
    ['the network fails', new ApiNetworkError()],
    ['the answer takes too long', new ApiTimeoutError(15_000)],
    ['the session has ended (401)', problem(401, 'unauthenticated')],
  ])('stops the pass when %s: the change is not at fault', async (_case, error) => {
    const subject = outboxWith({ '/api/v1/b': failWith(error) });
    await queue(subject, '/api/v1/a', '/api/v1/b', '/api/v1/c');

    const report = await subject.outbox.flush();

    expect(report).toMatchObject({ sent: 1, offline: true });
    expect(subject.sentPaths()).toEqual(['/api/v1/a', '/api/v1/b']);
    expect((await subject.outbox.list()).map((change) => [change.path, change.state, change.attempts])).toEqual([
      ['/api/v1/b', 'waiting', 1],
      ['/api/v1/c', 'waiting', 0],
    ]);
  });

  it('sends each change once when passes are asked for at the same time', async () => {
    const subject = outboxWith();
    await queue(subject, '/api/v1/a', '/api/v1/b');

    await Promise.all([subject.outbox.flush(), subject.outbox.flush(), subject.outbox.flush()]);

    expect(subject.sentPaths()).toEqual(['/api/v1/a', '/api/v1/b']);
  });

  it('sends a change with the same idempotency key every time', async () => {
    let first = true;
    const subject = outboxWith({
      '/api/v1/a': async () => {
        if (first) {
          first = false;
          throw new ApiNetworkError();
        }
        return {};
      },
    });
    const [change] = await queue(subject, '/api/v1/a');
    await subject.outbox.flush();
    subject.advance(BACKOFF_MAX_MS);

    await subject.outbox.flush();

    expect(subject.sent.map((sent) => sent.id)).toEqual([change?.id, change?.id]);
  });
});

describe('reviewing a change', () => {
  it('sends a conflicting change again on retry, and forgets it once accepted', async () => {
    let conflict = true;
    const subject = outboxWith({
      '/api/v1/a': async () => {
        if (conflict) {
          conflict = false;
          throw problem(409, 'conflict');
        }
        return {};
      },
    });
    const [change] = await queue(subject, '/api/v1/a');
    await subject.outbox.flush();

    const report = await subject.outbox.retry(change?.id ?? '');

    expect(report.sent).toBe(1);
    expect(await subject.outbox.list()).toEqual([]);
  });

  it('sends a waiting change at once on retry, without waiting for its backoff', async () => {
    let failures = 1;
    const subject = outboxWith({
      '/api/v1/a': async () => {
        if (failures-- > 0) {
          throw problem(503, 'unavailable');
        }
        return {};
      },
    });
    const [change] = await queue(subject, '/api/v1/a');
    await subject.outbox.flush();

    await subject.outbox.retry(change?.id ?? '');

    expect(await subject.outbox.list()).toEqual([]);
  });

  it('discards a change without sending it', async () => {
    const subject = outboxWith({ '/api/v1/a': failWith(problem(422, 'validation_failed')) });
    const [change] = await queue(subject, '/api/v1/a', '/api/v1/b');
    await subject.outbox.flush();

    await subject.outbox.discard(change?.id ?? '');

    expect(await subject.outbox.list()).toEqual([]);
    expect(subject.sentPaths()).toEqual(['/api/v1/a', '/api/v1/b']);
  });

  it('tells subscribers about every change to the queue', async () => {
    const subject = outboxWith();
    const seen: string[][] = [];
    const stop = subject.outbox.subscribe((changes) => seen.push(changes.map((change) => `${change.path}:${change.state}`)));

    await queue(subject, '/api/v1/a');
    await subject.outbox.flush();
    stop();
    await queue(subject, '/api/v1/b');

    expect(seen).toEqual([['/api/v1/a:waiting'], ['/api/v1/a:sending'], []]);
  });
});

describe('recovering after the page closed mid-send', () => {
  it('puts changes left "sending" back in line', async () => {
    const subject = outboxWith();
    const [change] = await queue(subject, '/api/v1/a');
    await indexedDbStorage.put({ ...(change as QueuedChange), state: 'sending' });

    await subject.outbox.recover();
    await subject.outbox.flush();

    expect(subject.sentPaths()).toEqual(['/api/v1/a']);
  });

  it('says when the next waiting change is due', async () => {
    const subject = outboxWith({ '/api/v1/a': failWith(problem(503, 'unavailable')) });
    expect(await subject.outbox.nextDueAt()).toBeUndefined();
    await queue(subject, '/api/v1/a');
    const before = Date.parse('2026-03-14T09:00:00Z') + 1;

    await subject.outbox.flush();

    expect(await subject.outbox.nextDueAt()).toBe(before + backoffMs(1, () => 0.5));
  });
});

describe('backoffMs', () => {
  it('doubles from about 2 s up to about 5 min, with jitter', () => {
    expect(backoffMs(1, () => 0)).toBe(BACKOFF_BASE_MS / 2);
    expect(backoffMs(1, () => 1)).toBe(BACKOFF_BASE_MS);
    expect(backoffMs(3, () => 1)).toBe(BACKOFF_BASE_MS * 4);
    expect(backoffMs(30, () => 1)).toBe(BACKOFF_MAX_MS);
    expect(backoffMs(30, () => 0)).toBe(BACKOFF_MAX_MS / 2);
  });
});

describe('the Web Locks API', () => {
  it('holds the outbox lock while sending, where the browser has it', async () => {
    const request = vi.fn(async (_name: string, work: () => Promise<unknown>) => work());
    vi.stubGlobal('navigator', { ...navigator, locks: { request } });
    const subject = outboxWith();
    await queue(subject, '/api/v1/a');

    await subject.outbox.flush();

    expect(request).toHaveBeenCalledWith('intellifin-outbox', expect.any(Function));
    expect(subject.sentPaths()).toEqual(['/api/v1/a']);
  });
});
