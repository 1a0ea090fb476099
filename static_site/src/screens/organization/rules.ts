/**
 * The business profile as the wizard and the profile screen hold it, and the API's rules
 * for it, checked on the phone first (shared_code/organizations/model.py is the source: keep
 * the two in step). Pure: no I/O, no components.
 *
 * The form keeps every answer as text (what the person typed, so nothing is lost or
 * reformatted while they type); `toProfileBody` turns it into what the API takes, and
 * `valuesFromProfile` turns a stored profile back into form values.
 */
import type { FieldProblem } from '../../api/client';
import type { Address, BusinessProfile, BusinessType, ProfilePatch, Province } from '../../api/organizations';
import { formatDate, parseDate } from '../../format/dates';
import { t, type MessageKey, type PlainMessageKey } from './messages';

/** In the order PACRA and the other registries list them (model.py `BusinessType`). */
export const BUSINESS_TYPES: readonly BusinessType[] = [
  'sole_proprietor',
  'partnership',
  'private_ltd_shares',
  'private_ltd_guarantee',
  'private_unlimited',
  'public_ltd',
  'foreign_branch',
  'cooperative',
  'ngo',
  'society',
  'trust',
];

/** Zambia's ten provinces (model.py `Province`). */
export const PROVINCES: readonly Province[] = [
  'central',
  'copperbelt',
  'eastern',
  'luapula',
  'lusaka',
  'muchinga',
  'northern',
  'north_western',
  'southern',
  'western',
];

export const MONTHS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12'] as const;

/**
 * The thresholds the tax step explains, as they stood for 2025 and the 2026 budget
 * (../shared/reference/zambia-domain.md §1.1 and §2). Words only: nothing is decided by them,
 * but they change with each budget, so they live here and not inside the messages.
 */
export const TAX_THRESHOLDS = {
  /** Compulsory VAT registration above this turnover in any 12 months. */
  vatRegistration: 'K800,000',
  /** Turnover Tax is open to businesses up to this turnover a year. */
  turnoverTaxCeiling: 'K5,000,000',
  turnoverTaxRate: '5%',
} as const;

/** Every answer of the form, as typed. Yes/no questions are `''` until answered. */
export interface ProfileValues {
  readonly legal_name: string;
  readonly trading_name: string;
  readonly business_type: BusinessType | '';
  readonly tpin: string;
  readonly pacra_number: string;
  readonly vat_registered: YesNo;
  /** `dd/mm/yyyy` as typed. */
  readonly vat_effective_date: string;
  readonly turnover_tax: YesNo;
  readonly physical_line1: string;
  readonly physical_line2: string;
  readonly physical_town: string;
  readonly physical_province: Province | '';
  readonly physical_postal_code: string;
  readonly has_postal_address: boolean;
  readonly postal_line1: string;
  readonly postal_line2: string;
  readonly postal_town: string;
  readonly postal_province: Province | '';
  readonly postal_postal_code: string;
  readonly phone: string;
  readonly email: string;
  readonly fiscal_year_start_month: string;
}

export type YesNo = '' | 'yes' | 'no';

export type FieldName = keyof ProfileValues & string;

export const EMPTY_PROFILE: ProfileValues = {
  legal_name: '',
  trading_name: '',
  business_type: '',
  tpin: '',
  pacra_number: '',
  vat_registered: '',
  vat_effective_date: '',
  turnover_tax: '',
  physical_line1: '',
  physical_line2: '',
  physical_town: '',
  physical_province: '',
  physical_postal_code: '',
  has_postal_address: false,
  postal_line1: '',
  postal_line2: '',
  postal_town: '',
  postal_province: '',
  postal_postal_code: '',
  phone: '',
  email: '',
  fiscal_year_start_month: '1',
};

// ── The API's rules ─────────────────────────────────────────────────────────────────────

const NAME_MAX = 200;
const LINE_MAX = 200;
const TOWN_MAX = 100;

/** Spaces and dashes go, as the API strips them (`1002-345-678` is a TPIN). */
export function digitsOf(value: string): string {
  return value.replace(/[\s-]/g, '');
}

/** Runs of spaces become one, as the API stores names. */
export function singleSpaced(value: string): string {
  return value.trim().split(/\s+/).filter((word) => word !== '').join(' ');
}

/**
 * Zambian numbers, as the `phonenumbers` library's metadata for ZM describes them: nine
 * digits after +260, of one of these types.
 */
const ZAMBIAN_NUMBER_TYPES = [
  /^21[1-8]\d{6}$/, // fixed line
  /^(?:[59][5-8]|7[5-9])\d{7}$/, // mobile: Zamtel, MTN, Airtel, …
  /^800\d{6}$/, // toll free
  /^63\d{7}$/, // VoIP
];

