/** A fresh in-memory IndexedDB for each test (fake-indexeddb), and the app's handle closed. */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { vi } from 'vitest';
import { closeDatabase } from '../offline/db';

export async function freshIndexedDb(): Promise<void> {
  await closeDatabase();
  vi.stubGlobal('indexedDB', new IDBFactory());
  vi.stubGlobal('IDBKeyRange', IDBKeyRange);
}
