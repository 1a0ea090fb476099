import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n';
import { currentToasts, dismissToast, subscribeToToasts, type Toast } from './toasts';

/**
 * Where toasts appear. Both live regions are in the page from the start, as screen readers
 * announce only changes to a region they already know: information politely, errors at once.
 */
export function ToastRegion() {
  const [toasts, setToasts] = useState(currentToasts);
  useEffect(() => subscribeToToasts(setToasts), []);
  const polite = toasts.filter((toast) => toast.tone !== 'error');
  const urgent = toasts.filter((toast) => toast.tone === 'error');
  return (
    <section class="toasts" aria-label={t('toast.region')}>
      <div role="status" aria-live="polite">
        {polite.map((toast) => (
          <ToastItem key={toast.id} toast={toast} />
        ))}
      </div>
      <div role="alert" aria-live="assertive">
        {urgent.map((toast) => (
          <ToastItem key={toast.id} toast={toast} />
        ))}
      </div>
    </section>
  );
}

function ToastItem({ toast }: { readonly toast: Toast }) {
  return (
    <div class={`toast toast--${toast.tone}`}>
      <p class="toast__message">{toast.message}</p>
      <button type="button" class="icon-button" onClick={() => dismissToast(toast.id)} aria-label={t('action.dismiss')}>
        <span aria-hidden="true">×</span>
      </button>
    </div>
  );
}
