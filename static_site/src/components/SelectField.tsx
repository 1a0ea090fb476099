import { Field } from './Field';

export interface SelectOption {
  readonly value: string;
  readonly label: string;
}

interface SelectFieldProps {
  readonly id: string;
  readonly label: string;
  readonly value: string;
  readonly options: readonly SelectOption[];
  readonly onInput: (value: string) => void;
  /** Called right after each choice: a select has no typing to wait for. */
  readonly onBlur?: () => void;
  readonly error?: string | null | undefined;
  readonly hint?: string | undefined;
  /** A first option with no value ("Choose…"), for a question with no default answer. */
  readonly placeholder?: string;
  /** `false` for a filter, which may be left at "all": not announced as required. */
  readonly required?: boolean;
  /** Shown but not changeable (the hint should say why). */
  readonly disabled?: boolean;
  readonly optional?: boolean;
}

/**
 * A labelled native select: every phone shows its own easy picker for it, every screen
 * reader knows it. Bound to a form like any field: `<SelectField {...form.field('role')} … />`.
 */
export function SelectField({ id, label, value, options, onInput, onBlur, error, hint, placeholder, required = true, disabled, optional }: SelectFieldProps) {
  return (
    <Field id={id} label={label} error={error} hint={hint} optional={optional}>
      {({ 'aria-required': ariaRequired, ...control }) => (
        <select
          {...control}
          aria-required={required ? ariaRequired : undefined}
          class="input"
          name={id}
          value={value}
          disabled={disabled}
          onChange={(event) => {
            onInput(event.currentTarget.value);
            onBlur?.();
          }}
        >
          {placeholder !== undefined && <option value="">{placeholder}</option>}
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
