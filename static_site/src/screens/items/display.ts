/** How items read on these screens: kinds, tax categories, levies, units and prices in words. */
import type { ItemKind, Levy, TaxCategory } from '../../api/items';
import { formatMoney, fromWire, HOME_CURRENCY } from '../../format/money';
import { isPlainMessageKey, t, type PlainMessageKey } from './messages';

export function itemKindLabel(kind: ItemKind): string {
  return t(kind === 'goods' ? 'items.kind.goods' : 'items.kind.service');
}

/** `A · Standard rated (16%)`. */
export function categoryLabel(category: TaxCategory): string {
  return t(`items.category.${category}`);
}

/** What the category means for the price and the invoice, in plain words. */
export function categoryExplanation(category: TaxCategory): string | null {
  const key = `items.explain.${category}`;
  return isPlainMessageKey(key) ? t(key) : null;
}

export function levyLabel(levy: Levy | ''): string {
  return t(levy === '' ? 'items.levy.none' : `items.levy.${levy}`);
}

/** A ZRA code with its name where these screens know it (`KG · Kilogram`), else the code. */
export function codeLabel(family: 'unit' | 'packaging', code: string): string {
  const key = `items.${family}.${code}`;
  return isPlainMessageKey(key) ? t(key as PlainMessageKey) : code;
}

/** `K116.00 incl. VAT`; a price with finer decimals than ngwee as the API wrote it. */
export function priceLabel(amount: string, includesVat: boolean): string {
  let price: string;
  try {
    price = formatMoney(fromWire(amount, HOME_CURRENCY), HOME_CURRENCY);
  } catch {
    price = `${HOME_CURRENCY} ${amount}`;
  }
  return t(includesVat ? 'items.inclusive' : 'items.exclusive', { price });
}

/** The server's field codes in the person's language, where these screens know them. */
export const ITEM_FIELD_CODES: Readonly<Record<string, PlainMessageKey>> = {
  code_invalid: 'items.error.code',
  item_code_taken: 'items.error.codeTaken',
  name_invalid: 'items.error.name',
  classification_invalid: 'items.error.classification',
  rrp_required: 'items.error.rrpRequired',
  price_invalid: 'items.error.price',
  service_not_stocked: 'items.error.serviceStocked',
  unit_invalid: 'items.error.unit',
  account_not_income: 'items.error.accountNotIncome',
  account_not_found: 'items.error.accountNotFound',
};
