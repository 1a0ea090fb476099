/**
 * Form state for the business profile, shared by the wizard (one step at a time) and the
 * profile screen (all at once): the error of each field, checked on blur and before moving
 * on, and the server's refusals mapped back onto the fields.
 */
import { useCallback, useRef, useState } from 'preact/hooks';
import type { FieldProblem } from '../../api/client';
import type { SummaryItem } from '../../components/ErrorSummary';
import { bindField, type FieldBinding } from '../../components/useForm';
import { CHECKS, checkFields, formatPhone, mapServerErrors, normaliseZambianPhone, type FieldErrors, type FieldName, type ProfileValues } from './rules';

/** Answers whose checks read another answer: changing the first clears the second's error. */
const DEPENDENTS: Partial<Record<FieldName, readonly FieldName[]>> = {
  vat_registered: ['vat_effective_date'],
  has_postal_address: ['postal_line1', 'postal_line2', 'postal_town', 'postal_province', 'postal_postal_code'],
};

/** How an answer is written once its field is left. */
const TIDY: Partial<{ [K in FieldName]: (value: ProfileValues[K]) => ProfileValues[K] }> = {
  // The number as the API will store it, shown as soon as it is a Zambian number.
  phone: (value) => {
    const normalised = normaliseZambianPhone(value);
    return normalised === null ? value : formatPhone(normalised);
  },
};

export interface ProfileFormOptions {
  /** The id of each field's input is `${idPrefix}-${name}`. */
  readonly idPrefix: string;
  /** Called with every change, as the wizard saves its draft. */
  readonly onChange?: (values: ProfileValues) => void;
}

export interface ProfileForm {
  readonly idPrefix: string;
  readonly values: ProfileValues;
  readonly errors: FieldErrors;
  /** Problems the server reported that belong to no field. */
  readonly otherErrors: readonly string[];
  set<K extends FieldName>(name: K, value: ProfileValues[K]): void;
  /** Checks one field, as when it loses focus. */
  check(name: FieldName): void;
  /** The props that bind an input to field `name` (`bindField`, as every form does). */
  field<K extends FieldName>(name: K): FieldBinding<ProfileValues[K]>;
  /** Checks `fields` and shows their problems; returns them (empty when all are fine). */
  checkAll(fields: readonly FieldName[]): FieldErrors;
  /** Shows the server's field errors, and those that belong to no field. */
  applyServerErrors(errors: readonly FieldProblem[]): { fieldErrors: FieldErrors; otherErrors: string[] };
  setOtherErrors(messages: readonly string[]): void;
  /** Replaces every value (a saved draft, or the stored profile). */
  reset(values: ProfileValues): void;
}

export function useProfileForm(initial: ProfileValues, { idPrefix, onChange }: ProfileFormOptions): ProfileForm {
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [otherErrors, setOtherErrors] = useState<readonly string[]>([]);
  const latest = useRef(values);
  latest.current = values;
  const changed = useRef(onChange);
  changed.current = onChange;

  const set = useCallback(<K extends FieldName>(name: K, value: ProfileValues[K]) => {
    latest.current = { ...latest.current, [name]: value };
    setValues(latest.current);
    changed.current?.(latest.current);
    setErrors((previous) => {
      const related: readonly FieldName[] = [name, ...(DEPENDENTS[name] ?? [])];
      const cleared = related.filter((field) => previous[field] !== undefined);
      if (cleared.length === 0) {
        return previous;
      }
      const next = { ...previous };
      cleared.forEach((field) => delete next[field]);
      return next;
    });
  }, []);

  const check = useCallback((name: FieldName) => {
    const problem = CHECKS[name](latest.current);
    setErrors((previous) => {
      if ((previous[name] ?? null) === problem) {
        return previous;
      }
      const next = { ...previous };
      if (problem === null) {
        delete next[name];
      } else {
        next[name] = problem;
      }
      return next;
    });
  }, []);

  const checkAll = useCallback((fields: readonly FieldName[]) => {
    const found = checkFields(latest.current, fields);
    setErrors((previous) => {
      const next = { ...previous };
      fields.forEach((field) => delete next[field]);
      return { ...next, ...found };
    });
    setOtherErrors([]);
    return found;
  }, []);

  const applyServerErrors = useCallback((problems: readonly FieldProblem[]) => {
    const mapped = mapServerErrors(problems);
    setErrors(mapped.fieldErrors);
    setOtherErrors(mapped.otherErrors);
    return mapped;
  }, []);

  const reset = useCallback((next: ProfileValues) => {
    latest.current = next;
    setValues(next);
    setErrors({});
    setOtherErrors([]);
  }, []);

  const state = { values, errors, set, check };
  const field = <K extends FieldName>(name: K): FieldBinding<ProfileValues[K]> =>
    bindField(state, idPrefix, name, TIDY[name] as ((value: ProfileValues[K]) => ProfileValues[K]) | undefined);

  return { idPrefix, values, errors, otherErrors, set, check, field, checkAll, applyServerErrors, setOtherErrors, reset };
}

/**
 * The error summary's items: problems of the form as a whole, then each of `fields` that has
 * one, in their order. Taken as a snapshot when the person tries to move on (not at each
 * keystroke), because the summary takes focus whenever its items change.
 */
export function summaryItems(
  errors: FieldErrors,
  fields: readonly FieldName[],
  idPrefix: string,
  otherErrors: readonly string[] = [],
): SummaryItem[] {
  return [
    ...otherErrors.map((message) => ({ message })),
    ...fields.flatMap((name) => {
      const message = errors[name];
      return message === undefined ? [] : [{ fieldId: `${idPrefix}-${name}`, message }];
    }),
  ];
}
