/**
 * Recent answers from the API, kept on the phone so a screen can show them offline.
 *
 * Each kind of data has a typed key with a time to live: a copy older than that is never
 * shown. A screen shows the saved copy first, then the fresh answer when it arrives, and says
 * how old a copy is when it cannot get a fresh one (`useResource`).
 */
import { clearStore, deleteRecord, getAllRecords, getRecord, putRecord } from './db';

/** Names one kind of saved data and, through its type parameter, what it holds. */
export interface RecentKey<T> {
  readonly name: string;
  /** How long a copy may be shown after it was saved. */
  readonly ttlMs: number;
  /** Only carries `T`; never set. */
  readonly __type?: T;
}

export function recentKey<T>(name: string, ttlMs: number): RecentKey<T> {
  return { name, ttlMs };
}

interface RecentRecord {
  readonly key: string;
  readonly value: unknown;
  readonly savedAt: number;
  readonly expiresAt: number;
}

export interface SavedCopy<T> {
  readonly value: T;
  readonly savedAt: Date;
}

export async function saveRecent<T>(key: RecentKey<T>, value: T, now: number = Date.now()): Promise<void> {
  const record: RecentRecord = { key: key.name, value, savedAt: now, expiresAt: now + key.ttlMs };
  await putRecord('recent', record);
}

/** The saved copy, unless there is none or it has expired (then it is deleted). */
export async function readRecent<T>(key: RecentKey<T>, now: number = Date.now()): Promise<SavedCopy<T> | undefined> {
  const record = await getRecord<RecentRecord>('recent', key.name);
  if (record === undefined) {
    return undefined;
  }
  if (record.expiresAt <= now) {
    await deleteRecord('recent', key.name);
    return undefined;
  }
  return { value: record.value as T, savedAt: new Date(record.savedAt) };
}

/** Deletes every expired copy, so that the store does not grow without end. */
export async function pruneRecent(now: number = Date.now()): Promise<number> {
  const expired = (await getAllRecords<RecentRecord>('recent')).filter((record) => record.expiresAt <= now);
  await Promise.all(expired.map((record) => deleteRecord('recent', record.key)));
  return expired.length;
}

/** Deletes every saved copy: on sign-out, so the next person on a shared phone sees none. */
export function clearRecent(): Promise<void> {
  return clearStore('recent');
}
