/**
 * Form state: values, the error of each field, and the problems of the form as a whole.
 *
 * Fields are checked on the phone first (each field's `validate`, on blur and on submit),
 * and the server's answer is mapped back onto them: a problem-details response lists field
 * errors as `errors: [{field, code, message}]`, and each lands under its field.
 *
 * A screen binds an input to a field with `form.field(name)`, which gives the input its id
 * (`${idPrefix}-${name}`, what the error summary links to), value, error, `onInput` and
 * `onBlur`: `<TextField {...form.field('email')} label={…} />`. No screen wires these by hand.
 */
import { useCallback, useMemo, useRef, useState } from 'preact/hooks';
import { ApiProblem, type FieldProblem, type ProblemDetails } from '../api/client';
import { t } from '../i18n';
import type { SummaryItem } from './ErrorSummary';

export interface FieldSpec<V> {
  readonly initial: V;
  /** The problem with `value` in words, or null when it is fine. */
  readonly validate?: (value: V) => string | null;
  /** How the value is written once the field is left (a phone number in its usual form). */
  readonly tidy?: (value: V) => V;
}

/** What an input needs to be bound to one field of a form: spread it onto the input's component. */
export interface FieldBinding<V> {
  readonly id: string;
  readonly value: V;
  readonly error: string | undefined;
  readonly onInput: (value: V) => void;
  /** Tidies the value and checks it, as when the field loses focus. */
  readonly onBlur: () => void;
}

/** The part of a form's state that a binding reads and writes. */
export interface BindableForm<Values> {
  readonly values: Values;
  readonly errors: Partial<Record<keyof Values & string, string>>;
  set<K extends keyof Values & string>(name: K, value: Values[K]): void;
  check(name: keyof Values & string): void;
}

/**
 * Binds field `name` of `form` to an input. `tidy` rewrites the value when the field is left
 * (before it is checked). Every form state (`useForm`, the business profile's) binds its
 * fields through this one function, so every input behaves the same way.
 */
export function bindField<Values, K extends keyof Values & string>(
  form: BindableForm<Values>,
  idPrefix: string,
  name: K,
  tidy?: (value: Values[K]) => Values[K],
): FieldBinding<Values[K]> {
  return {
    id: `${idPrefix}-${name}`,
    value: form.values[name],
    error: form.errors[name],
    onInput: (value) => form.set(name, value),
    onBlur: () => {
      if (tidy !== undefined) {
        const value = form.values[name];
        const tidied = tidy(value);
        if (tidied !== value) {
          form.set(name, tidied);
        }
      }
      form.check(name);
    },
  };
}

export type FormSpec<Values> = { readonly [K in keyof Values]: FieldSpec<Values[K]> };

export type FieldErrors<Values> = Partial<Record<keyof Values & string, string>>;

/** Messages for the server's field codes that mean the same whatever the field. */
const SERVER_CODE_MESSAGES = {
  missing: 'form.required',
  string_too_long: 'form.tooLong',
  string_too_short: 'form.tooShort',
} as const;

/** A server field problem in the person's language when its code is a known one. */
export function messageForFieldProblem(problem: FieldProblem): string {
  const key = SERVER_CODE_MESSAGES[problem.code as keyof typeof SERVER_CODE_MESSAGES];
  return key === undefined ? problem.message || t('form.invalid') : t(key);
}

/**
 * Splits a problem into errors on the form's fields and problems with the form as a whole.
 * `fieldNames` maps the server's field paths (`customer.tpin`) to the form's names when they
 * differ; a field the form does not have is reported for the whole form.
 */
export function mapProblemToFields<Values>(
  problem: ProblemDetails,
  formFields: readonly (keyof Values & string)[],
  fieldNames: Readonly<Record<string, keyof Values & string>> = {},
): { fieldErrors: FieldErrors<Values>; formErrors: string[] } {
  const fieldErrors: FieldErrors<Values> = {};
  const formErrors: string[] = [];
  for (const fieldProblem of problem.errors ?? []) {
    const name = fieldNames[fieldProblem.field] ?? fieldProblem.field;
    const message = messageForFieldProblem(fieldProblem);
    if ((formFields as readonly string[]).includes(name)) {
      const key = name as keyof Values & string;
      fieldErrors[key] ??= message;
    } else {
      formErrors.push(message);
    }
  }
  if (problem.errors === undefined || problem.errors.length === 0) {
    formErrors.push(problem.detail === null ? problem.title : `${problem.title} ${problem.detail}`);
  }
  return { fieldErrors, formErrors };
}

