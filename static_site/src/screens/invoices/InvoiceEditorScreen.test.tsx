import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { outbox } from '../../offline/sync';
import { axeViolations } from '../../test/axe';
import { cleanup, click, findByText, jsonResponse, renderIntoDocument, settle, typeInto, waitFor } from '../../test/dom';
import { problem, resetSession, type FakeRequest } from '../../test/fakeApi';
import { freshIndexedDb } from '../../test/indexedDb';
import InvoiceEditorScreen from './InvoiceEditorScreen';
import { CUSTOMER, invoice, invoiceLine, ORG, preview, signedInToInvoices, TOTALS } from './testing';

beforeEach(freshIndexedDb);

afterEach(() => {
  vi.restoreAllMocks();
  cleanup();
  resetSession();
  window.history.replaceState(null, '', '/');
});

async function openEditor(routes: Record<string, object> = {}, params: Record<string, string> = {}) {
  const api = await signedInToInvoices({ [`POST ${ORG}/invoices/preview`]: preview(), ...routes });
  const screen = renderIntoDocument(<InvoiceEditorScreen params={params} />);
  await waitFor(() => screen.querySelector('.invoice-line'));
  await waitFor(() => api.calls(`GET ${ORG}/items`).length > 0);
  await settle();
  return { api, screen };
}

const input = (root: ParentNode, selector: string): HTMLInputElement => root.querySelector(selector) as HTMLInputElement;
const line = (screen: HTMLElement, number: number): HTMLElement => screen.querySelectorAll<HTMLElement>('.invoice-line')[number - 1] as HTMLElement;
const errorOf = (root: ParentNode, fieldId: string): string => root.querySelector(`#${fieldId}-error`)?.textContent ?? '';
const lineField = (screen: HTMLElement, number: number, field: string): HTMLInputElement =>
  input(line(screen, number), `[name$="-${field}"]`);

async function chooseCustomer(screen: HTMLElement): Promise<void> {
  typeInto(input(screen, '#invoice-customer'), 'Kabwe');
  const option = await waitFor(() => findByText(screen, '.customer-picker__option', 'Kabwe Hardware Ltd'));
  click(option);
}

/** The customer, and ten bags of cement at the item's price. */
async function writeInvoice(screen: HTMLElement): Promise<void> {
  await chooseCustomer(screen);
  typeInto(lineField(screen, 1, 'item') as unknown as HTMLSelectElement, 'item-1');
  typeInto(lineField(screen, 1, 'quantity'), '10');
}

const previewStatus = (screen: HTMLElement): string => screen.querySelector('#invoice-preview-status')?.textContent ?? '';

describe('a new invoice for a customer', () => {
  it('starts with the customer of `?customer=` chosen, as the customer page links it', async () => {
    window.history.replaceState(null, '', `/invoices/new?customer=${CUSTOMER.id}`);
    const { api, screen } = await openEditor({ [`GET ${ORG}/customers/${CUSTOMER.id}`]: CUSTOMER });
    expect(api.calls(`GET ${ORG}/customers/${CUSTOMER.id}`)).toHaveLength(1);
    expect(screen.querySelector('#invoice-customer-chosen strong')?.textContent).toBe(CUSTOMER.name);
  });
});

