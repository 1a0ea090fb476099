/**
 * Recent answers from the API, kept on the phone so a screen can show them offline, each
 * under the organization it belongs to: one organization's copy is never shown in another.
 *
 * Each kind of data has a typed key with a time to live: a copy older than that is never
 * shown. A screen shows the saved copy first, then the fresh answer when it arrives, and says
 * how old a copy is when it cannot get a fresh one (`useResource`).
 */
import { clearStore, deleteRecord, getAllRecords, getRecord, putRecord } from './db';
import { recentStoreKey, type ScopedRecent } from './keys';

/** Names one kind of saved data, whose organization it is, and (by its type parameter) what it holds. */
export interface RecentKey<T> {
  readonly name: string;
  /** The organization the data belongs to; null for data of none (the dev mailbox, a draft). */
  readonly organizationId: string | null;
  /** How long a copy may be shown after it was saved. */
  readonly ttlMs: number;
  /** Only carries `T`; never set. */
  readonly __type?: T;
}

/** The key of `name` in organization `organizationId` (null: the data belongs to no organization). */
export function recentKey<T>(name: string, organizationId: string | null, ttlMs: number): RecentKey<T> {
  return { name, organizationId, ttlMs };
}

type RecentRecord = ScopedRecent;

const storeKeyOf = (key: RecentKey<unknown>): string => recentStoreKey(key.organizationId, key.name);

export interface SavedCopy<T> {
  readonly value: T;
  readonly savedAt: Date;
}

export async function saveRecent<T>(key: RecentKey<T>, value: T, now: number = Date.now()): Promise<void> {
  const record: RecentRecord = {
    key: storeKeyOf(key),
    organizationId: key.organizationId,
    name: key.name,
    value,
    savedAt: now,
    expiresAt: now + key.ttlMs,
  };
  await putRecord('recent', record);
}

/** The saved copy, unless there is none or it has expired (then it is deleted). */
export async function readRecent<T>(key: RecentKey<T>, now: number = Date.now()): Promise<SavedCopy<T> | undefined> {
  const record = await getRecord<RecentRecord>('recent', storeKeyOf(key));
  if (record === undefined) {
    return undefined;
  }
  if (record.expiresAt <= now) {
    await deleteRecord('recent', record.key);
    return undefined;
  }
  return { value: record.value as T, savedAt: new Date(record.savedAt) };
}

/** Deletes the copy under `key`, if there is one. */
export function deleteRecent(key: RecentKey<unknown>): Promise<void> {
  return deleteRecord('recent', storeKeyOf(key));
}

/** Deletes every expired copy, so that the store does not grow without end. */
export async function pruneRecent(now: number = Date.now()): Promise<number> {
  const expired = (await getAllRecords<RecentRecord>('recent')).filter((record) => record.expiresAt <= now);
  await Promise.all(expired.map((record) => deleteRecord('recent', record.key)));
  return expired.length;
}

/**
 * Deletes the copies of every organization not in `kept`: the person is no longer a member
 * (or the organization is being deleted), so its data no longer belongs on this phone.
 */
export async function forgetOrganizationsExcept(kept: readonly string[]): Promise<number> {
  const gone = (await getAllRecords<RecentRecord>('recent')).filter(
    (record) => record.organizationId !== null && !kept.includes(record.organizationId),
  );
  await Promise.all(gone.map((record) => deleteRecord('recent', record.key)));
  return gone.length;
}

/** Deletes every saved copy: on sign-out, so the next person on a shared phone sees none. */
export function clearRecent(): Promise<void> {
  return clearStore('recent');
}
