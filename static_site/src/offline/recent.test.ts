import { beforeEach, describe, expect, it } from 'vitest';
import { freshIndexedDb } from '../test/indexedDb';
import { clearRecent, pruneRecent, readRecent, recentKey, saveRecent } from './recent';

beforeEach(freshIndexedDb);

const HOUR = 3_600_000;
const invoices = recentKey<{ readonly number: string; readonly total: bigint }[]>('invoices.recent', 24 * HOUR);
const customers = recentKey<string[]>('customers', HOUR);
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
