import { formatDate, parseDate } from '../format/dates';
import { t } from '../i18n';
import { Field } from './Field';

interface DateFieldProps {
  readonly id: string;
  readonly label: string;
  /** What the person typed; read it with `parseDate`, which gives the ISO date for the API. */
  readonly value: string;
  readonly onInput: (value: string) => void;
  readonly onBlur?: () => void;
  readonly error?: string | null | undefined;
  readonly optional?: boolean;
}

/**
 * A date field, day first as in Zambia (`dd/mm/yyyy`). A text field rather than the
 * browser's date picker, whose order follows the phone's settings; the number pad it opens
 * can type `14032026`, which is tidied to `14/03/2026` when the field is left.
 */
export function DateField({ value, onInput, onBlur, ...field }: DateFieldProps) {
  const tidy = (): void => {
    const parsed = parseDate(value);
    if (parsed.ok) {
      onInput(formatDate(parsed.iso));
    }
    onBlur?.();
  };
  return (
    <Field {...field} hint={t('date.hint')}>
      {(control) => (
        <input
          {...control}
          class="input date-input"
          type="text"
          name={field.id}
          inputMode="numeric"
          autocomplete="off"
          maxLength={10}
          value={value}
          onInput={(event) => onInput(event.currentTarget.value)}
          onBlur={tidy}
        />
      )}
    </Field>
  );
}

/** `validate` for a date field: the problem in words, or null. */
export function dateError(value: string, options: { readonly optional?: boolean } = {}): string | null {
  const parsed = parseDate(value);
  if (parsed.ok) {
    return null;
  }
  switch (parsed.error) {
    case 'empty':
      return options.optional === true ? null : t('form.required');
    case 'noSuchDate':
      return t('date.noSuchDate');
    case 'invalid':
      return t('date.invalid');
  }
}
