import { useEffect, useRef } from 'preact/hooks';
import { t } from '../i18n';

export interface SummaryItem {
  /** The id of the input to go to; absent for a problem with the form as a whole. */
  readonly fieldId?: string;
  readonly message: string;
}

/**
 * The problems of a submitted form, listed at its top, each linked to its field. It takes
 * focus when it appears, so a screen reader reads it and a keyboard user starts from it;
 * while the person corrects fields and the list shrinks, focus stays where they type.
 */
export function ErrorSummary({ items }: { readonly items: readonly SummaryItem[] }) {
  const box = useRef<HTMLDivElement>(null);
  const shown = useRef(false);
  useEffect(() => {
    const appears = items.length > 0 && !shown.current;
    shown.current = items.length > 0;
    if (appears) {
      box.current?.focus();
    }
  }, [items]);

  if (items.length === 0) {
    return null;
  }
  const goTo = (event: MouseEvent, fieldId: string): void => {
    event.preventDefault();
    const field = document.getElementById(fieldId);
    field?.focus();
    field?.scrollIntoView?.({ block: 'center' });
  };
  return (
    <div class="error-summary" role="alert" tabIndex={-1} ref={box} aria-labelledby="error-summary-title">
      <p class="error-summary__title" id="error-summary-title">
        {t('form.errorSummary')}
      </p>
      <ul>
        {items.map((item, index) =>
          item.fieldId === undefined ? (
            <li key={`form-${index}`}>{item.message}</li>
          ) : (
            <li key={item.fieldId}>
              <a href={`#${item.fieldId}`} onClick={(event) => goTo(event, item.fieldId ?? '')}>
                {item.message}
              </a>
            </li>
          ),
        )}
      </ul>
    </div>
  );
}
