/**
 * Receipt photos of expenses saved offline (issue #16 point 6). The outbox carries JSON
 * changes only, so the photo waits beside it on this phone (IndexedDB, the `recent` store),
 * under the queued change's id, which is also the expense's `Idempotency-Key`.
 *
 * Once the outbox has sent the expense (the change is gone from it), the same request is
 * made again with the same key: the API answers with the draft it already saved (a retry
 * returns the first draft), so the photo is attached to that expense, and to it only. A photo
 * whose expense was refused stays until that change is discarded.
 */
import { api } from '../../api/client';
import { uploadReceipt } from '../../api/purchases';
import type { QueuedChange } from '../../offline/outbox';
import { readRecent, recentKey, saveRecent, type RecentKey } from '../../offline/recent';
import { outbox } from '../../offline/sync';

export interface WaitingPhoto {
  readonly changeId: string;
  readonly path: string;
  readonly body: unknown;
  /** The photo's bytes (an ArrayBuffer clones into IndexedDB everywhere; a Blob not in every engine). */
  readonly bytes: ArrayBuffer;
  readonly type: string;
  readonly fileName: string;
}

const KEEP_MS = 30 * 24 * 60 * 60 * 1000;

const keyFor = (orgId: string): RecentKey<readonly WaitingPhoto[]> => recentKey('expenses.waiting-photos', orgId, KEEP_MS);

async function waiting(orgId: string): Promise<readonly WaitingPhoto[]> {
  return (await readRecent(keyFor(orgId)))?.value ?? [];
}

/** Keeps the photo of the expense in `change` until the outbox has sent the expense. */
export async function keepPhoto(orgId: string, change: QueuedChange, photo: Blob, fileName: string): Promise<void> {
  const photos = await waiting(orgId);
  await saveRecent(keyFor(orgId), [...photos, { changeId: change.id, path: change.path, body: change.body, bytes: await photo.arrayBuffer(), type: photo.type, fileName }]);
}

let running: Promise<number> | null = null;

/** Attaches every photo whose expense has been sent; the number attached. One pass at a time. */
export function sendWaitingPhotos(orgId: string): Promise<number> {
  running ??= attach(orgId).finally(() => {
    running = null;
  });
  return running;
}

async function attach(orgId: string): Promise<number> {
  const photos = await waiting(orgId);
  if (photos.length === 0) {
    return 0;
  }
  const queued = new Set((await outbox.list()).map((change) => change.id));
  const kept: WaitingPhoto[] = [];
  let sent = 0;
  for (const photo of photos) {
    if (queued.has(photo.changeId)) {
      kept.push(photo);
      continue;
    }
    try {
      const expense = await api.request<{ readonly id: string }>(photo.path, { method: 'POST', body: photo.body, headers: { 'Idempotency-Key': photo.changeId } });
      await uploadReceipt(orgId, expense.id, new Blob([photo.bytes], { type: photo.type }), photo.fileName);
      sent += 1;
    } catch {
      // No connection, or refused: tried again on the next pass.
      kept.push(photo);
    }
  }
  await saveRecent(keyFor(orgId), kept);
  return sent;
}
