import { beforeEach, describe, expect, it } from 'vitest';
import { freshIndexedDb } from '../test/indexedDb';
import { outbox } from './sync';
import { closeDatabase } from './db';
import { clearRecent, forgetOrganizationsExcept, pruneRecent, readRecent, recentKey, saveRecent } from './recent';

beforeEach(freshIndexedDb);

const HOUR = 3_600_000;
const LUSAKA_TRADERS = 'a1111111-1111-4111-8111-111111111111';
const MWILA_FARM = 'b2222222-2222-4222-8222-222222222222';
const invoices = recentKey<{ readonly number: string; readonly total: bigint }[]>('invoices.recent', LUSAKA_TRADERS, 24 * HOUR);
const customers = recentKey<string[]>('customers', LUSAKA_TRADERS, HOUR);
const savedAt = Date.parse('2026-03-14T09:00:00Z');

describe('recent data', () => {
  it('gives back what was saved, with when it was saved, amounts as bigint included', async () => {
    await saveRecent(invoices, [{ number: 'INV-0042', total: 116000n }], savedAt);

    expect(await readRecent(invoices, savedAt + HOUR)).toEqual({
      value: [{ number: 'INV-0042', total: 116000n }],
      savedAt: new Date(savedAt),
    });
  });

  it('has nothing for a key never saved', async () => {
    expect(await readRecent(customers)).toBeUndefined();
  });

  it('never shows a copy older than its time to live, and deletes it', async () => {
    await saveRecent(customers, ['Lusaka Traders'], savedAt);

    expect(await readRecent(customers, savedAt + HOUR - 1)).toBeDefined();
    expect(await readRecent(customers, savedAt + HOUR)).toBeUndefined();
    expect(await readRecent(customers, savedAt)).toBeUndefined();
  });

  it('keeps only the latest copy under a key', async () => {
    await saveRecent(customers, ['Lusaka Traders'], savedAt);
    await saveRecent(customers, ['Lusaka Traders', 'Ndola Hardware'], savedAt + 1);

    expect((await readRecent(customers, savedAt + 2))?.value).toEqual(['Lusaka Traders', 'Ndola Hardware']);
  });

  it('prunes expired copies and keeps the rest', async () => {
    await saveRecent(customers, ['Lusaka Traders'], savedAt);
    await saveRecent(invoices, [], savedAt);

    expect(await pruneRecent(savedAt + 2 * HOUR)).toBe(1);

    expect(await readRecent(invoices, savedAt + 2 * HOUR)).toBeDefined();
  });

  it('forgets everything on clear, as at sign-out', async () => {
    await saveRecent(customers, ['Lusaka Traders'], savedAt);

    await clearRecent();

    expect(await readRecent(customers, savedAt)).toBeUndefined();
  });
});

describe('recent data of each organization', () => {
  const chartOf = (organizationId: string) => recentKey<string[]>('ledger.chart', organizationId, 24 * HOUR);
  const mailbox = recentKey<string[]>('dev.mailbox', null, 24 * HOUR);

  it("never shows one organization's copy in another, under the same name", async () => {
    await saveRecent(chartOf(LUSAKA_TRADERS), ['1150 Airtel Money'], savedAt);

    expect(await readRecent(chartOf(MWILA_FARM), savedAt)).toBeUndefined();
    await saveRecent(chartOf(MWILA_FARM), ['1160 MTN MoMo'], savedAt);
    expect((await readRecent(chartOf(LUSAKA_TRADERS), savedAt))?.value).toEqual(['1150 Airtel Money']);
    expect((await readRecent(chartOf(MWILA_FARM), savedAt))?.value).toEqual(['1160 MTN MoMo']);
  });

  it('forgets the copies of organizations the person no longer belongs to, and keeps data of none', async () => {
    await saveRecent(chartOf(LUSAKA_TRADERS), ['1150 Airtel Money'], savedAt);
    await saveRecent(chartOf(MWILA_FARM), ['1160 MTN MoMo'], savedAt);
    await saveRecent(mailbox, ['Welcome'], savedAt);

    expect(await forgetOrganizationsExcept([LUSAKA_TRADERS])).toBe(1);

    expect(await readRecent(chartOf(MWILA_FARM), savedAt)).toBeUndefined();
    expect(await readRecent(chartOf(LUSAKA_TRADERS), savedAt)).toBeDefined();
    expect(await readRecent(mailbox, savedAt)).toBeDefined();
  });
});

describe('a database saved by the previous release (version 1)', () => {
  /** Writes `recent` and `outbox` records as version 1 of the app did, then closes it. */
  async function versionOne(recent: readonly object[], changes: readonly object[]): Promise<void> {
    await closeDatabase();
    await new Promise<void>((resolve, reject) => {
      const request = indexedDB.open('intellifin', 1);
      request.onupgradeneeded = () => {
        const db = request.result;
        const recentStore = db.createObjectStore('recent', { keyPath: 'key' });
        const outboxStore = db.createObjectStore('outbox', { keyPath: 'id' });
        recent.forEach((record) => recentStore.put(record));
        changes.forEach((change) => outboxStore.put(change));
      };
      request.onsuccess = () => {
        request.result.close();
        resolve();
      };
      request.onerror = () => reject(request.error ?? new Error('could not open'));
    });
  }

  it('keeps every copy, now under its organization', async () => {
    const stored = { savedAt, expiresAt: savedAt + HOUR };
    await versionOne(
      [
        { key: `ledger.chart.${LUSAKA_TRADERS}`, value: ['1150 Airtel Money'], ...stored },
        { key: `organization.profile:${MWILA_FARM}`, value: { legal_name: 'Mwila Farm Supplies' }, ...stored },
        { key: 'dev.mailbox', value: ['Welcome'], ...stored },
      ],
      [],
    );

    expect((await readRecent(recentKey<string[]>('ledger.chart', LUSAKA_TRADERS, HOUR), savedAt))?.value).toEqual(['1150 Airtel Money']);
    expect((await readRecent(recentKey('organization.profile', MWILA_FARM, HOUR), savedAt))?.value).toEqual({ legal_name: 'Mwila Farm Supplies' });
    expect((await readRecent(recentKey('dev.mailbox', null, HOUR), savedAt))?.value).toEqual(['Welcome']);
    expect(await readRecent(recentKey('ledger.chart', MWILA_FARM, HOUR), savedAt)).toBeUndefined();
  });

  it('keeps every waiting change, each naming the organization of its path', async () => {
    const change = { body: {}, createdAt: savedAt, state: 'waiting', attempts: 0, nextAttemptAt: savedAt };
    await versionOne(
      [],
      [
        { ...change, id: 'key-1', method: 'POST', path: `/api/v1/orgs/${LUSAKA_TRADERS}/journal-entries`, summary: 'Journal entry' },
        { ...change, id: 'key-2', method: 'POST', path: '/api/v1/me/sessions', summary: 'Other' },
      ],
    );

    expect((await outbox.list()).map((queued) => [queued.id, queued.organizationId])).toEqual([
      ['key-1', LUSAKA_TRADERS],
      ['key-2', null],
    ]);
  });
});
