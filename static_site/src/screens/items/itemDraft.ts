/**
 * An item being typed: the checks made on the phone before sending (the API's rules in
 * `shared_code/sales/model.py`, `item_problems`, which has the last word), and the body the
 * API takes. Prices are read with `parseMoney` into `bigint` ngwee and sent with `toWire`.
 * Pure: no session, no API.
 */
import type { Item, ItemBody, ItemKind, Levy, TaxCategory } from '../../api/items';
import { moneyError } from '../../components/MoneyInput';
import { formatMoney, fromWire, HOME_CURRENCY, parseMoney, toWire } from '../../format/money';
import { singleSpaced } from '../organization/rules';
import { t } from './messages';

export type PriceBasis = 'inclusive' | 'exclusive';

export interface ItemValues {
  readonly kind: ItemKind;
  readonly code: string;
  readonly name: string;
  readonly classificationCode: string;
  readonly unitCode: string;
  readonly packagingCode: string;
  readonly taxCategory: TaxCategory;
  readonly rrp: string;
  /** `''` for none. */
  readonly levy: Levy | '';
  readonly defaultPrice: string;
  readonly priceBasis: PriceBasis;
  /** `''` for the chart's sales account. */
  readonly incomeAccountId: string;
  readonly stockTracked: boolean;
  /** Where the goods come from: ZRA's `orgnNatCd`, a two-letter ISO country code. */
  readonly originCountry: string;
}

/** The server's field names where they differ from the form's. */
export const ITEM_FIELD_NAMES = {
  classification_code: 'classificationCode',
  unit_code: 'unitCode',
  packaging_code: 'packagingCode',
  tax_category: 'taxCategory',
  default_price: 'defaultPrice',
  price_includes_vat: 'priceBasis',
  income_account_id: 'incomeAccountId',
  stock_tracked: 'stockTracked',
  origin_country: 'originCountry',
} as const satisfies Readonly<Record<string, keyof ItemValues>>;

/** Common ZRA quantity units (code class 10); an item saved with another keeps it. */
export const UNIT_CODES = ['U', 'EA', 'KG', 'GRM', 'LTR', 'MTR', 'M2', 'M3', 'TNE', 'BX', 'BG', 'PA', 'DZ', 'SET', 'PR', 'KWT', 'D', 'hr'] as const;
/** Common ZRA packaging units (code class 17). */
export const PACKAGING_CODES = ['NT', 'BX', 'BG', 'CT', 'PACK', 'BA', 'BE', 'DR', 'CA', 'BOTT', 'TRAY', 'BULK'] as const;

const NAME_MAX = 200;
const CODE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,49}$/;
const CLASSIFICATION = /^[0-9]{8,10}$/;

/** Prices are kept and typed in kwacha and ngwee. */
const CURRENCY = HOME_CURRENCY;

/** A price from the API (`"116.0000"`) as the field shows it (`116.00`); one with finer decimals as written. */
function priceText(amount: string | null): string {
  if (amount === null) {
    return '';
  }
  try {
    return formatMoney(fromWire(amount, CURRENCY), CURRENCY, 'none');
  } catch {
    return amount;
  }
}

export function itemValues(item: Item | null): ItemValues {
  return {
    kind: item?.kind ?? 'goods',
    code: item?.code ?? '',
    name: item?.name ?? '',
    classificationCode: item?.classification_code ?? '',
    unitCode: item?.unit_code ?? 'U',
    packagingCode: item?.packaging_code ?? 'NT',
    taxCategory: item?.tax_category ?? 'A',
    rrp: priceText(item?.rrp ?? null),
    levy: item?.levy ?? '',
    defaultPrice: item === null ? '' : priceText(item.default_price),
    priceBasis: item === null || item.price_includes_vat ? 'inclusive' : 'exclusive',
    incomeAccountId: item?.income_account_id ?? '',
    stockTracked: item?.stock_tracked ?? false,
    originCountry: item?.origin_country ?? 'ZM',
  };
}

export function codeError(value: string): string | null {
  const code = value.trim();
  if (code === '') {
    return t('form.required');
  }
  return CODE.test(code) ? null : t('items.error.code');
}

export function nameError(value: string): string | null {
  const name = singleSpaced(value);
  if (name === '') {
    return t('form.required');
  }
  return name.length > NAME_MAX ? t('items.error.name') : null;
}

export function classificationError(value: string): string | null {
  const code = value.trim();
  return code === '' || CLASSIFICATION.test(code) ? null : t('items.error.classification');
}

export function countryError(value: string): string | null {
  return /^[A-Za-z]{2}$/.test(value.trim()) ? null : t('items.error.origin');
}

export function priceError(value: string): string | null {
  return moneyError(value, CURRENCY);
}

/** Every problem that needs more than one field, by field (the RRP of a B item, stock of a service). */
export function crossFieldErrors(values: ItemValues): Partial<Record<keyof ItemValues, string>> {
  const errors: Partial<Record<keyof ItemValues, string>> = {};
  if (values.taxCategory === 'B') {
    const rrp = moneyError(values.rrp, CURRENCY);
    if (rrp !== null) {
      errors.rrp = values.rrp.trim() === '' ? t('items.error.rrpRequired') : rrp;
    }
  }
  if (values.stockTracked && values.kind === 'service') {
    errors.stockTracked = t('items.error.serviceStocked');
  }
  return errors;
}

function wire(text: string): string {
  const parsed = parseMoney(text, CURRENCY);
  if (!parsed.ok) {
    throw new RangeError(`not a price: ${text}`);
  }
  return toWire(parsed.minor, CURRENCY);
}

/** The API's body for the values (already checked). */
export function itemBody(values: ItemValues): ItemBody {
  const classification = values.classificationCode.trim();
  return {
    code: values.code.trim(),
    name: singleSpaced(values.name),
    kind: values.kind,
    classification_code: classification === '' ? null : classification,
    unit_code: values.unitCode,
    packaging_code: values.packagingCode,
    tax_category: values.taxCategory,
    levy: values.levy === '' ? null : values.levy,
    rrp: values.taxCategory === 'B' ? wire(values.rrp) : null,
    default_price: wire(values.defaultPrice),
    price_includes_vat: values.priceBasis === 'inclusive',
    income_account_id: values.incomeAccountId === '' ? null : values.incomeAccountId,
    stock_tracked: values.kind === 'goods' && values.stockTracked,
    origin_country: values.originCountry.trim().toUpperCase(),
  };
}
