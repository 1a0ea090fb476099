/**
 * The business profile's fields, in the groups the wizard asks them (business, tax,
 * contact, fiscal year) and the profile screen edits them. Each input's id is
 * `${idPrefix}-${field}`, which the error summary links to.
 */
import type { ComponentChildren } from 'preact';
import { DateField } from '../../components/DateInput';
import { Field, TextField } from '../../components/Field';
import { t } from '../../i18n';
import {
  BUSINESS_TYPES,
  businessTypeName,
  formatPhone,
  MONTHS,
  monthName,
  normaliseZambianPhone,
  PROVINCES,
  provinceName,
  TAX_THRESHOLDS,
  type FieldName,
  type YesNo,
} from './rules';
import type { ProfileForm } from './useProfileForm';

export interface FieldsProps {
  readonly form: ProfileForm;
  readonly idPrefix: string;
}

/** Which fields each group holds, in the order they appear (the error summary's order). */
export const BUSINESS_FIELDS: readonly FieldName[] = ['legal_name', 'trading_name', 'business_type'];
export const TAX_FIELDS: readonly FieldName[] = ['tpin', 'pacra_number', 'vat_registered', 'vat_effective_date', 'turnover_tax'];
export const CONTACT_FIELDS: readonly FieldName[] = [
  'physical_line1',
  'physical_line2',
  'physical_town',
  'physical_province',
  'physical_postal_code',
  'has_postal_address',
  'postal_line1',
  'postal_line2',
  'postal_town',
  'postal_province',
  'postal_postal_code',
  'phone',
  'email',
];
export const SETTINGS_FIELDS: readonly FieldName[] = ['fiscal_year_start_month'];

export function BusinessFields({ form, idPrefix }: FieldsProps) {
  const text = textProps(form, idPrefix);
  return (
    <>
      <TextField {...text('legal_name')} label={t('org.field.legalName')} hint={t('org.field.legalNameHint')} autoComplete="organization" maxLength={200} />
      <TextField {...text('trading_name')} label={t('org.field.tradingName')} hint={t('org.field.tradingNameHint')} optional maxLength={200} />
      <SelectField
        form={form}
        idPrefix={idPrefix}
        name="business_type"
        label={t('org.field.businessType')}
        hint={t('org.field.businessTypeHint')}
        options={BUSINESS_TYPES.map((type) => ({ value: type, label: businessTypeName(type) }))}
      />
    </>
  );
}

export function TaxFields({ form, idPrefix, tpinNote }: FieldsProps & { readonly tpinNote?: string }) {
  const text = textProps(form, idPrefix);
  return (
    <>
      <TextField
        {...text('tpin')}
        label={t('org.field.tpin')}
        hint={tpinNote ?? t('org.field.tpinHint')}
        inputMode="numeric"
        autoComplete="off"
        maxLength={14}
      />
      <TextField {...text('pacra_number')} label={t('org.field.pacra')} hint={t('org.field.pacraHint')} optional inputMode="numeric" autoComplete="off" maxLength={16} />
      <div class="notice org-tax-note">
        <p class="notice__title">{t('org.tax.aboutTitle')}</p>
        <p>{t('org.tax.aboutVat', { threshold: TAX_THRESHOLDS.vatRegistration })}</p>
        <p>{t('org.tax.aboutTot', { ceiling: TAX_THRESHOLDS.turnoverTaxCeiling, rate: TAX_THRESHOLDS.turnoverTaxRate })}</p>
        <p>{t('org.tax.aboutBoth', { threshold: TAX_THRESHOLDS.vatRegistration, ceiling: TAX_THRESHOLDS.turnoverTaxCeiling })}</p>
      </div>
      <YesNoField form={form} idPrefix={idPrefix} name="vat_registered" label={t('org.field.vatRegistered')} />
      {form.values.vat_registered === 'yes' && (
        <DateField
          id={`${idPrefix}-vat_effective_date`}
          label={t('org.field.vatDate')}
          value={form.values.vat_effective_date}
          error={form.errors.vat_effective_date}
          onInput={(value) => form.set('vat_effective_date', value)}
          onBlur={() => form.check('vat_effective_date')}
        />
      )}
      <YesNoField form={form} idPrefix={idPrefix} name="turnover_tax" label={t('org.field.turnoverTax')} hint={t('org.field.turnoverTaxHint')} />
    </>
  );
}

export function ContactFields({ form, idPrefix }: FieldsProps) {
  const text = textProps(form, idPrefix);
  const normalised = normaliseZambianPhone(form.values.phone);
  return (
    <>
      <AddressFields form={form} idPrefix={idPrefix} kind="physical" />
      <label class="choice">
        <input
          id={`${idPrefix}-has_postal_address`}
          type="checkbox"
          checked={form.values.has_postal_address}
          onChange={(event) => form.set('has_postal_address', event.currentTarget.checked)}
        />
        {t('org.field.hasPostal')}
      </label>
      {form.values.has_postal_address && <AddressFields form={form} idPrefix={idPrefix} kind="postal" />}
      <TextField
        {...text('phone')}
        // The number as the API will store it, shown as soon as it is a Zambian number.
        onBlur={() => {
          if (normalised !== null) {
            form.set('phone', formatPhone(normalised));
          }
          form.check('phone');
        }}
        type="tel"
        inputMode="tel"
        autoComplete="tel"
        label={t('org.field.phone')}
        hint={t('org.field.phoneHint')}
        maxLength={30}
      />
      <TextField {...text('email')} type="email" inputMode="email" autoComplete="email" label={t('org.field.email')} hint={t('org.field.emailHint')} maxLength={254} />
    </>
  );
}

