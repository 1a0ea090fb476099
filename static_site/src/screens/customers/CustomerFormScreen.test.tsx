import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { axeViolations } from '../../test/axe';
import { cleanup, click, findByText, leave, renderIntoDocument, typeInto, waitFor } from '../../test/dom';
import { problem, resetSession } from '../../test/fakeApi';
import { freshIndexedDb } from '../../test/indexedDb';
import CustomerFormScreen from './CustomerFormScreen';
import { customer, ORG, signedInToSales } from './testing';

beforeEach(freshIndexedDb);

afterEach(() => {
  cleanup();
  resetSession();
  window.history.replaceState(null, '', '/');
});

const input = (id: string): HTMLInputElement => document.getElementById(id) as HTMLInputElement;
const errorOf = (id: string): string => document.getElementById(`${id}-error`)?.textContent ?? '';

async function openNew(routes: Record<string, unknown> = {}) {
  window.history.replaceState(null, '', '/customers/new');
  const api = await signedInToSales(routes);
  const screen = renderIntoDocument(<CustomerFormScreen params={{}} />);
  await waitFor(() => screen.querySelector('form'));
  return { api, screen };
}

const save = (screen: HTMLElement): void => click(findByText(screen, 'button', 'Save customer') as HTMLElement);

describe('a new customer', () => {
  it('is sent as the API takes it, TPIN digits only and the phone in +260 form, then its page opens', async () => {
    const { api, screen } = await openNew({
      [`POST ${ORG}/customers`]: new Response(JSON.stringify({ customer: customer('Mwale Builders', { id: 'cust-new' }), possible_duplicates: [] }), {
        status: 201,
        headers: { 'Content-Type': 'application/json' },
      }),
    });

    typeInto(input('customer-name'), '  Mwale   Builders ');
    typeInto(input('customer-tpin'), '100-200-3004');
    typeInto(input('customer-contactPerson'), 'Joseph Mwale');
    typeInto(input('customer-phone'), '0977123456');
    leave(input('customer-phone'));
    typeInto(input('customer-email'), 'accounts@mwale.co.zm');
    typeInto(document.getElementById('customer-address') as HTMLInputElement, 'Plot 12, Cairo Road\nLusaka');
    typeInto(input('customer-paymentTermsDays'), '14');
    typeInto(document.getElementById('customer-currency') as HTMLSelectElement, 'USD');
    expect(input('customer-phone').value).toBe('+260 97 712 3456');
    expect(await axeViolations(screen)).toEqual([]);
    save(screen);

    await waitFor(() => window.location.pathname === '/customers/cust-new');
    expect(api.calls(`POST ${ORG}/customers`)[0]?.body).toEqual({
      kind: 'business',
      name: 'Mwale Builders',
      tpin: '1002003004',
      contact_person: 'Joseph Mwale',
      phone: '+260977123456',
      email: 'accounts@mwale.co.zm',
      address: 'Plot 12, Cairo Road\nLusaka',
      payment_terms_days: 14,
      currency: 'USD',
    });
  });

  it('says the TPIN rule as it is typed: the digits so far, and what a business without one cannot get', async () => {
    const { screen } = await openNew();
    const status = (): string => screen.querySelector('.sales-form__status')?.textContent ?? '';

    expect(document.getElementById('customer-tpin-hint')?.textContent).toBe('10 digits. Needed before you can issue a VAT invoice to this business.');
    expect(status()).toBe('Without a TPIN you can save this business, but not issue it a VAT invoice.');
    typeInto(input('customer-tpin'), '1002 003');
    expect(status()).toBe('7 digits of 10 typed.');
    typeInto(input('customer-tpin'), '1002003004');
    expect(status()).toBe('10 digits: complete.');
    click(input('customer-kind-individual'));
    typeInto(input('customer-tpin'), '');
    expect(document.getElementById('customer-tpin-hint')?.textContent).toBe('10 digits, if the person has one.');
    expect(status()).toBe('');
  });

  it('is checked on the phone first: every problem listed, nothing sent', async () => {
    const { api, screen } = await openNew();

    typeInto(input('customer-tpin'), '12345');
    typeInto(input('customer-phone'), '12');
    typeInto(input('customer-email'), 'x@');
    typeInto(input('customer-paymentTermsDays'), '400');
    save(screen);

    await waitFor(() => screen.querySelector('.error-summary'));
    expect(Array.from(screen.querySelectorAll('.error-summary li'), (item) => item.textContent)).toEqual([
      'Name: Fill this in.',
      'TPIN: A TPIN is 10 digits.',
      'Phone: Enter a Zambian number, such as 0977 123456.',
      'E-mail: Enter an e-mail address such as accounts@example.co.zm.',
      'Payment terms (days): Enter a whole number of days from 0 to 365.',
    ]);
    expect(input('customer-tpin').getAttribute('aria-invalid')).toBe('true');
    expect(api.calls(`POST ${ORG}/customers`)).toEqual([]);
  });

  it('shows the server’s refusals on their fields, in the person’s words where the code is known', async () => {
    const { screen } = await openNew({
      [`POST ${ORG}/customers`]: problem(422, 'validation_failed', 'The customer cannot be saved.', {
        errors: [
          { field: 'tpin', code: 'tpin_invalid', message: 'A TPIN is 10 digits.' },
          { field: 'payment_terms_days', code: 'terms_out_of_range', message: '0 to 365 days.' },
          { field: 'email', code: 'email_undeliverable', message: 'This domain accepts no mail.' },
        ],
      }),
    });

    typeInto(input('customer-name'), 'Mwale Builders');
    typeInto(input('customer-email'), 'accounts@mwale.invalid');
    save(screen);

    await waitFor(() => errorOf('customer-tpin') !== '');
    expect(errorOf('customer-tpin')).toContain('A TPIN is 10 digits.');
    expect(errorOf('customer-paymentTermsDays')).toContain('Enter a whole number of days from 0 to 365.');
    expect(errorOf('customer-email')).toContain('This domain accepts no mail.');
    expect(window.location.pathname).toBe('/customers/new');
  });

  it('lists existing customers that look like the same one after saving it', async () => {
    const existing = customer('Mwale Bldrs', { id: 'cust-old', email: 'accounts@mwale.co.zm' });
    const { screen } = await openNew({
      [`POST ${ORG}/customers`]: new Response(
        JSON.stringify({ customer: customer('Mwale Builders', { id: 'cust-new' }), possible_duplicates: [existing] }),
        { status: 201, headers: { 'Content-Type': 'application/json' } },
      ),
    });

    typeInto(input('customer-name'), 'Mwale Builders');
    typeInto(input('customer-tpin'), '1002003004');
    save(screen);

    await waitFor(() => screen.querySelector('.sales-duplicates'));
    expect(screen.querySelector('.sales-duplicates .notice__title')?.textContent).toBe(
      'Mwale Builders has been saved. It looks like customers you already have:',
    );
    expect(screen.querySelector('.sales-duplicates li')?.textContent).toBe('Mwale Bldrs · 1002003004 · accounts@mwale.co.zm · +260977123456');
    expect(findByText(screen, 'a', 'Open Mwale Builders')?.getAttribute('href')).toBe('/customers/cust-new');
    expect(await axeViolations(screen)).toEqual([]);
  });
});

