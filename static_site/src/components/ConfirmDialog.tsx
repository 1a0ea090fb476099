import type { ComponentChildren } from 'preact';
import { t } from '../i18n';
import { Dialog } from './Dialog';
import { ProblemNotice } from './ProblemNotice';
import { useAction } from './useAction';

interface ConfirmDialogProps {
  readonly title: string;
  /** The question in words: what happens, and whether it can be undone. */
  readonly children: ComponentChildren;
  readonly confirmLabel: string;
  /**
   * Does what was asked. The dialog waits while it runs and shows its failure inside; on
   * success the caller closes the dialog (usually from here, after a toast).
   */
  readonly onConfirm: () => Promise<unknown>;
  readonly onClose: () => void;
  /** `danger` (the default) for what cannot be undone; focus then starts on Cancel. */
  readonly tone?: 'primary' | 'danger';
  /** The failure in the words of the screen's own capability, instead of the server's title. */
  readonly explain?: (failure: unknown) => string;
}

/**
 * "Are you sure?": an alert dialog with Cancel and the action, which runs once however often
 * it is tapped and, when it fails, says why without closing. Render it only while it is asked.
 */
export function ConfirmDialog({ title, children, confirmLabel, onConfirm, onClose, tone = 'danger', explain }: ConfirmDialogProps) {
  const action = useAction(onConfirm);
  return (
    <Dialog
      open
      role="alertdialog"
      title={title}
      onClose={onClose}
      actions={
        <>
          <button type="button" class="button button--quiet" data-autofocus={tone === 'danger' ? true : undefined} onClick={onClose}>
            {t('action.cancel')}
          </button>
          <button
            type="button"
            class={tone === 'danger' ? 'button button--danger' : 'button'}
            disabled={action.busy}
            onClick={() => void action.run()}
          >
            {confirmLabel}
          </button>
        </>
      }
    >
      {explain === undefined || action.failure === undefined ? (
        <ProblemNotice error={action.failure} />
      ) : (
        <p class="notice notice--error" role="alert">
          {explain(action.failure)}
        </p>
      )}
      {children}
    </Dialog>
  );
}
