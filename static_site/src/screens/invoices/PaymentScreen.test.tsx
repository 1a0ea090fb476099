import { afterEach, describe, expect, it } from 'vitest';
import { axeViolations } from '../../test/axe';
import { cleanup, click, findByText, jsonResponse, renderIntoDocument, typeInto, waitFor } from '../../test/dom';
import { problem, resetSession } from '../../test/fakeApi';
import PaymentScreen from './PaymentScreen';
import { invoice, ORG, payment, signedInToInvoices, summary } from './testing';

afterEach(() => {
  cleanup();
  resetSession();
  window.history.replaceState(null, '', '/');
});

const OWING = invoice({ status: 'partially_paid', amount_paid: '732.00', outstanding: '428.00' });
const OPEN = {
  items: [
    summary({ id: 'inv-1', status: 'partially_paid', outstanding: '428.00' }),
    summary({ id: 'inv-2', number: 'INV-2026-00039', issue_date: '2026-02-10', due_date: '2026-03-12', status: 'overdue', amount_due: '300.00', outstanding: '300.00' }),
  ],
  next_cursor: null,
};
const ACCOUNTS = {
  items: [
    { id: 'acc-1010', code: '1010', name: 'Cash on hand', account_type: 'asset', subtype: 'cash', cash_flow_class: null, parent_id: null, is_header: false, is_system: true, role: 'cash_on_hand', description: '', archived_at: null, normal_balance: 'debit' },
    { id: 'acc-1150', code: '1150', name: 'Airtel Money wallet', account_type: 'asset', subtype: 'mobile_money_wallet', cash_flow_class: null, parent_id: null, is_header: false, is_system: false, role: null, description: '', archived_at: null, normal_balance: 'debit' },
    { id: 'acc-4010', code: '4010', name: 'Sales of goods', account_type: 'income', subtype: 'revenue', cash_flow_class: null, parent_id: null, is_header: false, is_system: true, role: null, description: '', archived_at: null, normal_balance: 'credit' },
  ],
  next_cursor: null,
};

async function openPayment(routes: Record<string, object> = {}) {
  const api = await signedInToInvoices({
    [`GET ${ORG}/invoices/inv-1`]: OWING,
    [`GET ${ORG}/invoices`]: OPEN,
    [`GET ${ORG}/accounts`]: ACCOUNTS,
    ...routes,
  });
  const screen = renderIntoDocument(<PaymentScreen params={{ invoiceId: 'inv-1' }} />);
  await waitFor(() => screen.querySelector('.payment-form'));
  return { api, screen };
}

const input = (screen: HTMLElement, selector: string): HTMLInputElement => screen.querySelector(selector) as HTMLInputElement;
const balance = (screen: HTMLElement): string => screen.querySelector('#payment-balance')?.textContent ?? '';