describe('the live preview', () => {
  it('shows the server’s totals of the invoice as it is written, per line and per category', async () => {
    const { api, screen } = await openEditor();
    expect(previewStatus(screen)).toBe('Choose a customer and write a line to see the totals.');

    await writeInvoice(screen);

    await waitFor(() => previewStatus(screen).includes('The invoice comes to K1,160.00.'));
    const previews = api.calls(`POST ${ORG}/invoices/preview`);
    const sent = previews[previews.length - 1] as FakeRequest;
    expect(sent.body).toMatchObject({
      customer_id: 'cust-1',
      currency: 'ZMW',
      prices_include_vat: true,
      lines: [{ item_id: 'item-1', quantity: '10', unit_price: null, tax_category: null, discount_rate: '0' }],
    });
    expect(line(screen, 1).querySelector('.invoice-line__amount')?.textContent).toBe('Line total K1,160.00, of which tax K160.00 (category A).');
    expect(screen.querySelector('.tax-breakdown__buckets tbody')?.textContent).toBe('A · Standard rated (16%)K1,000.00K160.00');
    expect(screen.querySelector('[data-testid="amount-due"]')?.textContent).toBe('K1,160.00');
    expect(await axeViolations(screen)).toEqual([]);
  });

  it('waits for a pause in typing and sends one preview for the last version', async () => {
    const { api, screen } = await openEditor();
    await writeInvoice(screen);
    await waitFor(() => api.calls(`POST ${ORG}/invoices/preview`).length === 1);

    typeInto(lineField(screen, 1, 'quantity'), '1');
    typeInto(lineField(screen, 1, 'quantity'), '12');
    typeInto(lineField(screen, 1, 'quantity'), '12.5');

    await waitFor(() => api.calls(`POST ${ORG}/invoices/preview`).length === 2);
    await act(() => new Promise<void>((resolve) => setTimeout(resolve, 600)));
    const calls = api.calls(`POST ${ORG}/invoices/preview`);
    expect(calls).toHaveLength(2);
    expect(calls[1]?.body).toMatchObject({ lines: [{ quantity: '12.5' }] });
  });

  it('puts the server’s refusal on the line and field it names', async () => {
    const { screen } = await openEditor({
      [`POST ${ORG}/invoices/preview`]: problem(422, 'quantity_precision', 'The invoice cannot be computed.', {
        errors: [{ field: 'lines.0.unit_price', code: 'price_too_large', message: 'At most 999999999.' }],
      }),
    });
    await writeInvoice(screen);
    typeInto(lineField(screen, 1, 'unitPrice'), '99999999999');

    await waitFor(() => errorOf(screen, `${line(screen, 1).querySelector('[name$="-unitPrice"]')?.id}`).includes('This is too large.'));
    expect(previewStatus(screen)).toBe('The totals cannot be worked out until the problems shown are put right.');
  });

  it('refuses more than 4 decimals in a quantity before sending anything', async () => {
    const { api, screen } = await openEditor();
    await writeInvoice(screen);
    typeInto(lineField(screen, 1, 'quantity'), '1.23456');

    click(findByText(screen, 'button', 'Save draft') as HTMLElement);

    const quantityId = lineField(screen, 1, 'quantity').id;
    await waitFor(() => errorOf(screen, quantityId).includes('Use at most 4 digits after the point.'));
    expect(screen.querySelector('.error-summary')?.textContent).toContain('Line 1: Use at most 4 digits after the point.');
    expect(api.calls(`POST ${ORG}/invoices`)).toHaveLength(0);
  });
});

describe('a zero-rated LPO line (C2)', () => {
  it('asks for the LPO number, and shows the server’s refusal on it when it is missing', async () => {
    const refusal = problem(422, 'lpo_number_required', 'The invoice cannot be saved.', {
      errors: [{ field: 'lpo_number', code: 'lpo_number_required', message: 'A zero-rated LPO (C2) sale needs the LPO number.' }],
    });
    const { api, screen } = await openEditor({ [`POST ${ORG}/invoices/preview`]: refusal, [`POST ${ORG}/invoices`]: refusal });
    await writeInvoice(screen);

    typeInto(lineField(screen, 1, 'taxCategory') as unknown as HTMLSelectElement, 'C2');

    expect(screen.querySelector('#invoice-lpo-hint')?.textContent).toBe('A line is zero rated by LPO (C2): give the LPO number.');
    expect(input(screen, '#invoice-lpo').getAttribute('aria-required')).toBe('true');
    await waitFor(() => errorOf(screen, 'invoice-lpo').includes('give the LPO number'));

    click(findByText(screen, 'button', 'Save draft') as HTMLElement);
    await waitFor(() => screen.querySelector('.error-summary'));
    expect(api.calls(`POST ${ORG}/invoices`)[0]?.body).toMatchObject({ lpo_number: null, lines: [{ tax_category: 'C2' }] });
    expect(findByText(screen, '.error-summary a', 'give the LPO number')?.getAttribute('href')).toBe('#invoice-lpo');
    expect(await axeViolations(screen)).toEqual([]);
  });
});

