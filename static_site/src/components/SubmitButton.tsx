import { t } from '../i18n';

interface SubmitButtonProps {
  readonly label: string;
  /** The button waits (saving, or told to wait after too many attempts). */
  readonly busy: boolean;
  /** Says `workingLabel` instead of the label; by default, whenever it is busy. */
  readonly working?: boolean;
  /** What the button says while working; "Please wait…" unless the screen says better. */
  readonly workingLabel?: string;
  /** The id of the form it submits, for a button outside it (a dialog's actions). */
  readonly form?: string;
  /** `danger` for what cannot be undone. */
  readonly tone?: 'primary' | 'danger';
  /** Nothing to submit yet (no change made). */
  readonly disabled?: boolean;
  readonly describedBy?: string;
}

/** A form's submit button: it waits while the form is saved, so one tap saves once. */
export function SubmitButton({ label, busy, working = busy, workingLabel, form, tone = 'primary', disabled = false, describedBy }: SubmitButtonProps) {
  return (
    <button
      type="submit"
      form={form}
      class={tone === 'danger' ? 'button button--danger' : 'button'}
      disabled={busy || disabled}
      aria-describedby={describedBy}
    >
      {working ? (workingLabel ?? t('action.working')) : label}
    </button>
  );
}
