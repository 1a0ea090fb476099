import { afterEach, describe, expect, it } from 'vitest';
import { axeViolations } from '../../test/axe';
import { cleanup, click, findByText, jsonResponse, renderIntoDocument, typeInto, waitFor } from '../../test/dom';
import { problem, resetSession } from '../../test/fakeApi';
import CreditNoteScreen from './CreditNoteScreen';
import { invoice, invoiceLine, ORG, signedInToInvoices } from './testing';

afterEach(() => {
  cleanup();
  resetSession();
  window.history.replaceState(null, '', '/');
});

const ISSUED = invoice({
  lines: [invoiceLine(), invoiceLine({ line_number: 2, item_id: null, description: 'Delivery to Kabwe', quantity: '1.0000', unit_price: '350.0000', total_amount: '350.0000' })],
});
const NOTE = { id: 'cn-1', invoice_id: 'inv-1', number: 'CN-2026-00003', issue_date: '2026-03-21', reason_code: '03', reason: '', amount: '232.00', journal_entry_id: 'entry-3' };

async function openCreditNote(routes: Record<string, object> = {}) {
  const api = await signedInToInvoices({ [`GET ${ORG}/invoices/inv-1`]: ISSUED, ...routes });
  const screen = renderIntoDocument(<CreditNoteScreen params={{ invoiceId: 'inv-1' }} />);
  await waitFor(() => screen.querySelector('.credit-note-form'));
  return { api, screen };
}

const input = (screen: HTMLElement, selector: string): HTMLInputElement => screen.querySelector(selector) as HTMLInputElement;

async function confirm(): Promise<void> {
  const dialog = await waitFor(() => document.querySelector<HTMLElement>('[role="alertdialog"]'));
  click(findByText(dialog, 'button', 'Issue credit note') as HTMLElement);
}

describe('a credit note', () => {
  it('credits some quantity of a line, with ZRA’s reason, after a confirmation', async () => {
    const { api, screen } = await openCreditNote({ [`POST ${ORG}/credit-notes`]: jsonResponse(NOTE, 201) });
    click(input(screen, '#credit-scope-lines'));
    expect(screen.querySelector('#credit-line-1-hint')?.textContent).toBe('Invoiced: 10 × K116.00, K1,160.00.');
    expect(await axeViolations(screen)).toEqual([]);

    typeInto(input(screen, '#credit-line-1'), '2');
    typeInto(screen.querySelector('#credit-reason-code') as HTMLSelectElement, '03');
    click(findByText(screen, 'button', 'Issue credit note') as HTMLElement);
    await confirm();

    await waitFor(() => window.location.pathname === '/invoices/inv-1');
    const [sent] = api.calls(`POST ${ORG}/credit-notes`);
    expect(sent?.headers.get('Idempotency-Key')).toMatch(/^[0-9a-f-]{36}$/);
    expect(sent?.body).toEqual({ invoice_id: 'inv-1', reason_code: '03', reason: '', issue_date: null, lines: [{ line_number: 1, quantity: '2' }] });
  });

  it('credits everything that remains with no lines named', async () => {
    const { api, screen } = await openCreditNote({ [`POST ${ORG}/credit-notes`]: jsonResponse({ ...NOTE, amount: '1160.00' }, 201) });

    typeInto(screen.querySelector('#credit-reason-code') as HTMLSelectElement, '05');
    click(findByText(screen, 'button', 'Issue credit note') as HTMLElement);
    const dialog = await waitFor(() => document.querySelector<HTMLElement>('[role="alertdialog"]'));
    expect(dialog.textContent).toContain('The credit note cancels the K1,160.00 that remains');
    await confirm();

    await waitFor(() => api.calls(`POST ${ORG}/credit-notes`).length === 1);
    expect(api.calls(`POST ${ORG}/credit-notes`)[0]?.body).toMatchObject({ reason_code: '05', lines: [] });
  });

  it('is refused when it would credit more than remains, and says how much does', async () => {
    const { screen } = await openCreditNote({
      [`POST ${ORG}/credit-notes`]: problem(422, 'credit_exceeds_remaining', 'The credit note cannot be issued.', {
        errors: [{ field: 'lines.0.quantity', code: 'credit_exceeds_remaining', message: 'At most 3.5 remains.' }],
      }),
    });
    click(input(screen, '#credit-scope-lines'));
    typeInto(input(screen, '#credit-line-1'), '8');
    typeInto(screen.querySelector('#credit-reason-code') as HTMLSelectElement, '01');
    click(findByText(screen, 'button', 'Issue credit note') as HTMLElement);
    await confirm();

    await waitFor(() => screen.querySelector('#credit-line-1-error'));
    expect(screen.querySelector('#credit-line-1-error')?.textContent).toContain('This is more than remains: at most 3.5.');
    expect(findByText(screen, '.error-summary a', 'Line 1')?.getAttribute('href')).toBe('#credit-line-1');
    expect(document.querySelector('[role="alertdialog"]')).toBeNull();
  });

  it('says the amount that remains when the whole credit is too much', async () => {
    const { screen } = await openCreditNote({
      [`POST ${ORG}/credit-notes`]: problem(422, 'credit_exceeds_remaining', 'The credit note cannot be issued.', {
        errors: [{ field: 'lines', code: 'credit_exceeds_remaining', message: 'At most 428.00 remains on the invoice.' }],
      }),
    });
    typeInto(screen.querySelector('#credit-reason-code') as HTMLSelectElement, '02');
    click(findByText(screen, 'button', 'Issue credit note') as HTMLElement);
    await confirm();

    await waitFor(() => findByText(screen, '.error-summary li', 'This is more than remains: at most K428.00.'));
  });

  it('checks what it can before asking: a reason, a quantity no more than invoiced', async () => {
    const { api, screen } = await openCreditNote();
    click(input(screen, '#credit-scope-lines'));
    typeInto(input(screen, '#credit-line-2'), '2');
    typeInto(screen.querySelector('#credit-reason-code') as HTMLSelectElement, '07');

    click(findByText(screen, 'button', 'Issue credit note') as HTMLElement);

    await waitFor(() => screen.querySelector('.error-summary'));
    expect(screen.querySelector('#credit-line-2-error')?.textContent).toContain('At most 1: that is what this line invoiced.');
    expect(screen.querySelector('#credit-reason-error')?.textContent).toContain('Fill this in.');
    expect(document.querySelector('[role="alertdialog"]')).toBeNull();
    expect(api.calls(`POST ${ORG}/credit-notes`)).toHaveLength(0);
  });
});
