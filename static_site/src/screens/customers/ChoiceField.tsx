import type { ComponentChildren } from 'preact';

export interface Choice<V extends string> {
  readonly value: V;
  readonly label: string;
}

interface ChoiceFieldProps<V extends string> {
  readonly id: string;
  readonly label: string;
  readonly value: V;
  readonly choices: readonly Choice<V>[];
  readonly onInput: (value: V) => void;
  readonly hint?: ComponentChildren;
  readonly error?: string | undefined;
}

/**
 * One answer of a few, as radio buttons in a fieldset (big targets on a phone, all choices in
 * sight); the first button carries the field's id, which the error summary links to.
 */
export function ChoiceField<V extends string>({ id, label, value, choices, onInput, hint, error }: ChoiceFieldProps<V>) {
  const described = [...(hint === undefined ? [] : [`${id}-hint`]), ...(error === undefined ? [] : [`${id}-error`])];
  return (
    <fieldset class={error === undefined ? 'field' : 'field field--invalid'} aria-describedby={described.length === 0 ? undefined : described.join(' ')}>
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
      <div class="sales-choices">
        {choices.map((choice, index) => (
          <label key={choice.value} class="choice">
            <input
              id={index === 0 ? id : `${id}-${choice.value}`}
              type="radio"
              name={id}
              value={choice.value}
              checked={value === choice.value}
              onChange={() => onInput(choice.value)}
            />
            {choice.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
