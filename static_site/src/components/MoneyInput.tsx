import { currencyOf, formatMoney, parseMoney } from '../format/money';
import { t } from '../i18n';
import { Field } from './Field';

interface MoneyFieldProps {
  readonly id: string;
  readonly label: string;
  /** What the person typed; read it with `parseMoney`. */
  readonly value: string;
  readonly currency: string;
  readonly onInput: (value: string) => void;
  readonly onBlur?: () => void;
  readonly hint?: string;
  readonly error?: string | null | undefined;
  readonly optional?: boolean;
}

/**
 * An amount field: the currency's sign or code before the figure, a keyboard with a decimal
 * point on phones, and the figure tidied to `1,234.50` when the field is left. The value stays
 * text until `parseMoney` reads it into minor units: no floating point on the way.
 */
export function MoneyField({ value, currency, onInput, onBlur, ...field }: MoneyFieldProps) {
  const currencyId = `${field.id}-currency`;
  const mark = currencyOf(currency).sign ?? currencyOf(currency).code;
  const tidy = (): void => {
    const parsed = parseMoney(value, currency, { allowNegative: true });
    if (parsed.ok) {
      onInput(formatMoney(parsed.minor, currency, 'none'));
    }
    onBlur?.();
  };
  return (
    <Field {...field} describedBy={[currencyId]}>
      {(control) => (
        <div class="money-input">
          <span class="money-input__currency" id={currencyId} title={currencyOf(currency).code}>
            {mark}
          </span>
          <input
            {...control}
            class="input money-input__input"
            type="text"
            name={field.id}
            inputMode="decimal"
            autocomplete="off"
            spellcheck={false}
            value={value}
            onInput={(event) => onInput(event.currentTarget.value)}
            onBlur={tidy}
          />
        </div>
      )}
    </Field>
  );
}

/** `validate` for an amount field: the problem in words, or null. */
export function moneyError(
  value: string,
  currency: string,
  options: { readonly optional?: boolean; readonly allowNegative?: boolean } = {},
): string | null {
  const parsed = parseMoney(value, currency, options);
  if (parsed.ok) {
    return null;
  }
  switch (parsed.error) {
    case 'empty':
      return options.optional === true ? null : t('form.required');
    case 'tooManyDecimals':
      return t('money.tooManyDecimals', { digits: currencyOf(currency).minorDigits });
    case 'negative':
      return t('money.negative');
    case 'invalid':
      return t('money.invalid');
  }
}