export function SettingsFields({ form, idPrefix }: FieldsProps) {
  return (
    <SelectField
      form={form}
      idPrefix={idPrefix}
      name="fiscal_year_start_month"
      label={t('org.field.fiscalYear')}
      hint={t('org.field.fiscalYearHint')}
      options={MONTHS.map((month) => ({ value: month, label: monthName(month) }))}
      placeholder={false}
    />
  );
}

function AddressFields({ form, idPrefix, kind }: FieldsProps & { readonly kind: 'physical' | 'postal' }) {
  const text = textProps(form, idPrefix);
  return (
    <fieldset class="field org-address">
      <legend class="field__label org-address__legend">{kind === 'physical' ? t('org.field.physicalAddress') : t('org.field.postalAddress')}</legend>
      <TextField
        {...text(`${kind}_line1`)}
        label={t('org.field.line1')}
        hint={kind === 'physical' ? t('org.field.line1Hint') : t('org.field.postalLine1Hint')}
        autoComplete={`section-${kind} address-line1`}
        maxLength={200}
      />
      <TextField {...text(`${kind}_line2`)} label={t('org.field.line2')} optional autoComplete={`section-${kind} address-line2`} maxLength={200} />
      <TextField {...text(`${kind}_town`)} label={t('org.field.town')} autoComplete={`section-${kind} address-level2`} maxLength={100} />
      <SelectField
        form={form}
        idPrefix={idPrefix}
        name={`${kind}_province`}
        label={t('org.field.province')}
        options={PROVINCES.map((province) => ({ value: province, label: provinceName(province) }))}
      />
      <TextField
        {...text(`${kind}_postal_code`)}
        label={t('org.field.postalCode')}
        hint={t('org.field.postalCodeHint')}
        optional
        inputMode="numeric"
        autoComplete={`section-${kind} postal-code`}
        maxLength={5}
      />
    </fieldset>
  );
}

type TextName = {
  [K in FieldName]: K extends 'has_postal_address' ? never : K;
}[FieldName];

/** The props every text field of the form takes: id, value, error, input and blur. */
function textProps(form: ProfileForm, idPrefix: string) {
  return (name: TextName) => ({
    id: `${idPrefix}-${name}`,
    value: String(form.values[name]),
    error: form.errors[name],
    onInput: (value: string) => form.set(name, value as never),
    onBlur: () => form.check(name),
  });
}

interface SelectFieldProps extends FieldsProps {
  readonly name: TextName;
  readonly label: string;
  readonly hint?: string;
  readonly options: readonly { readonly value: string; readonly label: string }[];
  /** A first "Choose…" option, for a question with no default answer. */
  readonly placeholder?: boolean;
}

/** A native select: every phone shows its own picker, every screen reader knows it. */
function SelectField({ form, idPrefix, name, label, hint, options, placeholder = true }: SelectFieldProps) {
  return (
    <Field id={`${idPrefix}-${name}`} label={label} hint={hint} error={form.errors[name]}>
      {(control) => (
        <select
          {...control}
          class="input"
          name={name}
          value={String(form.values[name])}
          onChange={(event) => {
            form.set(name, event.currentTarget.value as never);
            form.check(name);
          }}
        >
          {placeholder && <option value="">{t('org.field.choose')}</option>}
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

interface YesNoFieldProps extends FieldsProps {
  readonly name: 'vat_registered' | 'turnover_tax';
  readonly label: string;
  readonly hint?: string;
  readonly children?: ComponentChildren;
}

/** Yes or no as two radio buttons in a fieldset; the first one carries the field's id. */
function YesNoField({ form, idPrefix, name, label, hint }: YesNoFieldProps) {
  const id = `${idPrefix}-${name}`;
  const error = form.errors[name];
  const described = [...(hint === undefined ? [] : [`${id}-hint`]), ...(error === undefined ? [] : [`${id}-error`])];
  const choose = (value: YesNo): void => form.set(name, value);
  return (
    <fieldset
      class={error === undefined ? 'field' : 'field field--invalid'}
      aria-describedby={described.length === 0 ? undefined : described.join(' ')}
    >
      <legend class="field__label">{label}</legend>
      {hint !== undefined && (
        <p class="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error !== undefined && (
        <p class="field__error" id={`${id}-error`}>
          <span aria-hidden="true">⚠ </span>
          {error}
        </p>
      )}
      <div class="org-yes-no">
        <label class="choice">
          <input id={id} type="radio" name={id} value="yes" checked={form.values[name] === 'yes'} onChange={() => choose('yes')} />
          {t('org.answer.yes')}
        </label>
        <label class="choice">
          <input id={`${id}-no`} type="radio" name={id} value="no" checked={form.values[name] === 'no'} onChange={() => choose('no')} />
          {t('org.answer.no')}
        </label>
      </div>
    </fieldset>
  );
}
