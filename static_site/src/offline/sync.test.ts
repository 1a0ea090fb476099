import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiProblem } from '../api/client';
import { jsonResponse } from '../test/dom';
import { freshIndexedDb } from '../test/indexedDb';
import { onFlushed, outbox, saveChange, sendPendingChanges, startSync } from './sync';

let fetchMock: ReturnType<typeof vi.fn<typeof fetch>>;
let online: boolean;

beforeEach(async () => {
  await freshIndexedDb();
  fetchMock = vi.fn<typeof fetch>(async () => jsonResponse({ id: 'inv_1' }, 201));
  vi.stubGlobal('fetch', fetchMock);
  online = true;
  vi.spyOn(navigator, 'onLine', 'get').mockImplementation(() => online);
});

afterEach(() => {
  vi.useRealTimers();
});

const MEMBER = '/api/v1/orgs/{org_id}/members/{user_id}' as const;

/** Makes Bupe an accountant of Lusaka Traders: a typed write the schema describes. */
const changeRole = () =>
  saveChange('patch', MEMBER, {
    path: { org_id: 'org_1', user_id: 'user_7' },
    body: { role: 'accountant' },
    summary: 'Bupe Banda becomes an accountant',
  });

const header = (call: number, name: string): string | null =>
  new Headers(fetchMock.mock.calls[call]?.[1]?.headers).get(name);

describe('saveChange', () => {
  it('sends the change at once when online, with an idempotency key', async () => {
    const outcome = await changeRole();

    expect(outcome).toEqual({ status: 'sent', answer: { id: 'inv_1' } });
    expect(fetchMock.mock.calls[0]?.[0]).toBe('/api/v1/orgs/org_1/members/user_7');
    expect(fetchMock.mock.calls[0]?.[1]?.method).toBe('PATCH');
    expect(fetchMock.mock.calls[0]?.[1]?.body).toBe('{"role":"accountant"}');
    expect(header(0, 'Idempotency-Key')).toMatch(/^[0-9a-f-]{36}$/);
    expect(await outbox.list()).toEqual([]);
  });

  it('keeps the change in the outbox when offline, without trying the network', async () => {
    online = false;

    const outcome = await changeRole();

    expect(outcome.status).toBe('queued');
    expect(fetchMock).not.toHaveBeenCalled();
    expect(await outbox.list()).toMatchObject([
      {
        method: 'PATCH',
        path: '/api/v1/orgs/org_1/members/user_7',
        body: { role: 'accountant' },
        summary: 'Bupe Banda becomes an accountant',
        state: 'waiting',
      },
    ]);
  });

  it('keeps the change, under the key it was sent with, when the network fails', async () => {
    fetchMock.mockRejectedValueOnce(new TypeError('Failed to fetch'));

    const outcome = await changeRole();

    expect(outcome.status).toBe('queued');
    expect((await outbox.list())[0]?.id).toBe(header(0, 'Idempotency-Key'));
  });

  it('lets a refusal through to the form, and queues nothing', async () => {
    fetchMock.mockResolvedValueOnce(
      jsonResponse(
        { type: 'about:blank', status: 422, code: 'validation_failed', title: 'The request is not valid.' },
        422,
        'application/problem+json',
      ),
    );

    await expect(changeRole()).rejects.toBeInstanceOf(ApiProblem);
    expect(await outbox.list()).toEqual([]);
  });
});

describe('sending saved changes', () => {
  it('sends each with its idempotency key and JSON body, and reports the pass', async () => {
    const change = await outbox.enqueue({ method: 'PATCH', path: '/api/v1/invoices/1', body: { note: 'Paid' }, summary: 'x' });
    const reports: unknown[] = [];
    const stop = onFlushed((report) => reports.push(report));

    await sendPendingChanges();
    stop();

    expect(fetchMock.mock.calls[0]?.[1]?.method).toBe('PATCH');
    expect(fetchMock.mock.calls[0]?.[1]?.body).toBe('{"note":"Paid"}');
    expect(header(0, 'Idempotency-Key')).toBe(change.id);
    expect(reports).toEqual([{ sent: 1, conflicts: 0, rejected: 0, retrying: 0, offline: false }]);
  });

  it('reports a pass once when several callers start it together (the connection and the session both)', async () => {
    await outbox.enqueue({ method: 'POST', path: '/api/v1/invoices', body: {}, summary: 'x' });
    const reports: unknown[] = [];
    const stop = onFlushed((report) => reports.push(report));

    await Promise.all([sendPendingChanges(), sendPendingChanges()]);
    await sendPendingChanges();
    stop();

    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(reports).toEqual([
      { sent: 1, conflicts: 0, rejected: 0, retrying: 0, offline: false },
      { sent: 0, conflicts: 0, rejected: 0, retrying: 0, offline: false },
    ]);
  });

  it('starts sending when the connection comes back', async () => {
    online = false;
    const stop = startSync();
    await outbox.enqueue({ method: 'POST', path: '/api/v1/invoices', body: {}, summary: 'x' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fetchMock).not.toHaveBeenCalled();

    online = true;
    window.dispatchEvent(new Event('online'));

    await vi.waitFor(async () => expect(await outbox.list()).toEqual([]));
    expect(fetchMock).toHaveBeenCalledTimes(1);
    stop();
  });
});