describe('saving', () => {
  it('saves a new draft once with an idempotency key, then opens it', async () => {
    const { api, screen } = await openEditor({
      [`POST ${ORG}/invoices`]: jsonResponse(invoice({ id: 'inv-9', status: 'draft', number: null }), 201),
    });
    await writeInvoice(screen);

    click(findByText(screen, 'button', 'Save draft') as HTMLElement);

    await waitFor(() => window.location.pathname === '/invoices/inv-9');
    const [created] = api.calls(`POST ${ORG}/invoices`);
    expect(created?.headers.get('Idempotency-Key')).toMatch(/^[0-9a-f-]{36}$/);
    expect(created?.body).toMatchObject({ customer_id: 'cust-1', lines: [{ item_id: 'item-1', quantity: '10' }] });
  });

  it('issues after a confirmation: the draft is saved, then issued', async () => {
    const { api, screen } = await openEditor({
      [`POST ${ORG}/invoices`]: jsonResponse(invoice({ id: 'inv-9', status: 'draft', number: null }), 201),
      [`POST ${ORG}/invoices/inv-9/issue`]: invoice({ id: 'inv-9', number: 'INV-2026-00043' }),
    });
    await writeInvoice(screen);
    await waitFor(() => previewStatus(screen).includes('K1,160.00'));

    click(findByText(screen, 'button', 'Save and issue') as HTMLElement);
    const dialog = await waitFor(() => document.querySelector<HTMLElement>('[role="alertdialog"]'));
    expect(dialog.textContent).toContain('The invoice for K1,160.00 gets its number and is posted to the books.');
    expect(api.calls(`POST ${ORG}/invoices`)).toHaveLength(0);
    click(findByText(dialog, 'button', 'Issue invoice') as HTMLElement);

    await waitFor(() => window.location.pathname === '/invoices/inv-9');
    expect(api.calls(`POST ${ORG}/invoices`)).toHaveLength(1);
    expect(api.calls(`POST ${ORG}/invoices/inv-9/issue`)).toHaveLength(1);
  });

  it('changes a saved draft in place', async () => {
    const draft = invoice({ id: 'inv-5', status: 'draft', number: null, lines: [invoiceLine({ quantity: '2.5000' })], totals: TOTALS });
    const { api, screen } = await openEditor(
      { [`GET ${ORG}/invoices/inv-5`]: draft, [`PUT ${ORG}/invoices/inv-5`]: draft },
      { invoiceId: 'inv-5' },
    );
    await waitFor(() => screen.querySelector('.customer-choice'));
    expect(lineField(screen, 1, 'quantity').value).toBe('2.5');

    typeInto(lineField(screen, 1, 'quantity'), '3');
    click(findByText(screen, 'button', 'Save draft') as HTMLElement);

    await waitFor(() => api.calls(`PUT ${ORG}/invoices/inv-5`).length === 1);
    expect(api.calls(`PUT ${ORG}/invoices/inv-5`)[0]?.body).toMatchObject({ lines: [{ quantity: '3' }] });
    expect(api.calls(`POST ${ORG}/invoices`)).toHaveLength(0);
  });
});

describe('without a connection', () => {
  it('keeps a new draft on the phone under its key, to be sent on reconnect', async () => {
    const { api, screen } = await openEditor();
    await writeInvoice(screen);
    vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);

    click(findByText(screen, 'button', 'Save draft') as HTMLElement);

    await waitFor(() => window.location.pathname === '/invoices');
    const [queued] = await outbox.list();
    expect(queued).toMatchObject({
      method: 'POST',
      path: `${ORG}/invoices`,
      summary: 'Draft invoice for Kabwe Hardware Ltd',
      body: { customer_id: 'cust-1', lines: [{ item_id: 'item-1', quantity: '10' }] },
    });
    expect(api.calls(`POST ${ORG}/invoices`)).toEqual([]);
  });

  it('queues the draft under the key already sent when the answer is lost', async () => {
    const { api, screen } = await openEditor({ [`POST ${ORG}/invoices`]: () => Promise.reject(new TypeError('Failed to fetch')) });
    await writeInvoice(screen);

    click(findByText(screen, 'button', 'Save draft') as HTMLElement);

    await waitFor(() => window.location.pathname === '/invoices');
    const [queued] = await outbox.list();
    expect(queued?.id).toBe(api.calls(`POST ${ORG}/invoices`)[0]?.headers.get('Idempotency-Key'));
  });
});
