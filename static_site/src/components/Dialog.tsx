import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef } from 'preact/hooks';
import { t } from '../i18n';

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

interface DialogProps {
  readonly open: boolean;
  readonly title: string;
  readonly onClose: () => void;
  readonly children: ComponentChildren;
  /** The buttons at the bottom; the first focusable element inside takes focus on opening. */
  readonly actions?: ComponentChildren;
  /** `alertdialog` for a question that needs an answer, such as "Discard this change?". */
  readonly role?: 'dialog' | 'alertdialog';
}

/**
 * A modal dialog: focus moves in when it opens and back to where it was when it closes,
 * Tab and Shift+Tab stay inside, Esc closes it, and the page behind is marked hidden from
 * assistive technology while it is open.
 */
export function Dialog({ open, title, onClose, children, actions, role = 'dialog' }: DialogProps) {
  const panel = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const closeRef = useRef(onClose);
  closeRef.current = onClose;

  useEffect(() => {
    if (!open) {
      return undefined;
    }
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const root = panel.current;
    const focusables = (): HTMLElement[] => Array.from(root?.querySelectorAll<HTMLElement>(FOCUSABLE) ?? []);
    (root?.querySelector<HTMLElement>('[data-autofocus]') ?? focusables()[0] ?? root)?.focus();
    document.body.classList.add('has-dialog');

    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.key === 'Escape') {
        event.preventDefault();
        closeRef.current();
        return;
      }
      if (event.key !== 'Tab') {
        return;
      }
      const items = focusables();
      const first = items[0];
      const last = items[items.length - 1];
      const active = document.activeElement;
      if (first === undefined || last === undefined) {
        event.preventDefault();
        root?.focus();
      } else if (event.shiftKey && (active === first || !root?.contains(active))) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && (active === last || !root?.contains(active))) {
        event.preventDefault();
        first.focus();
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => {
      document.removeEventListener('keydown', onKeyDown);
      document.body.classList.remove('has-dialog');
      opener?.focus();
    };
  }, [open]);

  if (!open) {
    return null;
  }
  return (
    <div class="dialog-backdrop" onClick={(event) => event.target === event.currentTarget && onClose()}>
      <div class="dialog" role={role} aria-modal="true" aria-labelledby={titleId} tabIndex={-1} ref={panel}>
        <div class="dialog__header">
          <h2 class="dialog__title" id={titleId}>
            {title}
          </h2>
          <button type="button" class="icon-button" onClick={onClose} aria-label={t('action.close')}>
            <span aria-hidden="true">×</span>
          </button>
        </div>
        <div class="dialog__body">{children}</div>
        {actions !== undefined && <div class="dialog__actions">{actions}</div>}
      </div>
    </div>
  );
}
