/**
 * The app's IndexedDB database, through a handful of promise helpers: no library, since
 * the app needs only get, put, delete and list on two stores.
 *
 * - `recent`: copies of recent API answers, readable offline (`recent.ts`), each keyed by
 *   the organization it belongs to.
 * - `outbox`: changes saved offline, waiting to be sent (`outbox.ts`), each naming its
 *   organization.
 *
 * Version 2 added the organization to every record; opening a version 1 database upgrades
 * what it holds (`keys.ts`), so nothing saved offline is lost on the way.
 */
import { organizationOfPath, upgradeRecent, type VersionOneRecent } from './keys';

const DB_NAME = 'intellifin';
const DB_VERSION = 2;

export type StoreName = 'recent' | 'outbox';

let opening: Promise<IDBDatabase> | undefined;

function promised<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });
}

/** The open database, created or upgraded on first use; rejects where IndexedDB is missing. */
export function openDatabase(): Promise<IDBDatabase> {
  if (opening === undefined) {
    opening = new Promise<IDBDatabase>((resolve, reject) => {
      if (typeof indexedDB === 'undefined') {
        reject(new Error('IndexedDB is not available'));
        return;
      }
      const request = indexedDB.open(DB_NAME, DB_VERSION);
      request.onupgradeneeded = (event) => {
        const db = request.result;
        if (!db.objectStoreNames.contains('recent')) {
          db.createObjectStore('recent', { keyPath: 'key' });
        }
        if (!db.objectStoreNames.contains('outbox')) {
          db.createObjectStore('outbox', { keyPath: 'id' });
        }
        const upgrade = request.transaction;
        if (event.oldVersion === 1 && upgrade !== null) {
          upgradeFromVersionOne(upgrade);
        }
      };
      request.onsuccess = () => {
        const db = request.result;
        // A newer release in another tab upgrades the database: let it, and reopen later.
        db.onversionchange = () => {
          db.close();
          opening = undefined;
        };
        resolve(db);
      };
      request.onerror = () => reject(request.error ?? new Error('IndexedDB could not be opened'));
      request.onblocked = () => reject(new Error('IndexedDB is blocked by another tab'));
    }).catch((error: unknown) => {
      opening = undefined;
      throw error;
    });
  }
  return opening;
}

/** Gives every version 1 record its organization, inside the upgrade's own transaction. */
function upgradeFromVersionOne(upgrade: IDBTransaction): void {
  const recent = upgrade.objectStore('recent');
  recent.getAll().onsuccess = (event) => {
    for (const record of (event.target as IDBRequest<VersionOneRecent[]>).result) {
      recent.delete(record.key);
      recent.put(upgradeRecent(record));
    }
  };
  const outbox = upgrade.objectStore('outbox');
  outbox.getAll().onsuccess = (event) => {
    for (const change of (event.target as IDBRequest<{ readonly path: string }[]>).result) {
      outbox.put({ ...change, organizationId: organizationOfPath(change.path) });
    }
  };
}

/** Runs one request on `store` in its own transaction and resolves when that commits. */
async function run<T>(store: StoreName, mode: IDBTransactionMode, make: (objects: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await openDatabase();
  const transaction = db.transaction(store, mode);
  const result = promised(make(transaction.objectStore(store)));
  const committed = new Promise<void>((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => reject(transaction.error ?? new Error('IndexedDB transaction failed'));
    transaction.onabort = () => reject(transaction.error ?? new Error('IndexedDB transaction aborted'));
  });
  const [value] = await Promise.all([result, committed]);
  return value;
}

export function getRecord<T>(store: StoreName, key: string): Promise<T | undefined> {
  return run(store, 'readonly', (objects) => objects.get(key) as IDBRequest<T | undefined>);
}

export function getAllRecords<T>(store: StoreName): Promise<T[]> {
  return run(store, 'readonly', (objects) => objects.getAll() as IDBRequest<T[]>);
}

export async function putRecord<T>(store: StoreName, record: T): Promise<void> {
  await run(store, 'readwrite', (objects) => objects.put(record));
}

export async function deleteRecord(store: StoreName, key: string): Promise<void> {
  await run(store, 'readwrite', (objects) => objects.delete(key));
}

export async function clearStore(store: StoreName): Promise<void> {
  await run(store, 'readwrite', (objects) => objects.clear());
}

/** Closes the database and forgets it; for tests that start from an empty one. */
export async function closeDatabase(): Promise<void> {
  const db = await opening?.catch(() => undefined);
  db?.close();
  opening = undefined;
}
