import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatTime, lusakaDateOf, parseDate, todayInLusaka } from './dates';

describe('formatDate', () => {
  it('shows an ISO date day first', () => {
    expect(formatDate('2026-03-14')).toBe('14/03/2026');
    expect(formatDate('2026-12-01')).toBe('01/12/2026');
  });

  it('shows text that is not an ISO date unchanged', () => {
    expect(formatDate('soon')).toBe('soon');
  });
});

describe('parseDate', () => {
  it.each([
    ['14/03/2026', '2026-03-14'],
    ['14-03-2026', '2026-03-14'],
    ['14.3.2026', '2026-03-14'],
    ['1 3 2026', '2026-03-01'],
    ['14032026', '2026-03-14'],
    [' 01/12/2026 ', '2026-12-01'],
    ['29/02/2028', '2028-02-29'],
    ['2026-03-14', '2026-03-14'],
  ])('reads %j, day first, as %s', (text, iso) => {
    expect(parseDate(text)).toEqual({ ok: true, iso });
  });

  it.each([
    ['', 'empty'],
    ['14/03/26', 'invalid'],
    ['1432026', 'invalid'],
    ['03/14/2026', 'noSuchDate'],
    ['31/04/2026', 'noSuchDate'],
    ['29/02/2026', 'noSuchDate'],
    ['00/01/2026', 'noSuchDate'],
    ['March 14', 'invalid'],
    ['2026/03/14', 'invalid'],
  ])('refuses %j: %s', (text, error) => {
    expect(parseDate(text)).toEqual({ ok: false, error });
  });

  it('round-trips what formatDate shows', () => {
    expect(parseDate(formatDate('2026-07-09'))).toEqual({ ok: true, iso: '2026-07-09' });
  });
});

describe('Lusaka time', () => {
  it('is two hours ahead of UTC, whatever the phone is set to', () => {
    expect(formatDateTime('2026-03-14T09:30:00Z')).toBe('14/03/2026 11:30');
    expect(formatDateTime(new Date('2026-06-30T23:15:00+00:00'))).toBe('01/07/2026 01:15');
    expect(formatTime(new Date('2026-03-14T09:30:05Z'))).toBe('11:30:05');
  });

  it('decides which day it is in Lusaka', () => {
    expect(lusakaDateOf(new Date('2026-03-14T21:59:59Z'))).toBe('2026-03-14');
    expect(lusakaDateOf(new Date('2026-03-14T22:00:00Z'))).toBe('2026-03-15');
    expect(todayInLusaka(new Date('2026-12-31T22:30:00Z'))).toBe('2027-01-01');
  });

  it('shows text that is not an instant unchanged', () => {
    expect(formatDateTime('yesterday')).toBe('yesterday');
  });
});
