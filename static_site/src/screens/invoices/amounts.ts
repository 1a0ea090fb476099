/**
 * Amounts and quantities of invoices, as text and `bigint`, never floating point.
 *
 * The API sends a document's ZRA amounts with 4 decimals (`"116.0000"`) and what a customer
 * owes with 2 (`"116.00"`). Quantities and unit prices may have up to 4 decimals (ZRA's
 * limit); a discount is a percentage with up to 2.
 */
import { currencyOf, formatMoney, fromWire, parseMoney } from '../../format/money';

/**
 * A wire amount as people read it: `K1,160.00`, `USD 12.50`; an amount with more decimals
 * than the currency has (a ZRA line amount such as `"0.4138"`) keeps them, never rounded here.
 */
export function formatAmount(wire: string, currency: string): string {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(wire);
  if (match === null) {
    return wire;
  }
  const digits = currencyOf(currency).minorDigits;
  const fraction = (match[3] ?? '').replace(/0+$/, '');
  if (fraction.length <= digits) {
    return formatMoney(fromWire(`${match[1]}${match[2]}.${fraction || '0'}`, currency), currency);
  }
  const whole = formatMoney(BigInt(`${match[1]}${match[2]}`) * 10n ** BigInt(digits), currency);
  // `K1,234.00` with its figure's decimals replaced by all of the amount's.
  return `${whole.slice(0, whole.length - digits)}${fraction}`;
}

/** A wire amount in the currency's minor units; amounts with more decimals are refused. */
export function minorOf(wire: string, currency: string): bigint {
  return fromWire(wire, currency);
}

/** Why a typed quantity, price or percentage cannot be read. */
export type NumberError = 'empty' | 'invalid' | 'tooManyDecimals' | 'negative';

export type NumberParse = { readonly ok: true; readonly wire: string } | { readonly ok: false; readonly error: NumberError };

const GROUPED = /^(?:\d{1,3}(?:,\d{3})+|\d+)$/;

/**
 * A number as a person types it (`1,250.5`, `2`, `0.125`) as the API's decimal string
 * (`"1250.5"`), with at most `decimals` places; more are refused, never rounded away.
 */
export function parseDecimal(text: string, decimals: number): NumberParse {
  const trimmed = text.trim();
  if (trimmed === '') {
    return { ok: false, error: 'empty' };
  }
  if (trimmed.startsWith('-')) {
    return { ok: false, error: 'negative' };
  }
  const match = /^([\d,]*)(?:\.(\d*))?$/.exec(trimmed);
  const whole = match?.[1] ?? '';
  const fraction = (match?.[2] ?? '').replace(/0+$/, '');
  if (match === null || (whole === '' && (match[2] ?? '') === '') || (whole !== '' && !GROUPED.test(whole))) {
    return { ok: false, error: 'invalid' };
  }
  if (fraction.length > decimals) {
    return { ok: false, error: 'tooManyDecimals' };
  }
  const integer = (whole.replace(/,/g, '') || '0').replace(/^0+(?=\d)/, '');
  return { ok: true, wire: fraction === '' ? integer : `${integer}.${fraction}` };
}

/** Whether a decimal string is zero. */
export function isZero(wire: string): boolean {
  return /^-?0*(\.0*)?$/.test(wire);
}

/** A typed amount of money in minor units, or null when it is not one (empty included). */
export function typedMinor(text: string, currency: string): bigint | null {
  const parsed = parseMoney(text, currency);
  return parsed.ok ? parsed.minor : null;
}
