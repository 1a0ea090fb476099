import { useEffect, useRef } from 'preact/hooks';
import { t } from '../i18n';

export interface SummaryItem {
  /** The id of the input to go to; absent for a problem with the form as a whole. */
  readonly fieldId?: string;
  readonly message: string;
  /**
   * How the summary names the field: by default its label on the page; given where that
   * label is not enough ("Line 2, Credit"), or null where the message already names it.
   */
  readonly label?: string | null;
}

/**
 * The label a field shows (without its "optional" mark), read from the page: the summary
 * names fields in the words the person sees beside them, whichever screen the form is on.
 */
function labelOf(fieldId: string): string | null {
  const label = Array.from(document.getElementsByTagName('label')).find((candidate) => candidate.htmlFor === fieldId);
  if (label === undefined) {
    return null;
  }
  const copy = label.cloneNode(true) as HTMLElement;
  copy.querySelectorAll('.field__optional').forEach((mark) => mark.remove());
  const text = copy.textContent?.replace(/\s+/g, ' ').trim() ?? '';
  return text === '' ? null : text;
}

/** "Customer: Fill this in.", so that three "Fill this in." say which fields they mean. */
function namingTheField(item: SummaryItem & { readonly fieldId: string }): string {
  const { message } = item;
  const label = item.label === undefined ? labelOf(item.fieldId) : item.label;
  return label === null || message.startsWith(label) ? message : t('form.summaryItem', { field: label, message });
}

/**
 * The problems of a submitted form, listed at its top, each linked to its field and named by
 * its label. It takes
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
                {namingTheField({ ...item, fieldId: item.fieldId })}
              </a>
            </li>
          ),
        )}
      </ul>
    </div>
  );
}