describe('recording a payment for an invoice', () => {
  it('starts with what the invoice still owes, applied to it', async () => {
    const { api, screen } = await openPayment();

    expect(input(screen, '#payment-amount').value).toBe('428.00');
    expect(input(screen, '#payment-apply-inv-1').value).toBe('428.00');
    expect(input(screen, '#payment-apply-inv-2').value).toBe('');
    expect(balance(screen)).toBe('All of it, K428.00, is applied.');
    // Only the customer's open invoices are offered.
    expect(api.calls(`GET ${ORG}/invoices`)[0]?.query.get('customer_id')).toBe('cust-1');
    expect(api.calls(`GET ${ORG}/invoices`)[0]?.query.get('status')).toBe('unpaid');
    expect(Array.from((screen.querySelector('#payment-account') as HTMLSelectElement).options, (option) => option.text)).toEqual([
      'The usual account for this method',
      '1010 · Cash on hand',
      '1150 · Airtel Money wallet',
    ]);
    expect(await axeViolations(screen)).toEqual([]);
  });

  it('applies a larger payment to the oldest other invoice and keeps the rest as credit', async () => {
    const { api, screen } = await openPayment({
      [`POST ${ORG}/payments`]: jsonResponse(payment({ amount: '1000.00', unallocated: '272.00' }), 201),
    });

    typeInto(input(screen, '#payment-amount'), '1,000');
    typeInto(input(screen, '#payment-reference'), 'MP240320.1234');

    expect(input(screen, '#payment-apply-inv-2').value).toBe('300.00');
    expect(balance(screen)).toBe('K728.00 applied; K272.00 is kept as the customer’s credit.');
    click(findByText(screen, 'button', 'Record payment') as HTMLElement);

    await waitFor(() => window.location.pathname === '/invoices/inv-1');
    const [sent] = api.calls(`POST ${ORG}/payments`);
    expect(sent?.headers.get('Idempotency-Key')).toMatch(/^[0-9a-f-]{36}$/);
    expect(sent?.body).toMatchObject({
      customer_id: 'cust-1',
      method: 'cash',
      amount: '1000.00',
      currency: 'ZMW',
      deposit_account_id: null,
      reference: 'MP240320.1234',
      allocations: [
        { invoice_id: 'inv-1', amount: '428.00' },
        { invoice_id: 'inv-2', amount: '300.00' },
      ],
    });
  });

  it('refuses to apply more than was received, before sending', async () => {
    const { api, screen } = await openPayment();

    typeInto(input(screen, '#payment-apply-inv-2'), '50');

    expect(balance(screen)).toBe('You applied K478.00, more than the K428.00 received.');
    click(findByText(screen, 'button', 'Record payment') as HTMLElement);
    await waitFor(() => screen.querySelector('.error-summary'));
    expect(screen.querySelector('#payment-amount-error')?.textContent).toContain('The amounts applied add up to more than was paid.');
    expect(api.calls(`POST ${ORG}/payments`)).toHaveLength(0);
  });

  it('shows the server’s refusal on the invoice it concerns, with the most it can take', async () => {
    const { screen } = await openPayment({
      [`POST ${ORG}/payments`]: problem(422, 'allocation_exceeds_outstanding', 'The payment cannot be recorded.', {
        errors: [{ field: 'allocations.1.amount', code: 'allocation_exceeds_outstanding', message: 'At most 250.00.' }],
      }),
    });
    typeInto(input(screen, '#payment-amount'), '1000');

    click(findByText(screen, 'button', 'Record payment') as HTMLElement);

    await waitFor(() => screen.querySelector('#payment-apply-inv-2-error'));
    expect(screen.querySelector('#payment-apply-inv-2-error')?.textContent).toContain('This is more than remains: at most K250.00.');
    expect(findByText(screen, '.error-summary a', 'Invoice INV-2026-00039')?.getAttribute('href')).toBe('#payment-apply-inv-2');
  });

  it('sends mobile money to the wallet it was paid into', async () => {
    const { api, screen } = await openPayment({ [`POST ${ORG}/payments`]: jsonResponse(payment({ amount: '428.00' }), 201) });

    typeInto(screen.querySelector('#payment-method') as HTMLSelectElement, 'mobile_money');
    expect((screen.querySelector('#payment-account') as HTMLSelectElement).value).toBe('acc-1150');
    click(findByText(screen, 'button', 'Record payment') as HTMLElement);

    await waitFor(() => api.calls(`POST ${ORG}/payments`).length === 1);
    expect(api.calls(`POST ${ORG}/payments`)[0]?.body).toMatchObject({ method: 'mobile_money', deposit_account_id: 'acc-1150' });
  });

  it('has nothing to record for an invoice paid in full', async () => {
    await signedInToInvoices({ [`GET ${ORG}/invoices/inv-1`]: invoice({ status: 'paid', outstanding: '0.00' }), [`GET ${ORG}/invoices`]: OPEN });
    const screen = renderIntoDocument(<PaymentScreen params={{ invoiceId: 'inv-1' }} />);

    await waitFor(() => findByText(screen, '.notice', 'Nothing is owed on this invoice'));
    expect(screen.querySelector('.payment-form')).toBeNull();
  });
});

describe('credit the customer already has', () => {
  const CREDIT = payment({ id: 'pay-0', payment_date: '2026-02-28', amount: '1000.00', unallocated: '600.00', allocations: [] });

  it('is offered first, and applied to the invoice up to what it owes, once', async () => {
    const { api, screen } = await openPayment({
      [`GET ${ORG}/payments`]: { items: [CREDIT, payment({ id: 'pay-9', unallocated: '0.00' })], next_cursor: null },
      [`POST ${ORG}/payments/pay-0/apply`]: payment({ id: 'pay-0', unallocated: '172.00' }),
    });
    const credits = await waitFor(() => screen.querySelector<HTMLElement>('.customer-credits'));
    expect(api.calls(`GET ${ORG}/payments`)[0]?.query.get('customer_id')).toBe('cust-1');
    expect(credits.querySelectorAll('li')).toHaveLength(1);
    expect(credits.textContent).toContain('K600.00 unused from the payment of 28/02/2026 (Mobile money) (MP240320.1234)');
    expect(await axeViolations(screen)).toEqual([]);

    click(findByText(credits, 'button', 'Apply K428.00 to this invoice') as HTMLElement);
    const dialog = await waitFor(() => document.querySelector<HTMLElement>('[role="alertdialog"]'));
    click(findByText(dialog, 'button', 'Apply credit') as HTMLElement);

    await waitFor(() => window.location.pathname === '/invoices/inv-1');
    const [applied] = api.calls(`POST ${ORG}/payments/pay-0/apply`);
    expect(applied?.body).toEqual({ invoice_id: 'inv-1', amount: '428.00' });
    expect(applied?.headers.get('Idempotency-Key')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('says why the server would not apply it', async () => {
    const { screen } = await openPayment({
      [`GET ${ORG}/payments`]: { items: [CREDIT], next_cursor: null },
      [`POST ${ORG}/payments/pay-0/apply`]: problem(422, 'credit_exceeds_available', 'The credit cannot be applied.', {
        errors: [{ field: 'amount', code: 'credit_exceeds_available', message: 'At most 150.00 is unused.' }],
      }),
    });
    const credits = await waitFor(() => screen.querySelector<HTMLElement>('.customer-credits'));
    click(findByText(credits, 'button', 'Apply K428.00 to this invoice') as HTMLElement);
    const dialog = await waitFor(() => document.querySelector<HTMLElement>('[role="alertdialog"]'));
    click(findByText(dialog, 'button', 'Apply credit') as HTMLElement);

    await waitFor(() => findByText(dialog, '[role="alert"]', 'This is more than remains: at most K150.00.'));
  });
});
