import type { ComponentChildren } from 'preact';
import { t } from '../i18n';

/** What a field gives its input so that the label, hint and error are tied to it. */
export interface ControlProps {
  readonly id: string;
  readonly 'aria-describedby'?: string;
  readonly 'aria-invalid'?: 'true';
  readonly 'aria-required'?: 'true';
}

interface FieldProps {
  readonly id: string;
  readonly label: string;
  readonly hint?: string | undefined;
  readonly error?: string | null | undefined;
  /** Marked "optional" in the label; fields are required unless they say so. */
  readonly optional?: boolean;
  /** Extra element ids that describe the control, such as a currency sign. */
  readonly describedBy?: readonly string[];
  /** Renders the input with the props that connect it to the label, hint and error. */
  readonly children: (control: ControlProps) => ComponentChildren;
}

/**
 * A labelled form field: label, optional hint, the error in words (never colour alone),
 * and the input, which screen readers hear as one described, possibly invalid, control.
 */
export function Field({ id, label, hint, error, optional = false, describedBy = [], children }: FieldProps) {
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const hasError = error !== undefined && error !== null && error !== '';
  const described = [...(hint === undefined ? [] : [hintId]), ...(hasError ? [errorId] : []), ...describedBy];
  const control: ControlProps = {
    id,
    ...(described.length === 0 ? {} : { 'aria-describedby': described.join(' ') }),
    ...(hasError ? { 'aria-invalid': 'true' } : {}),
    ...(optional ? {} : { 'aria-required': 'true' }),
  };
  return (
    <div class={hasError ? 'field field--invalid' : 'field'}>
      <label class="field__label" for={id}>
        {label}
        {optional && <span class="field__optional"> ({t('form.optional')})</span>}
      </label>
      {hint !== undefined && (
        <p class="field__hint" id={hintId}>
          {hint}
        </p>
      )}
      {hasError && (
        <p class="field__error" id={errorId}>
          <span aria-hidden="true">⚠ </span>
          {error}
        </p>
      )}
      {children(control)}
    </div>
  );
}

interface TextFieldProps {
  readonly id: string;
  readonly label: string;
  readonly value: string;
  readonly onInput: (value: string) => void;
  readonly onBlur?: () => void;
  readonly hint?: string;
  readonly error?: string | null | undefined;
  readonly optional?: boolean;
  readonly type?: 'text' | 'email' | 'tel';
  readonly autoComplete?: string;
  readonly inputMode?: 'text' | 'numeric' | 'decimal' | 'tel' | 'email';
  readonly maxLength?: number;
  /** Shown and read, not edited: the hint says why. */
  readonly readOnly?: boolean;
}

/** A one-line text field. */
export function TextField({
  value,
  onInput,
  onBlur,
  type = 'text',
  autoComplete,
  inputMode,
  maxLength,
  readOnly = false,
  ...field
}: TextFieldProps) {
  return (
    <Field {...field}>
      {(control) => (
        <input
          {...control}
          class="input"
          // Preact types each input type separately; these three take the same attributes.
          type={type as 'text'}
          name={field.id}
          value={value}
          autocomplete={autoComplete}
          inputMode={inputMode}
          maxLength={maxLength}
          readOnly={readOnly}
          onInput={(event) => onInput(event.currentTarget.value)}
          onBlur={onBlur}
        />
      )}
    </Field>
  );
}
