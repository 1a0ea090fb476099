import { useCallback } from 'preact/hooks';
import { listRoles, type Role } from '../../api/team';
import { useResource, type Resource } from '../../app/useResource';
import { Field } from '../../components/Field';

interface SelectFieldProps {
  readonly id: string;
  readonly label: string;
  readonly value: string;
  readonly options: readonly { readonly value: string; readonly label: string }[];
  readonly onChange: (value: string) => void;
  readonly error?: string | null | undefined;
  readonly hint?: string;
  /** `false` for a filter, which may be left at "all". */
  readonly required?: boolean;
}

/** A labelled native select: every phone shows its own easy picker for it. */
export function SelectField({ id, label, value, options, onChange, error, hint, required = true }: SelectFieldProps) {
  return (
    <Field id={id} label={label} error={error} {...(hint === undefined ? {} : { hint })}>
      {({ 'aria-required': ariaRequired, ...control }) => (
        <select
          {...control}
          aria-required={required ? ariaRequired : undefined}
          class="input"
          name={id}
          value={value}
          onChange={(event) => onChange(event.currentTarget.value)}
        >
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

/** The organization's roles (built-in, most powerful first, then custom). */
export function useRoles(orgId: string): Resource<Role[]> {
  const load = useCallback((signal: AbortSignal) => listRoles(orgId, signal), [orgId]);
  return useResource(load);
}

/** A role's name from its key, or the key while the roles are not known. */
export function roleName(roles: readonly Role[] | undefined, key: string): string {
  return roles?.find((role) => role.key === key)?.name ?? key;
}

/** The roles the person may grant: those within their own permissions (the API checks the same). */
export function grantable(roles: readonly Role[], own: readonly string[]): readonly Role[] {
  return roles.filter((role) => role.permissions.every((permission) => own.includes(permission)));
}