/**
 * The E.164 form (`+260977123456`) of a Zambian phone number, or null when it is not one:
 * what the API stores (model.py `normalise_zambian_phone`). Reads `0977 123456`,
 * `+260 97 7123456`, `00260977123456`, `260977123456` and `977123456`.
 */
export function normaliseZambianPhone(raw: string): string | null {
  const trimmed = raw.trim();
  if (!/^\+?[\d\s().\-/]+$/.test(trimmed)) {
    return null;
  }
  const international = trimmed.startsWith('+');
  let digits = trimmed.replace(/\D/g, '');
  if (international) {
    if (!digits.startsWith('260')) {
      return null;
    }
    digits = digits.slice(3);
  } else if (digits.startsWith('00')) {
    if (!digits.startsWith('00260')) {
      return null;
    }
    digits = digits.slice(5);
  } else if (digits.length === 12 && digits.startsWith('260')) {
    digits = digits.slice(3);
  }
  if (digits.length === 10 && digits.startsWith('0')) {
    digits = digits.slice(1);
  }
  return ZAMBIAN_NUMBER_TYPES.some((pattern) => pattern.test(digits)) ? `+260${digits}` : null;
}

/** `+260977123456` → `+260 97 712 3456`, easier to check by eye. */
export function formatPhone(e164: string): string {
  const match = /^\+260(\d{2})(\d{3})(\d{4})$/.exec(e164);
  return match === null ? e164 : `+260 ${match[1]} ${match[2]} ${match[3]}`;
}

/** Close to what `email-validator` accepts; the server has the last word. */
const EMAIL = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/;

type Check = (values: ProfileValues) => string | null;

const requiredText =
  (name: FieldName, max: number): Check =>
  (values) => {
    const value = String(values[name]).trim();
    if (value === '') {
      return t('form.required');
    }
    return value.length > max ? t('org.error.tooLong', { max }) : null;
  };

const optionalText =
  (name: FieldName, max: number): Check =>
  (values) =>
    String(values[name]).trim().length > max ? t('org.error.tooLong', { max }) : null;

const choice =
  (name: FieldName, messageKey: PlainMessageKey): Check =>
  (values) =>
    values[name] === '' ? t(messageKey) : null;

const postalCode =
  (name: FieldName): Check =>
  (values) => {
    const value = String(values[name]).trim();
    return value === '' || /^\d{5}$/.test(value) ? null : t('org.error.postalCode');
  };

/** Checks that apply only when the business gives a separate postal address. */
const whenPostal =
  (check: Check): Check =>
  (values) =>
    values.has_postal_address ? check(values) : null;

/** Each field's check, given every answer (some depend on others). */
export const CHECKS: Readonly<Record<FieldName, Check>> = {
  legal_name: requiredText('legal_name', NAME_MAX),
  trading_name: optionalText('trading_name', NAME_MAX),
  business_type: choice('business_type', 'org.error.businessType'),
  tpin: (values) => {
    const digits = digitsOf(values.tpin);
    if (digits === '') {
      return t('form.required');
    }
    return /^\d{10}$/.test(digits) ? null : t('org.error.tpin');
  },
  pacra_number: (values) => {
    const digits = digitsOf(values.pacra_number);
    return digits === '' || /^\d{12}$/.test(digits) ? null : t('org.error.pacra');
  },
  vat_registered: choice('vat_registered', 'org.error.yesNo'),
  vat_effective_date: (values) => {
    if (values.vat_registered !== 'yes') {
      return null;
    }
    const parsed = parseDate(values.vat_effective_date);
    if (parsed.ok) {
      return null;
    }
    return parsed.error === 'empty'
      ? t('org.error.vatDate')
      : parsed.error === 'noSuchDate'
        ? t('date.noSuchDate')
        : t('date.invalid');
  },
  turnover_tax: choice('turnover_tax', 'org.error.yesNo'),
  physical_line1: requiredText('physical_line1', LINE_MAX),
  physical_line2: optionalText('physical_line2', LINE_MAX),
  physical_town: requiredText('physical_town', TOWN_MAX),
  physical_province: choice('physical_province', 'org.error.province'),
  physical_postal_code: postalCode('physical_postal_code'),
  has_postal_address: () => null,
  postal_line1: whenPostal(requiredText('postal_line1', LINE_MAX)),
  postal_line2: whenPostal(optionalText('postal_line2', LINE_MAX)),
  postal_town: whenPostal(requiredText('postal_town', TOWN_MAX)),
  postal_province: whenPostal(choice('postal_province', 'org.error.province')),
  postal_postal_code: whenPostal(postalCode('postal_postal_code')),
  phone: (values) => {
    if (values.phone.trim() === '') {
      return t('form.required');
    }
    return normaliseZambianPhone(values.phone) === null ? t('org.error.phone') : null;
  },
  email: (values) => {
    const value = values.email.trim();
    if (value === '') {
      return t('form.required');
    }
    return EMAIL.test(value) && value.length <= 254 ? null : t('org.error.email');
  },
  fiscal_year_start_month: (values) =>
    (MONTHS as readonly string[]).includes(values.fiscal_year_start_month) ? null : t('org.error.month'),
};

