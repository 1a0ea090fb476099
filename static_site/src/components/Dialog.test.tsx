import { useState } from 'preact/hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { axeViolations } from '../test/axe';
import { cleanup, click, findByText, press, renderIntoDocument } from '../test/dom';
import { Dialog } from './Dialog';

afterEach(cleanup);

function IssueInvoice() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        Issue
      </button>
      <Dialog
        open={open}
        title="Issue invoice INV-0042?"
        onClose={() => setOpen(false)}
        actions={
          <>
            <button type="button" onClick={() => setOpen(false)}>
              Cancel
            </button>
            <button type="button" onClick={() => setOpen(false)}>
              Issue invoice
            </button>
          </>
        }
      >
        <p>Once issued, it goes to ZRA.</p>
      </Dialog>
    </>
  );
}

function open(root: HTMLElement): HTMLElement {
  const opener = findByText(root, 'button', 'Issue') as HTMLElement;
  opener.focus();
  click(opener);
  return root.querySelector<HTMLElement>('[role="dialog"]') as HTMLElement;
}

describe('a dialog', () => {
  it('is modal, named by its title, and takes focus', async () => {
    const root = renderIntoDocument(<IssueInvoice />);

    const dialog = open(root);

    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(document.getElementById(dialog.getAttribute('aria-labelledby') ?? '')?.textContent).toBe('Issue invoice INV-0042?');
    expect(dialog.contains(document.activeElement)).toBe(true);
    expect(document.activeElement?.getAttribute('aria-label')).toBe('Close');
    expect(document.body.classList.contains('has-dialog')).toBe(true);
    expect(await axeViolations(root)).toEqual([]);
  });

  it('keeps Tab and Shift+Tab inside', () => {
    const root = renderIntoDocument(<IssueInvoice />);
    const dialog = open(root);
    const last = findByText(dialog, 'button', 'Issue invoice') as HTMLElement;
    const first = dialog.querySelector<HTMLElement>('[aria-label="Close"]') as HTMLElement;

    last.focus();
    expect(press('Tab').defaultPrevented).toBe(true);
    expect(document.activeElement).toBe(first);

    expect(press('Tab', { shiftKey: true }).defaultPrevented).toBe(true);
    expect(document.activeElement).toBe(last);

    first.focus();
    expect(press('Tab').defaultPrevented).toBe(false);
  });

  it('closes on Esc and gives focus back to the button that opened it', () => {
    const root = renderIntoDocument(<IssueInvoice />);
    open(root);

    press('Escape');

    expect(root.querySelector('[role="dialog"]')).toBeNull();
    expect(document.activeElement?.textContent).toBe('Issue');
    expect(document.body.classList.contains('has-dialog')).toBe(false);
  });

  it('closes when the backdrop is tapped, not when the dialog is', () => {
    const root = renderIntoDocument(<IssueInvoice />);
    const dialog = open(root);

    click(dialog);
    expect(root.querySelector('[role="dialog"]')).not.toBeNull();

    click(root.querySelector<HTMLElement>('.dialog-backdrop') as HTMLElement);
    expect(root.querySelector('[role="dialog"]')).toBeNull();
  });
});
