/**
 * Dates as written in Zambia: day first (`14/03/2026`) on screen, ISO-8601 on the wire
 * (`2026-03-14` for a date, an instant with its offset for a moment), and clock times in
 * Lusaka time (Africa/Lusaka, UTC+2 all year), whatever time zone the phone is set to.
 */

export const TIME_ZONE = 'Africa/Lusaka';

/** `YYYY-MM-DD`: a calendar date, as the API sends and receives it. */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The parts of `instant` on a clock in Lusaka. */
const lusakaClock = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

interface ClockParts {
  readonly year: string;
  readonly month: string;
  readonly day: string;
  readonly hour: string;
  readonly minute: string;
  readonly second: string;
}

function lusakaPartsOf(instant: Date): ClockParts {
  const parts: Record<string, string> = {};
  for (const part of lusakaClock.formatToParts(instant)) {
    parts[part.type] = part.value;
  }
  const part = (name: string): string => parts[name] ?? '00';
  return {
    year: part('year'),
    month: part('month'),
    day: part('day'),
    hour: part('hour'),
    minute: part('minute'),
    second: part('second'),
  };
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function isRealDate(year: number, month: number, day: number): boolean {
  return year >= 1000 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** `2026-03-14` → `14/03/2026`; text that is not an ISO date is shown as it is. */
export function formatDate(iso: IsoDate): string {
  const match = ISO_DATE.exec(iso);
  return match === null ? iso : `${match[3]}/${match[2]}/${match[1]}`;
}

/** Why text is not a date. */
export type DateError = 'empty' | 'invalid' | 'noSuchDate';

export type DateParse = { readonly ok: true; readonly iso: IsoDate } | { readonly ok: false; readonly error: DateError };

/**
 * Reads a date as people in Zambia type it, day first: `14/03/2026`, `14-3-2026`,
 * `14.03.2026`, `1 3 2026`, `14032026`. A pasted ISO date (`2026-03-14`) is read too. The year needs all
 * four digits: `14/03/26` would be a guess.
 */
export function parseDate(text: string): DateParse {
  const trimmed = text.trim();
  if (trimmed === '') {
    return { ok: false, error: 'empty' };
  }
  const iso = ISO_DATE.exec(trimmed);
  // Digits alone (`14032026`) suit the number pad that a date field opens on a phone.
  const dayFirst = /^(\d{1,2})[/.\- ](\d{1,2})[/.\- ](\d{4})$/.exec(trimmed) ?? /^(\d{2})(\d{2})(\d{4})$/.exec(trimmed);
  const [year, month, day] =
    iso !== null ? [iso[1], iso[2], iso[3]] : dayFirst !== null ? [dayFirst[3], dayFirst[2], dayFirst[1]] : [];
  if (year === undefined || month === undefined || day === undefined) {
    return { ok: false, error: 'invalid' };
  }
  if (!isRealDate(Number(year), Number(month), Number(day))) {
    return { ok: false, error: 'noSuchDate' };
  }
  return { ok: true, iso: `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}` };
}

function instantOf(value: string | Date): Date | null {
  const instant = typeof value === 'string' ? new Date(value) : value;
  return Number.isNaN(instant.getTime()) ? null : instant;
}

/** The calendar date in Lusaka at `instant`: what "today" means for a Zambian business. */
export function lusakaDateOf(instant: Date): IsoDate {
  const { year, month, day } = lusakaPartsOf(instant);
  return `${year}-${month}-${day}`;
}

export function todayInLusaka(now: Date = new Date()): IsoDate {
  return lusakaDateOf(now);
}

/** An instant as Lusaka date and time, `14/03/2026 11:30`; text that is not a date is shown as is. */
export function formatDateTime(value: string | Date): string {
  const instant = instantOf(value);
  if (instant === null) {
    return String(value);
  }
  const { year, month, day, hour, minute } = lusakaPartsOf(instant);
  return `${day}/${month}/${year} ${hour}:${minute}`;
}

/** The Lusaka time of day of `instant`, `11:30:05`, for "last checked" notes. */
export function formatTime(instant: Date): string {
  const { hour, minute, second } = lusakaPartsOf(instant);
  return `${hour}:${minute}:${second}`;
}