export type FieldErrors = Partial<Record<FieldName, string>>;

/** The problems with `fields`, in their order; empty when all are fine. */
export function checkFields(values: ProfileValues, fields: readonly FieldName[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const name of fields) {
    const problem = CHECKS[name](values);
    if (problem !== null) {
      errors[name] = problem;
    }
  }
  return errors;
}

// ── To and from the API ─────────────────────────────────────────────────────────────────

function optional(value: string): string | null {
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

function addressOf(values: ProfileValues, prefix: 'physical' | 'postal'): Address {
  const province = values[`${prefix}_province`];
  return {
    line1: values[`${prefix}_line1`].trim(),
    line2: optional(values[`${prefix}_line2`]),
    town: values[`${prefix}_town`].trim(),
    // Checked before sending: an empty province never gets here.
    province: province === '' ? 'lusaka' : province,
    postal_code: optional(values[`${prefix}_postal_code`]),
  };
}

/** The profile as `POST /api/v1/organizations` takes it; call only once every field is valid. */
export function toProfileBody(values: ProfileValues): BusinessProfile {
  const vatDate = parseDate(values.vat_effective_date);
  const pacra = digitsOf(values.pacra_number);
  return {
    legal_name: singleSpaced(values.legal_name),
    trading_name: values.trading_name.trim() === '' ? null : singleSpaced(values.trading_name),
    business_type: values.business_type === '' ? 'sole_proprietor' : values.business_type,
    tpin: digitsOf(values.tpin),
    pacra_number: pacra === '' ? null : pacra,
    vat_registered: values.vat_registered === 'yes',
    vat_effective_date: values.vat_registered === 'yes' && vatDate.ok ? vatDate.iso : null,
    turnover_tax: values.turnover_tax === 'yes',
    physical_address: addressOf(values, 'physical'),
    postal_address: values.has_postal_address ? addressOf(values, 'postal') : null,
    phone: normaliseZambianPhone(values.phone) ?? values.phone.trim(),
    email: values.email.trim(),
    fiscal_year_start_month: Number(values.fiscal_year_start_month),
    base_currency: 'ZMW',
  };
}

/** Only what differs from `stored`: a PATCH changes nothing else (and audits only that). */
export function profileChanges(stored: BusinessProfile, values: ProfileValues): ProfilePatch {
  const next = toProfileBody(values);
  const changes: Record<string, unknown> = {};
  for (const key of Object.keys(next) as (keyof BusinessProfile)[]) {
    if (key === 'base_currency') {
      continue;
    }
    const before = stored[key] ?? null;
    const after = next[key] ?? null;
    if (JSON.stringify(normalisedForComparison(before)) !== JSON.stringify(normalisedForComparison(after))) {
      changes[key] = after;
    }
  }
  return changes as ProfilePatch;
}

/** Addresses compared field by field whatever order the keys came in, absent = null. */
function normalisedForComparison(value: unknown): unknown {
  if (value === null || typeof value !== 'object') {
    return value ?? null;
  }
  const record = value as Record<string, unknown>;
  return Object.fromEntries(
    Object.keys(record)
      .sort()
      .map((key) => [key, record[key] ?? null]),
  );
}

/** A stored profile as form values (for editing it). */
export function valuesFromProfile(profile: BusinessProfile): ProfileValues {
  const postal = profile.postal_address ?? null;
  return {
    legal_name: profile.legal_name,
    trading_name: profile.trading_name ?? '',
    business_type: profile.business_type,
    tpin: profile.tpin,
    pacra_number: profile.pacra_number ?? '',
    vat_registered: profile.vat_registered ? 'yes' : 'no',
    vat_effective_date: profile.vat_effective_date == null ? '' : formatDate(profile.vat_effective_date),
    turnover_tax: profile.turnover_tax ? 'yes' : 'no',
    physical_line1: profile.physical_address.line1,
    physical_line2: profile.physical_address.line2 ?? '',
    physical_town: profile.physical_address.town,
    physical_province: profile.physical_address.province,
    physical_postal_code: profile.physical_address.postal_code ?? '',
    has_postal_address: postal !== null,
    postal_line1: postal?.line1 ?? '',
    postal_line2: postal?.line2 ?? '',
    postal_town: postal?.town ?? '',
    postal_province: postal?.province ?? '',
    postal_postal_code: postal?.postal_code ?? '',
    phone: profile.phone,
    email: profile.email,
    fiscal_year_start_month: String(profile.fiscal_year_start_month),
  };
}

// ── Server field errors onto the form ───────────────────────────────────────────────────

/** The API's field paths (`physical_address.town`) → the form's field names. */
const SERVER_FIELDS: Readonly<Record<string, FieldName>> = {
  legal_name: 'legal_name',
  trading_name: 'trading_name',
  business_type: 'business_type',
  tpin: 'tpin',
  pacra_number: 'pacra_number',
  vat_registered: 'vat_registered',
  vat_effective_date: 'vat_effective_date',
  turnover_tax: 'turnover_tax',
  physical_address: 'physical_line1',
  'physical_address.line1': 'physical_line1',
  'physical_address.line2': 'physical_line2',
  'physical_address.town': 'physical_town',
  'physical_address.province': 'physical_province',
  'physical_address.postal_code': 'physical_postal_code',
  postal_address: 'postal_line1',
  'postal_address.line1': 'postal_line1',
  'postal_address.line2': 'postal_line2',
  'postal_address.town': 'postal_town',
  'postal_address.province': 'postal_province',
  'postal_address.postal_code': 'postal_postal_code',
  phone: 'phone',
  email: 'email',
  fiscal_year_start_month: 'fiscal_year_start_month',
};

/** Messages in the person's language for refusals whose meaning the field makes plain. */
const SERVER_MESSAGES: Partial<Record<FieldName, MessageKey>> = {
  tpin: 'org.error.tpin',
  pacra_number: 'org.error.pacra',
  phone: 'org.error.phone',
  email: 'org.error.email',
  business_type: 'org.error.businessType',
  physical_province: 'org.error.province',
  postal_province: 'org.error.province',
  physical_postal_code: 'org.error.postalCode',
  postal_postal_code: 'org.error.postalCode',
  vat_effective_date: 'org.error.vatDate',
};

/** Codes whose message is the server's own, already specific (a configured TPIN format, a locked TPIN). */
const SERVER_OWN_MESSAGE_CODES = new Set(['tpin_rejected', 'tpin_locked']);

/** The form's field for a server field path; errors on the whole body name the field in words. */
export function fieldOfProblem(problem: FieldProblem): FieldName | null {
  const direct = SERVER_FIELDS[problem.field] ?? SERVER_FIELDS[problem.field.replace(/^body\./, '')];
  if (direct !== undefined) {
    return direct;
  }
  // A rule across fields (pydantic's model validator) is reported on the body as a whole,
  // its message naming the field: "vat_effective_date is required when …".
  const named = Object.keys(SERVER_FIELDS).find((path) => !path.includes('.') && problem.message.includes(path));
  return named === undefined ? null : (SERVER_FIELDS[named] ?? null);
}

/** A server field problem in words, in the person's language where the field says what it means. */
export function messageOfProblem(problem: FieldProblem, field: FieldName | null): string {
  if (problem.code === 'missing') {
    return t('form.required');
  }
  if (problem.code === 'string_too_long') {
    return t('form.tooLong');
  }
  const key = field === null || SERVER_OWN_MESSAGE_CODES.has(problem.code) ? undefined : SERVER_MESSAGES[field];
  return key === undefined ? problem.message || t('form.invalid') : t(key as PlainMessageKey);
}

/** Splits a problem's field errors into the form's fields and the rest. */
export function mapServerErrors(errors: readonly FieldProblem[]): { fieldErrors: FieldErrors; otherErrors: string[] } {
  const fieldErrors: FieldErrors = {};
  const otherErrors: string[] = [];
  for (const problem of errors) {
    const field = fieldOfProblem(problem);
    const message = messageOfProblem(problem, field);
    if (field === null) {
      otherErrors.push(message);
    } else {
      fieldErrors[field] ??= message;
    }
  }
  return { fieldErrors, otherErrors };
}

// ── Words for the answers ───────────────────────────────────────────────────────────────

export function businessTypeName(type: BusinessType): string {
  return t(`org.businessType.${type}` as PlainMessageKey);
}

export function provinceName(province: Province): string {
  return t(`org.province.${province}` as PlainMessageKey);
}

export function monthName(month: string | number): string {
  return t(`org.month.${month}` as PlainMessageKey);
}

/** The tax set-up the chart of accounts will follow (model.py `tax_mode`). */
export function taxModeKey(values: ProfileValues): PlainMessageKey {
  if (values.vat_registered === 'yes' && values.turnover_tax === 'yes') {
    return 'org.taxMode.both';
  }
  return values.vat_registered === 'yes' ? 'org.taxMode.vat' : 'org.taxMode.turnoverTax';
}
