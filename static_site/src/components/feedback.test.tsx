import { afterEach, describe, expect, it, vi } from 'vitest';
import { axeViolations } from '../test/axe';
import { cleanup, click, renderIntoDocument, settle } from '../test/dom';
import { EmptyState, Skeleton } from './States';
import { currentToasts, dismissToast, showToast, TOAST_DURATION_MS } from './toasts';
import { ToastRegion } from './ToastRegion';

afterEach(() => {
  currentToasts().forEach((toast) => dismissToast(toast.id));
  cleanup();
  vi.useRealTimers();
});

describe('toasts', () => {
  it('are announced politely through a live region that is there from the start', async () => {
    const root = renderIntoDocument(<ToastRegion />);
    const polite = root.querySelector('[role="status"]');
    expect(polite?.getAttribute('aria-live')).toBe('polite');

    showToast('Invoice INV-0042 was saved.', 'success');
    await settle();

    expect(polite?.textContent).toContain('Invoice INV-0042 was saved.');
    expect(await axeViolations(root)).toEqual([]);
  });

  it('announce errors at once, and keep them until dismissed', async () => {
    vi.useFakeTimers();
    const root = renderIntoDocument(<ToastRegion />);

    showToast('The invoice could not be sent to ZRA.', 'error');
    showToast('Saved.', 'info');
    await vi.advanceTimersByTimeAsync(TOAST_DURATION_MS);

    const urgent = root.querySelector('[role="alert"]');
    expect(urgent?.textContent).toContain('The invoice could not be sent to ZRA.');
    expect(root.querySelector('[role="status"]')?.textContent).toBe('');

    click(urgent?.querySelector('button[aria-label="Dismiss"]') as HTMLElement);
    expect(urgent?.textContent).toBe('');
  });
});

describe('empty and loading states', () => {
  it('say there is nothing yet, with what to do about it', async () => {
    const root = renderIntoDocument(
      <EmptyState title="No invoices yet" body="Invoices you create are listed here." action={<button type="button">New invoice</button>} />,
    );

    expect(root.textContent).toBe('No invoices yetInvoices you create are listed here.New invoice');
    expect(await axeViolations(root)).toEqual([]);
  });

  it('read the skeleton out as its label, and hide the grey bars', async () => {
    const root = renderIntoDocument(<Skeleton label="Loading invoices…" lines={2} />);

    const status = root.querySelector('[role="status"]');
    expect(status?.textContent).toBe('Loading invoices…');
    expect(Array.from(root.querySelectorAll('.skeleton__line'), (line) => line.getAttribute('aria-hidden'))).toEqual(['true', 'true']);
    expect(await axeViolations(root)).toEqual([]);
  });
});
