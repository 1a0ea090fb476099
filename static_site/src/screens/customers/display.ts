/** How customers, statements and the API's refusals read on these screens. */
import { ApiProblem } from '../../api/client';
import type { CustomerKind } from '../../api/customers';
import { formatPhone } from '../organization/rules';
import { fromWire, formatMoney } from '../../format/money';
import { t, tCount, type PlainMessageKey } from './messages';

export function kindLabel(kind: CustomerKind): string {
  return t(kind === 'business' ? 'customers.kind.business' : 'customers.kind.individual');
}

export function termsLabel(days: number): string {
  return days === 0 ? t('customers.termsNow') : tCount('customers.termsDays', days);
}

/** A stored phone (`+260977123456`) as people read it; absent as a dash. */
export function phoneLabel(phone: string | null): string {
  return phone === null ? t('customers.none') : formatPhone(phone);
}

/**
 * An amount from the API in words of money (`K1,250.00`, `USD 40.00`). An amount that cannot
 * be read exactly is shown as the API wrote it, with its currency, rather than rounded.
 */
export function moneyLabel(amount: string, currency: string): string {
  try {
    return formatMoney(fromWire(amount, currency), currency);
  } catch {
    return `${currency} ${amount}`;
  }
}

/** The sign of an amount from the API, without reading it into a number. */
export function signOf(amount: string): -1 | 0 | 1 {
  if (/^-?0*(\.0*)?$/.test(amount)) {
    return 0;
  }
  return amount.startsWith('-') ? -1 : 1;
}

/** A field problem's code in the person's language, where these screens know it. */
const FIELD_CODES: Readonly<Record<string, PlainMessageKey>> = {
  name_invalid: 'customers.error.name',
  tpin_invalid: 'customers.error.tpin',
  phone_invalid: 'customers.error.phone',
  email_invalid: 'customers.error.email',
  terms_out_of_range: 'customers.error.terms',
  currency_invalid: 'customers.error.currency',
};

/** The same refusal with each field problem whose code `messageOf` knows in the person's language. */
export function withMessages(problem: ApiProblem, messageOf: (code: string) => string | undefined): ApiProblem {
  if (problem.errors === undefined) {
    return problem;
  }
  return new ApiProblem({
    type: problem.type,
    status: problem.status,
    code: problem.code,
    title: problem.title,
    detail: problem.detail,
    errors: problem.errors.map((error) => {
      const message = messageOf(error.code);
      return message === undefined ? error : { ...error, message };
    }),
  });
}

/** A customer refusal with the field problems these screens know in the person's language. */
export function inWords(problem: ApiProblem): ApiProblem {
  return withMessages(problem, (code) => {
    const key = FIELD_CODES[code];
    return key === undefined ? undefined : t(key);
  });
}
