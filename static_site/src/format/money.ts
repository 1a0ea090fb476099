/**
 * Money as Zambian businesses write it, without floating point anywhere.
 *
 * An amount is a whole number of minor units (ngwee for the kwacha: 100 ngwee = K1) held
 * in a `bigint`. The API sends and receives amounts as decimal strings (`"1234.50"`), which
 * Python reads as `Decimal`; `fromWire` and `toWire` convert without ever making a `number`.
 *
 * Display follows Zambian practice: the kwacha sign "K" straight before the figure
 * (`K1,234.50`) or the ISO code and a space (`ZMW 1,234.50`), a comma between thousands and
 * a point before the ngwee. Other currencies show their ISO code (`USD 1,234.50`).
 */

export interface Currency {
  /** ISO 4217 code. */
  readonly code: string;
  /** Digits after the decimal point: 2 for the kwacha (ngwee). */
  readonly minorDigits: number;
  /** The local sign, when people write one instead of the code. */
  readonly sign?: string;
}

/**
 * Currencies the app knows. The kwacha is the home currency; the others are those a Zambian
 * business most often invoices or pays in. An unknown code is shown with 2 decimals.
 */
const CURRENCIES: Readonly<Record<string, Currency>> = {
  ZMW: { code: 'ZMW', minorDigits: 2, sign: 'K' },
  USD: { code: 'USD', minorDigits: 2 },
  EUR: { code: 'EUR', minorDigits: 2 },
  GBP: { code: 'GBP', minorDigits: 2 },
  ZAR: { code: 'ZAR', minorDigits: 2 },
  BWP: { code: 'BWP', minorDigits: 2 },
  MWK: { code: 'MWK', minorDigits: 2 },
  TZS: { code: 'TZS', minorDigits: 2 },
  CNY: { code: 'CNY', minorDigits: 2 },
  JPY: { code: 'JPY', minorDigits: 0 },
};

export const HOME_CURRENCY = 'ZMW';

export function currencyOf(code: string): Currency {
  const upper = code.toUpperCase();
  return CURRENCIES[upper] ?? { code: upper, minorDigits: 2 };
}

/** How an amount is shown: with the local sign (`K1.00`), the ISO code (`ZMW 1.00`), or bare. */
export type MoneyDisplay = 'sign' | 'code' | 'none';

/** `1234` ngwee as `1,234.00`-style text with the currency's decimals. */
function groupedFigure(minor: bigint, currency: Currency): string {
  const digits = (minor < 0n ? -minor : minor).toString().padStart(currency.minorDigits + 1, '0');
  const whole = digits.slice(0, digits.length - currency.minorDigits);
  const fraction = digits.slice(digits.length - currency.minorDigits);
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return currency.minorDigits === 0 ? grouped : `${grouped}.${fraction}`;
}

/**
 * An amount in minor units as people read it: `K1,234.50`, `-K1,234.50`, `ZMW 1,234.50`,
 * `USD 12.00`. `display: 'sign'` falls back to the code for a currency without a sign.
 */
export function formatMoney(minor: bigint, currencyCode: string, display: MoneyDisplay = 'sign'): string {
  const currency = currencyOf(currencyCode);
  const figure = groupedFigure(minor, currency);
  const minus = minor < 0n ? '-' : '';
  if (display === 'none') {
    return minus + figure;
  }
  if (display === 'sign' && currency.sign !== undefined) {
    return `${minus}${currency.sign}${figure}`;
  }
  return `${minus}${currency.code} ${figure}`;
}

/** Why text is not an amount. */
export type AmountError = 'empty' | 'invalid' | 'tooManyDecimals' | 'negative';

export type AmountParse = { readonly ok: true; readonly minor: bigint } | { readonly ok: false; readonly error: AmountError };

/** Thousands written `1,234,567` or `1 234 567`, or not grouped at all. */
const WHOLE = /^(?:\d{1,3}(?:,\d{3})+|\d{1,3}(?: \d{3})+|\d+)$/;

/**
 * Reads an amount as a person types it: `1,234.50`, `1234.5`, `K 1,234.50`, `ZMW1234`,
 * `-50`, `(50.00)`. Commas group thousands and the point starts the ngwee, as in Zambia;
 * more decimals than the currency has are refused, never rounded away.
 */
export function parseMoney(text: string, currencyCode: string, options: { allowNegative?: boolean } = {}): AmountParse {
  const currency = currencyOf(currencyCode);
  let rest = text.trim().replace(/\u00a0|\u202f/g, ' ');
  if (rest === '') {
    return { ok: false, error: 'empty' };
  }
  let negative = false;
  if (/^\(.*\)$/.test(rest)) {
    negative = true;
    rest = rest.slice(1, -1).trim();
  }
  if (rest.startsWith('-')) {
    negative = !negative;
    rest = rest.slice(1).trim();
  }
  rest = withoutCurrencyMark(rest, currency);
  if (!negative && rest.startsWith('-')) {
    negative = true;
    rest = rest.slice(1).trim();
  }
  const match = /^([\d, ]*)(?:\.(\d*))?$/.exec(rest);
  const whole = match?.[1] ?? '';
  const fraction = match?.[2] ?? '';
  if (match === null || (whole === '' && fraction === '') || (whole !== '' && !WHOLE.test(whole))) {
    return { ok: false, error: 'invalid' };
  }
  const significantFraction = fraction.replace(/0+$/, '');
  if (significantFraction.length > currency.minorDigits) {
    return { ok: false, error: 'tooManyDecimals' };
  }
  const minor = BigInt((whole.replace(/[, ]/g, '') || '0') + significantFraction.padEnd(currency.minorDigits, '0'));
  if (negative && minor !== 0n && options.allowNegative !== true) {
    return { ok: false, error: 'negative' };
  }
  return { ok: true, minor: negative ? -minor : minor };
}

/** `K 12`, `ZK12`, `ZMW 12`, `12 ZMW` → `12`, for the currency being entered. */
function withoutCurrencyMark(text: string, currency: Currency): string {
  const marks = [currency.code, ...(currency.sign === undefined ? [] : [currency.sign, `Z${currency.sign}`])];
  for (const mark of marks.sort((a, b) => b.length - a.length)) {
    const upper = text.toUpperCase();
    if (upper.startsWith(mark.toUpperCase())) {
      return text.slice(mark.length).trim();
    }
    if (upper.endsWith(mark.toUpperCase())) {
      return text.slice(0, text.length - mark.length).trim();
    }
  }
  return text;
}

/** Minor units as the API's decimal string: `123450n` → `"1234.50"` for the kwacha. */
export function toWire(minor: bigint, currencyCode: string): string {
  return formatMoney(minor, currencyCode, 'none').replace(/,/g, '');
}

/**
 * The API's decimal string as minor units: `"1234.5"` → `123450n`. Throws on anything
 * else, and on decimals the currency does not have: an answer that cannot be read exactly
 * must not be shown as if it were.
 */
export function fromWire(amount: string, currencyCode: string): bigint {
  const currency = currencyOf(currencyCode);
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(amount);
  if (match === null) {
    throw new RangeError(`not a decimal amount: ${JSON.stringify(amount)}`);
  }
  const fraction = (match[3] ?? '').replace(/0+$/, '');
  if (fraction.length > currency.minorDigits) {
    throw new RangeError(`${amount} has more decimals than ${currency.code} allows`);
  }
  const minor = BigInt((match[2] ?? '0') + fraction.padEnd(currency.minorDigits, '0'));
  return match[1] === '-' ? -minor : minor;
}
