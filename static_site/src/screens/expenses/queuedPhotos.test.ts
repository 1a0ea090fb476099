import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse } from '../../test/dom';
import { fakeApi, ORG_ID } from '../../test/fakeApi';
import { freshIndexedDb } from '../../test/indexedDb';
import { outbox } from '../../offline/sync';
import { keepPhoto, sendWaitingPhotos } from './queuedPhotos';
import { purchase, receipt } from './testing';

const ORG = `/api/v1/orgs/${ORG_ID}`;

beforeEach(freshIndexedDb);
afterEach(() => vi.restoreAllMocks());

describe('photos of expenses saved offline', () => {
  it('wait while their expense is queued, then follow it once, under the same idempotency key', async () => {
    const api = fakeApi({
      [`POST ${ORG}/expenses`]: () => jsonResponse(purchase('exp-5'), 201),
      [`POST ${ORG}/expenses/exp-5/receipts`]: () => jsonResponse(receipt('rec-5'), 201),
    });
    const change = await outbox.enqueue({ method: 'POST', path: `${ORG}/expenses`, body: { lines: [] }, summary: 'A new expense' });
    await keepPhoto(ORG_ID, change, new Blob(['jpeg'], { type: 'image/jpeg' }), 'slip.jpg');

    expect(await sendWaitingPhotos(ORG_ID)).toBe(0);
    expect(api.calls(`POST ${ORG}/expenses`)).toHaveLength(0);

    await outbox.discard(change.id); // as if sent: no longer in the outbox
    expect(await sendWaitingPhotos(ORG_ID)).toBe(1);
    expect(api.calls(`POST ${ORG}/expenses`)[0]?.headers.get('Idempotency-Key')).toBe(change.id);
    expect(api.calls(`POST ${ORG}/expenses/exp-5/receipts`)).toHaveLength(1);

    expect(await sendWaitingPhotos(ORG_ID)).toBe(0);
    expect(api.calls(`POST ${ORG}/expenses/exp-5/receipts`)).toHaveLength(1);
  });

  it('keeps a photo whose upload failed, for the next pass', async () => {
    const api = fakeApi({ [`POST ${ORG}/expenses`]: () => jsonResponse(purchase('exp-6'), 201) });
    const change = await outbox.enqueue({ method: 'POST', path: `${ORG}/expenses`, body: { lines: [] }, summary: 'A new expense' });
    await keepPhoto(ORG_ID, change, new Blob(['jpeg']), 'slip.jpg');
    await outbox.discard(change.id);
    expect(await sendWaitingPhotos(ORG_ID)).toBe(0);
    api.on(`POST ${ORG}/expenses/exp-6/receipts`, () => jsonResponse(receipt('rec-6'), 201));
    expect(await sendWaitingPhotos(ORG_ID)).toBe(1);
  });
});