describe('editing a customer', () => {
  it('starts from the saved details and replaces them', async () => {
    const saved = customer('Chola Lodge', { id: 'cust-chola', kind: 'business', currency: 'USD', payment_terms_days: 7, address: 'Livingstone' });
    const api = await signedInToSales({
      [`GET ${ORG}/customers/cust-chola`]: saved,
      [`PUT ${ORG}/customers/cust-chola`]: { ...saved, name: 'Chola Lodge Ltd' },
    });
    const screen = renderIntoDocument(<CustomerFormScreen params={{ customerId: 'cust-chola' }} />);
    await waitFor(() => screen.querySelector('form'));

    expect(screen.querySelector('h1')?.textContent).toBe('Edit customer');
    expect(input('customer-name').value).toBe('Chola Lodge');
    expect(input('customer-phone').value).toBe('+260 97 712 3456');
    expect(input('customer-paymentTermsDays').value).toBe('7');
    expect((document.getElementById('customer-currency') as HTMLSelectElement).value).toBe('USD');
    typeInto(input('customer-name'), 'Chola Lodge Ltd');
    click(findByText(screen, 'button', 'Save changes') as HTMLElement);

    await waitFor(() => window.location.pathname === '/customers/cust-chola');
    expect(api.calls(`PUT ${ORG}/customers/cust-chola`)[0]?.body).toMatchObject({ name: 'Chola Lodge Ltd', currency: 'USD', payment_terms_days: 7, address: 'Livingstone' });
  });

  it('says so when there is no such customer', async () => {
    await signedInToSales({});
    const screen = renderIntoDocument(<CustomerFormScreen params={{ customerId: 'cust-gone' }} />);

    await waitFor(() => screen.querySelector('.notice'));
    expect(screen.textContent).toContain('There is no such customer in this organization.');
  });
});
