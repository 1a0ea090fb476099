import { describe, expect, it } from 'vitest';
import { fiscalStatusLabel, formatFiscalTime, isShownStatus } from './display';

describe("ZRA's receipt time", () => {
  it('is Lusaka wall-clock time, rearranged as the app writes times', () => {
    expect(formatFiscalTime('20260314103005')).toBe('14/03/2026 10:30:05');
  });

  it('is shown as it came when it is not ZRA’s fourteen digits', () => {
    expect(formatFiscalTime('2026-03-14')).toBe('2026-03-14');
  });
});

describe('a fiscal status', () => {
  it('is shown for documents on their way to ZRA, and not for drafts or Turnover Tax businesses', () => {
    expect(['pending', 'retrying', 'fiscalised', 'rejected'].map(isShownStatus)).toEqual([true, true, true, true]);
    expect(isShownStatus('not_issued')).toBe(false);
    expect(isShownStatus('not_required')).toBe(false);
    expect(fiscalStatusLabel('retrying')).toBe('Retrying');
  });
});
