import { describe, expect, it } from 'vitest';

import { assetsMissedByTheWorker } from './register';

function resource(path: string, workerStart: number): PerformanceEntry {
  return { name: new URL(path, window.location.origin).href, entryType: 'resource', workerStart } as unknown as PerformanceEntry;
}

describe('assetsMissedByTheWorker', () => {
  it('names the build assets the page loaded without the worker, and only those', () => {
    const entries = [
      resource('/assets/MailboxScreen-abc.js', 0),
      resource('/assets/index-def.js', 12.5),
      resource('/api/v1/me', 0),
      { name: 'https://elsewhere.example/assets/x.js', entryType: 'resource', workerStart: 0 } as unknown as PerformanceEntry,
      { name: 'first-contentful-paint', entryType: 'paint' } as unknown as PerformanceEntry,
    ];
    expect(assetsMissedByTheWorker(entries)).toEqual([new URL('/assets/MailboxScreen-abc.js', window.location.origin).href]);
  });
});