export interface Form<Values> {
  readonly values: Values;
  readonly errors: FieldErrors<Values>;
  readonly formErrors: readonly string[];
  readonly submitting: boolean;
  /** The error summary's items, in the order of the fields. */
  readonly summary: readonly SummaryItem[];
  set<K extends keyof Values & string>(name: K, value: Values[K]): void;
  /** Checks one field, as when it loses focus. */
  check(name: keyof Values & string): void;
  /** The props that bind an input to field `name` (see `bindField`). */
  field<K extends keyof Values & string>(name: K): FieldBinding<Values[K]>;
  /** Runs `save` with the values when every field is valid; maps a refusal onto the fields. */
  submit(save: (values: Values) => Promise<void>): Promise<void>;
  applyProblem(problem: ProblemDetails): void;
}

export interface FormOptions<Values> {
  /** The id of each field's input is `${idPrefix}-${name}`. */
  readonly idPrefix: string;
  readonly fieldNames?: Readonly<Record<string, keyof Values & string>>;
}

export function useForm<Values extends object>(spec: FormSpec<Values>, options: FormOptions<Values>): Form<Values> {
  const names = useMemo(() => Object.keys(spec) as (keyof Values & string)[], [spec]);
  const [values, setValues] = useState<Values>(() => {
    const initial: Partial<Values> = {};
    for (const name of names) {
      initial[name] = spec[name].initial;
    }
    return initial as Values;
  });
  const [errors, setErrors] = useState<FieldErrors<Values>>({});
  const [formErrors, setFormErrors] = useState<readonly string[]>([]);
  const [submitting, setSubmitting] = useState(false);
  const latest = useRef(values);
  latest.current = values;

  const errorOf = useCallback(
    (name: keyof Values & string, value: unknown): string | null =>
      (spec[name].validate as ((value: unknown) => string | null) | undefined)?.(value) ?? null,
    [spec],
  );

  const set = useCallback(<K extends keyof Values & string>(name: K, value: Values[K]) => {
    latest.current = { ...latest.current, [name]: value };
    setValues(latest.current);
    // A corrected field stops saying it is wrong as soon as it is right.
    setErrors((previous) => (previous[name] === undefined ? previous : { ...previous, [name]: undefined }));
  }, []);

  const check = useCallback(
    (name: keyof Values & string) => {
      const error = errorOf(name, latest.current[name]);
      setErrors((previous) => ({ ...previous, [name]: error ?? undefined }));
    },
    [errorOf],
  );

  const applyProblem = useCallback(
    (problem: ProblemDetails) => {
      const mapped = mapProblemToFields<Values>(problem, names, options.fieldNames);
      setErrors(mapped.fieldErrors);
      setFormErrors(mapped.formErrors);
    },
    [names, options.fieldNames],
  );

  const submit = useCallback(
    async (save: (values: Values) => Promise<void>) => {
      const found: FieldErrors<Values> = {};
      for (const name of names) {
        const error = errorOf(name, latest.current[name]);
        if (error !== null) {
          found[name] = error;
        }
      }
      setErrors(found);
      setFormErrors([]);
      if (Object.keys(found).length > 0) {
        return;
      }
      setSubmitting(true);
      try {
        await save(latest.current);
      } catch (error) {
        if (!(error instanceof ApiProblem)) {
          throw error;
        }
        applyProblem(error);
      } finally {
        setSubmitting(false);
      }
    },
    [names, errorOf, applyProblem],
  );

  const summary = useMemo<SummaryItem[]>(
    () => [
      ...formErrors.map((message) => ({ message })),
      ...names.flatMap((name) => {
        const message = errors[name];
        return message === undefined ? [] : [{ fieldId: `${options.idPrefix}-${name}`, message }];
      }),
    ],
    [errors, formErrors, names, options.idPrefix],
  );

  const state = { values, errors, set, check };
  const field = <K extends keyof Values & string>(name: K): FieldBinding<Values[K]> =>
    bindField(state, options.idPrefix, name, spec[name].tidy);

  return { values, errors, formErrors, submitting, summary, set, check, field, submit, applyProblem };
}

/** `validate` for a required text field. */
export function required(value: string): string | null {
  return value.trim() === '' ? t('form.required') : null;
}

/** `validate` for a required e-mail address; the API checks properly, this catches only what plainly is not one. */
export function requiredEmail(value: string): string | null {
  const trimmed = value.trim();
  if (trimmed === '') {
    return t('form.required');
  }
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(trimmed) ? null : t('form.emailInvalid');
}
