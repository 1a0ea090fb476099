/**
 * A customer being typed: the checks made on the phone before sending (the API's rules in
 * `shared_code/sales/model.py`, `customer_problems`, which has the last word), and the body
 * the API takes. Pure: no session, no API.
 */
import type { Customer, CustomerBody, CustomerKind } from '../../api/customers';
import { HOME_CURRENCY } from '../../format/money';
import { digitsOf, formatPhone, normaliseZambianPhone, singleSpaced } from '../organization/rules';
import { t, tCount } from './messages';

export interface CustomerValues {
  readonly kind: CustomerKind;
  readonly name: string;
  readonly tpin: string;
  readonly contactPerson: string;
  readonly phone: string;
  readonly email: string;
  readonly address: string;
  readonly paymentTermsDays: string;
  readonly currency: string;
}

/** The server's field names where they differ from the form's. */
export const CUSTOMER_FIELD_NAMES = {
  contact_person: 'contactPerson',
  payment_terms_days: 'paymentTermsDays',
} as const satisfies Readonly<Record<string, keyof CustomerValues>>;

/** The currencies offered; a customer saved with another keeps it. */
export const CUSTOMER_CURRENCIES: readonly string[] = [HOME_CURRENCY, 'USD', 'ZAR', 'EUR', 'GBP', 'BWP', 'MWK', 'TZS', 'CNY'];

export const NAME_MAX = 200;
export const DEFAULT_TERMS_DAYS = 30;

export function customerValues(customer: Customer | null): CustomerValues {
  return {
    kind: customer?.kind ?? 'business',
    name: customer?.name ?? '',
    tpin: customer?.tpin ?? '',
    contactPerson: customer?.contact_person ?? '',
    phone: customer?.phone === null || customer?.phone === undefined ? '' : formatPhone(customer.phone),
    email: customer?.email ?? '',
    address: customer?.address ?? '',
    paymentTermsDays: String(customer?.payment_terms_days ?? DEFAULT_TERMS_DAYS),
    currency: customer?.currency ?? HOME_CURRENCY,
  };
}

export function nameError(value: string): string | null {
  const name = singleSpaced(value);
  if (name === '') {
    return t('form.required');
  }
  return name.length > NAME_MAX ? t('customers.error.name') : null;
}

/** A TPIN may be left out (the API asks for it only when a VAT invoice goes to a business). */
export function tpinError(value: string): string | null {
  const digits = digitsOf(value);
  return digits === '' || /^\d{10}$/.test(digits) ? null : t('customers.error.tpin');
}

/** How far the TPIN typed is from its 10 digits, said while it is typed. */
export function tpinProgress(value: string): string | null {
  const digits = digitsOf(value);
  if (digits === '') {
    return null;
  }
  if (!/^\d+$/.test(digits)) {
    return t('customers.error.tpin');
  }
  return digits.length === 10 ? t('customers.form.tpinComplete') : tCount('customers.form.tpinTyped', digits.length);
}

export function phoneError(value: string): string | null {
  return value.trim() === '' || normaliseZambianPhone(value) !== null ? null : t('customers.error.phone');
}

/** `0977123456` shown as `+260 97 712 3456` once the field is left, when it is a Zambian number. */
export function tidyPhone(value: string): string {
  const e164 = normaliseZambianPhone(value);
  return e164 === null ? value : formatPhone(e164);
}

export function emailError(value: string): string | null {
  const email = value.trim();
  return email === '' || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) ? null : t('customers.error.email');
}

export function termsError(value: string): string | null {
  const text = value.trim();
  return /^\d{1,3}$/.test(text) && Number(text) <= 365 ? null : t('customers.error.terms');
}

export function currencyError(value: string): string | null {
  return /^[A-Z]{3}$/.test(value) ? null : t('customers.error.currency');
}

const optional = (value: string): string | null => {
  const text = value.trim();
  return text === '' ? null : text;
};

/** The API's body for the values (already checked). */
export function customerBody(values: CustomerValues): CustomerBody {
  const tpin = digitsOf(values.tpin);
  const phone = values.phone.trim();
  return {
    kind: values.kind,
    name: singleSpaced(values.name),
    tpin: tpin === '' ? null : tpin,
    contact_person: optional(values.contactPerson),
    phone: phone === '' ? null : (normaliseZambianPhone(phone) ?? phone),
    email: optional(values.email),
    address: optional(values.address),
    payment_terms_days: Number(values.paymentTermsDays.trim()),
    currency: values.currency,
  };
}
