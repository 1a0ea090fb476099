/**
 * The business profile's fields, in the groups the wizard asks them (business, tax,
 * contact, fiscal year) and the profile screen edits them. Each input is bound with
 * `form.field(name)`; its id, `${idPrefix}-${name}`, is what the error summary links to.
 */
import type { ComponentChildren } from 'preact';
import { DateField } from '../../components/DateInput';
import { TextField } from '../../components/Field';
import { SelectField, type SelectOption } from '../../components/SelectField';
import { t } from './messages';
import {
  BUSINESS_TYPES,
  businessTypeName,
  MONTHS,
  monthName,
  PROVINCES,
  provinceName,
  TAX_THRESHOLDS,
  type FieldName,
  type YesNo,
} from './rules';
import type { ProfileForm } from './useProfileForm';

export interface FieldsProps {
  readonly form: ProfileForm;
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

export function BusinessFields({ form }: FieldsProps) {
  return (
    <>
      <TextField {...form.field('legal_name')} label={t('org.field.legalName')} hint={t('org.field.legalNameHint')} autoComplete="organization" maxLength={200} />
      <TextField {...form.field('trading_name')} label={t('org.field.tradingName')} hint={t('org.field.tradingNameHint')} optional maxLength={200} />
      <ChoiceField
        form={form}
        name="business_type"
        label={t('org.field.businessType')}
        hint={t('org.field.businessTypeHint')}
        options={BUSINESS_TYPES.map((type) => ({ value: type, label: businessTypeName(type) }))}
      />
    </>
  );
}

/** `tpinLocked`: documents exist under the TPIN, so it is shown, not offered for editing. */
export function TaxFields({ form, tpinNote, tpinLocked = false }: FieldsProps & { readonly tpinNote?: string; readonly tpinLocked?: boolean }) {
  return (
    <>
      <TextField
        {...form.field('tpin')}
        label={t('org.field.tpin')}
        hint={tpinLocked ? t('org.profile.tpinLocked') : (tpinNote ?? t('org.field.tpinHint'))}
        readOnly={tpinLocked}
        inputMode="numeric"
        autoComplete="off"
        maxLength={14}
      />
      <TextField {...form.field('pacra_number')} label={t('org.field.pacra')} hint={t('org.field.pacraHint')} optional inputMode="numeric" autoComplete="off" maxLength={16} />
      <div class="notice org-tax-note">
        <p class="notice__title">{t('org.tax.aboutTitle')}</p>
        <p>{t('org.tax.aboutVat', { threshold: TAX_THRESHOLDS.vatRegistration })}</p>
        <p>{t('org.tax.aboutTot', { ceiling: TAX_THRESHOLDS.turnoverTaxCeiling, rate: TAX_THRESHOLDS.turnoverTaxRate })}</p>
        <p>{t('org.tax.aboutBoth', { threshold: TAX_THRESHOLDS.vatRegistration, ceiling: TAX_THRESHOLDS.turnoverTaxCeiling })}</p>
      </div>
      <YesNoField form={form} name="vat_registered" label={t('org.field.vatRegistered')} />
      {form.values.vat_registered === 'yes' && (
        <DateField {...form.field('vat_effective_date')} label={t('org.field.vatDate')} />
      )}
      <YesNoField form={form} name="turnover_tax" label={t('org.field.turnoverTax')} hint={t('org.field.turnoverTaxHint')} />
    </>
  );
}

export function ContactFields({ form }: FieldsProps) {
  return (
    <>
      <AddressFields form={form} kind="physical" />
      <label class="choice">
        <input
          id={form.field('has_postal_address').id}
          type="checkbox"
          checked={form.values.has_postal_address}
          onChange={(event) => form.set('has_postal_address', event.currentTarget.checked)}
        />
        {t('org.field.hasPostal')}
      </label>
      {form.values.has_postal_address && <AddressFields form={form} kind="postal" />}
      <TextField
        {...form.field('phone')}
        type="tel"
        inputMode="tel"
        autoComplete="tel"
        label={t('org.field.phone')}
        hint={t('org.field.phoneHint')}
        maxLength={30}
      />
      <TextField {...form.field('email')} type="email" inputMode="email" autoComplete="email" label={t('org.field.email')} hint={t('org.field.emailHint')} maxLength={254} />
    </>
  );
}

export function SettingsFields({ form }: FieldsProps) {
  return (
    <ChoiceField
      form={form}
      name="fiscal_year_start_month"
      label={t('org.field.fiscalYear')}
      hint={t('org.field.fiscalYearHint')}
      options={MONTHS.map((month) => ({ value: month, label: monthName(month) }))}
      placeholder={false}
    />
  );
}

function AddressFields({ form, kind }: FieldsProps & { readonly kind: 'physical' | 'postal' }) {
  return (
    <fieldset class="field org-address">
      <legend class="field__label org-address__legend">{kind === 'physical' ? t('org.field.physicalAddress') : t('org.field.postalAddress')}</legend>
      <TextField
        {...form.field(`${kind}_line1`)}
        label={t('org.field.line1')}
        hint={kind === 'physical' ? t('org.field.line1Hint') : t('org.field.postalLine1Hint')}
        autoComplete={`section-${kind} address-line1`}
        maxLength={200}
      />
      <TextField {...form.field(`${kind}_line2`)} label={t('org.field.line2')} optional autoComplete={`section-${kind} address-line2`} maxLength={200} />
      <TextField {...form.field(`${kind}_town`)} label={t('org.field.town')} autoComplete={`section-${kind} address-level2`} maxLength={100} />
      <ChoiceField
        form={form}
        name={`${kind}_province`}
        label={t('org.field.province')}
        options={PROVINCES.map((province) => ({ value: province, label: provinceName(province) }))}
      />
      <TextField
        {...form.field(`${kind}_postal_code`)}
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

interface ChoiceFieldProps extends FieldsProps {
  readonly name: TextName;
  readonly label: string;
  readonly hint?: string;
  readonly options: readonly SelectOption[];
  /** A first "Choose…" option, for a question with no default answer. */
  readonly placeholder?: boolean;
}

/** One of a list, bound to the profile form (its values are the API's own words). */
function ChoiceField({ form, name, label, hint, options, placeholder = true }: ChoiceFieldProps) {
  const { value, onInput, ...field } = form.field(name);
  return (
    <SelectField
      {...field}
      value={String(value)}
      onInput={(choice) => onInput(choice as never)}
      label={label}
      hint={hint}
      options={options}
      {...(placeholder ? { placeholder: t('org.field.choose') } : {})}
    />
  );
}

interface YesNoFieldProps extends FieldsProps {
  readonly name: 'vat_registered' | 'turnover_tax';
  readonly label: string;
  readonly hint?: string;
  readonly children?: ComponentChildren;
}

/** Yes or no as two radio buttons in a fieldset; the first one carries the field's id. */
function YesNoField({ form, name, label, hint }: YesNoFieldProps) {
  const { id } = form.field(name);
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
