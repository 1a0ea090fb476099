/** How the ledger screens show amounts, balances and account kinds. */
import { formatMoney, fromWire, HOME_CURRENCY } from '../../format/money';
import { isPlainMessageKey, t } from './messages';

/** The API's decimal string in ngwee; the ledger is in kwacha (one currency for now). */
export function ngwee(wire: string): bigint {
  return fromWire(wire, HOME_CURRENCY);
}

/** `"1234.50"` → `K1,234.50`. */
export function kwacha(minor: bigint): string {
  return formatMoney(minor, HOME_CURRENCY);
}

/** A debit or credit column: the amount, or nothing for zero, so the other side stands out. */
export function sideAmount(wire: string | null | undefined): string {
  if (wire === null || wire === undefined) {
    return '';
  }
  const minor = ngwee(wire);
  return minor === 0n ? '' : kwacha(minor);
}

/**
 * A balance (debit minus credit) as accountants write it: `K1,200.00 Dr` or `K350.00 Cr`,
 * so its side is said in words, never by a minus sign or a colour alone.
 */
export function balanceText(minor: bigint): string {
  if (minor === 0n) {
    return kwacha(0n);
  }
  return minor > 0n ? t('ledger.balanceDebit', { amount: kwacha(minor) }) : t('ledger.balanceCredit', { amount: kwacha(-minor) });
}

export function balanceOf(wire: string): string {
  return balanceText(ngwee(wire));
}

export function typeLabel(type: string): string {
  const key = `ledger.type.${type}`;
  return isPlainMessageKey(key) ? t(key) : type;
}

export function subtypeLabel(subtype: string): string {
  const key = `ledger.subtype.${subtype}`;
  if (isPlainMessageKey(key)) {
    return t(key);
  }
  const words = subtype.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** What kind of document an entry records (`source_type`), in words. */
export function sourceLabel(source: string): string {
  const key = `ledger.source.${source}`;
  if (isPlainMessageKey(key)) {
    return t(key);
  }
  const words = source.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
