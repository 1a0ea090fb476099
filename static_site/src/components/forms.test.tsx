import { useState } from 'preact/hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiProblem, type ProblemDetails } from '../api/client';
import { axeViolations } from '../test/axe';
import { cleanup, click, findByText, leave, renderIntoDocument, settle, typeInto } from '../test/dom';
import { dateError, DateField } from './DateInput';
import { ErrorSummary } from './ErrorSummary';
import { TextField } from './Field';
import { MoneyField, moneyError } from './MoneyInput';
import { mapProblemToFields, required, useForm, type FormSpec } from './useForm';

afterEach(cleanup);

interface InvoiceForm {
  readonly customer: string;
  readonly amount: string;
  readonly date: string;
}

const SPEC: FormSpec<InvoiceForm> = {
  customer: { initial: '', validate: required },
  amount: { initial: '', validate: (value) => moneyError(value, 'ZMW') },
  date: { initial: '', validate: (value) => dateError(value) },
};

const validationFailed = (errors: ProblemDetails['errors']): ProblemDetails => ({
  type: 'urn:intellifin:problem:validation_failed',
  status: 422,
  code: 'validation_failed',
  title: 'The request is not valid.',
  detail: null,
  errors,
});

/** A small invoice form, as later screens will write theirs. */
function InvoiceFormUnderTest({ save }: { readonly save: (values: InvoiceForm) => Promise<void> }) {
  const form = useForm(SPEC, { idPrefix: 'inv', fieldNames: { 'customer.name': 'customer' } });
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void form.submit(save);
      }}
    >
      <ErrorSummary items={form.summary} />
      <TextField {...form.field('customer')} label="Customer" />
      <MoneyField {...form.field('amount')} label="Amount" currency="ZMW" />
      <DateField {...form.field('date')} label="Invoice date" />
      <button type="submit">Save</button>
    </form>
  );
}

const input = (root: HTMLElement, id: string): HTMLInputElement => root.querySelector<HTMLInputElement>(`#${id}`) as HTMLInputElement;

async function submit(root: HTMLElement): Promise<void> {
  click(findByText(root, 'button', 'Save') as HTMLElement);
  await settle();
}

describe('a form field', () => {
  it('ties its label, hint and error to the input', async () => {
    const root = renderIntoDocument(
      <TextField id="tpin" label="Customer TPIN" hint="10 digits" error="A TPIN has 10 digits." value="123" onInput={() => undefined} />,
    );
    const field = input(root, 'tpin');

    expect(root.querySelector('label')?.getAttribute('for')).toBe('tpin');
    expect(field.getAttribute('aria-describedby')).toBe('tpin-hint tpin-error');
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(field.getAttribute('aria-required')).toBe('true');
    expect(root.querySelector('#tpin-error')?.textContent).toContain('A TPIN has 10 digits.');
    expect(await axeViolations(root)).toEqual([]);
  });

  it('says "optional" in the label of an optional field, and is not invalid without an error', () => {
    const root = renderIntoDocument(<TextField id="ref" label="Reference" optional value="" onInput={() => undefined} />);

    expect(root.querySelector('label')?.textContent).toBe('Reference (optional)');
    expect(input(root, 'ref').hasAttribute('aria-invalid')).toBe(false);
    expect(input(root, 'ref').hasAttribute('aria-required')).toBe(false);
  });
});

describe('a form', () => {
  it('checks every field on submit, lists the problems at the top, and does not save', async () => {
    const saved: InvoiceForm[] = [];
    const root = renderIntoDocument(<InvoiceFormUnderTest save={async (values) => void saved.push(values)} />);
    typeInto(input(root, 'inv-amount'), '12.345');

    await submit(root);

    expect(saved).toEqual([]);
    const summary = root.querySelector<HTMLElement>('.error-summary');
    expect(summary?.getAttribute('role')).toBe('alert');
    expect(document.activeElement).toBe(summary);
    expect(Array.from(summary?.querySelectorAll('a') ?? [], (link) => [link.getAttribute('href'), link.textContent])).toEqual([
      ['#inv-customer', 'Customer: Fill this in.'],
      ['#inv-amount', 'Amount: Use at most 2 digits after the point.'],
      ['#inv-date', 'Invoice date: Fill this in.'],
    ]);
    expect(await axeViolations(root)).toEqual([]);
  });

  it('takes the person to a field from the summary', async () => {
    const root = renderIntoDocument(<InvoiceFormUnderTest save={async () => undefined} />);
    await submit(root);

    click(root.querySelector<HTMLElement>('.error-summary a[href="#inv-date"]') as HTMLElement);

    expect(document.activeElement).toBe(input(root, 'inv-date'));
  });

  it('leaves focus where the person types while they correct the listed problems', async () => {
    const root = renderIntoDocument(<InvoiceFormUnderTest save={async () => undefined} />);
    await submit(root);
    const customer = input(root, 'inv-customer');
    customer.focus();

    typeInto(customer, 'Chanda Hardware');
    await settle();

    expect(root.querySelectorAll('.error-summary a')).toHaveLength(2);
    expect(document.activeElement).toBe(customer);
  });

  it('checks a field when it is left, and clears the error as soon as it is edited', () => {
    const root = renderIntoDocument(<InvoiceFormUnderTest save={async () => undefined} />);
    const date = input(root, 'inv-date');
    typeInto(date, '31/04/2026');

    leave(date);
    expect(root.querySelector('#inv-date-error')?.textContent).toContain('There is no such date.');

    typeInto(date, '30/04/2026');
    expect(root.querySelector('#inv-date-error')).toBeNull();
  });

  it('tidies amounts and dates when they are left, and saves exact values', async () => {
    const saved: InvoiceForm[] = [];
    const root = renderIntoDocument(<InvoiceFormUnderTest save={async (values) => void saved.push(values)} />);
    typeInto(input(root, 'inv-customer'), 'Lusaka Traders');
    typeInto(input(root, 'inv-amount'), 'K1160');
    leave(input(root, 'inv-amount'));
    typeInto(input(root, 'inv-date'), '14032026');
    leave(input(root, 'inv-date'));

    await submit(root);

    expect(input(root, 'inv-amount').value).toBe('1,160.00');
    expect(input(root, 'inv-date').value).toBe('14/03/2026');
    expect(saved).toEqual([{ customer: 'Lusaka Traders', amount: '1,160.00', date: '14/03/2026' }]);
  });

  it("puts the server's field errors under their fields, and the rest at the top", async () => {
    const refusal = new ApiProblem(
      validationFailed([
        { field: 'customer.name', code: 'string_too_long', message: 'String should have at most 80 characters' },
        { field: 'date', code: 'period_locked', message: 'March 2026 is closed.' },
        { field: 'customer_tpin', code: 'invalid_tpin', message: 'The customer TPIN must have 10 digits.' },
      ]),
    );
    const root = renderIntoDocument(
      <InvoiceFormUnderTest
        save={async () => {
          throw refusal;
        }}
      />,
    );
    typeInto(input(root, 'inv-customer'), 'Lusaka Traders');
    typeInto(input(root, 'inv-amount'), '1,160.00');
    typeInto(input(root, 'inv-date'), '14/03/2026');

    await submit(root);

    expect(root.querySelector('#inv-customer-error')?.textContent).toContain('This is too long.');
    expect(root.querySelector('#inv-date-error')?.textContent).toContain('March 2026 is closed.');
    expect(input(root, 'inv-date').getAttribute('aria-invalid')).toBe('true');
    expect(root.querySelector('.error-summary li')?.textContent).toBe('The customer TPIN must have 10 digits.');
    expect(await axeViolations(root)).toEqual([]);
  });
});

describe('binding a field with form.field(name)', () => {
  interface Contact {
    readonly phone: string;
  }
  const CONTACT: FormSpec<Contact> = {
    phone: {
      initial: '',
      validate: (value) => (/^\+260 \d{2} \d{3} \d{4}$/.test(value) ? null : 'Use a Zambian number.'),
      tidy: (value) => value.replace(/^0(\d{2})(\d{3})(\d{4})$/, '+260 $1 $2 $3'),
    },
  };

  function ContactForm() {
    const form = useForm(CONTACT, { idPrefix: 'contact' });
    return <TextField {...form.field('phone')} label="Phone" type="tel" />;
  }

  it("gives the input the form's id, so the summary can link to it", () => {
    const root = renderIntoDocument(<ContactForm />);

    expect(root.querySelector('label')?.getAttribute('for')).toBe('contact-phone');
    expect(input(root, 'contact-phone').value).toBe('');
  });

  it('tidies the value when the field is left, then checks what it became', () => {
    const root = renderIntoDocument(<ContactForm />);

    typeInto(input(root, 'contact-phone'), '0977123456');
    leave(input(root, 'contact-phone'));

    expect(input(root, 'contact-phone').value).toBe('+260 97 712 3456');
    expect(root.querySelector('#contact-phone-error')).toBeNull();
  });

  it('shows the error of a value tidying cannot fix, and clears it on the next input', () => {
    const root = renderIntoDocument(<ContactForm />);

    typeInto(input(root, 'contact-phone'), '12345');
    leave(input(root, 'contact-phone'));
    expect(input(root, 'contact-phone').value).toBe('12345');
    expect(root.querySelector('#contact-phone-error')?.textContent).toContain('Use a Zambian number.');

    typeInto(input(root, 'contact-phone'), '123456');
    expect(root.querySelector('#contact-phone-error')).toBeNull();
  });
});

describe('mapProblemToFields', () => {
  it('reports a problem without field errors for the whole form, with its detail', () => {
    const conflict: ProblemDetails = {
      type: 'urn:intellifin:problem:conflict',
      status: 409,
      code: 'conflict',
      title: 'The invoice was changed.',
      detail: 'Reload it and try again.',
    };

    expect(mapProblemToFields<InvoiceForm>(conflict, ['customer', 'amount', 'date'])).toEqual({
      fieldErrors: {},
      formErrors: ['The invoice was changed. Reload it and try again.'],
    });
  });

  it('keeps the first error of a field that has several', () => {
    const problem = validationFailed([
      { field: 'amount', code: 'missing', message: 'Field required' },
      { field: 'amount', code: 'too_small', message: 'Must be positive' },
    ]);

    expect(mapProblemToFields<InvoiceForm>(problem, ['customer', 'amount', 'date']).fieldErrors).toEqual({ amount: 'Fill this in.' });
  });
});

describe('the money field', () => {
  it('shows the kwacha sign, opens a decimal keyboard and describes the input with its currency', () => {
    const root = renderIntoDocument(<MoneyField id="total" label="Total" currency="ZMW" value="" onInput={() => undefined} />);

    expect(root.querySelector('#total-currency')?.textContent).toBe('K');
    expect(input(root, 'total').getAttribute('inputmode')).toBe('decimal');
    expect(input(root, 'total').getAttribute('aria-describedby')).toBe('total-currency');
  });

  it('shows the ISO code for a currency without a local sign', () => {
    const root = renderIntoDocument(<MoneyField id="total" label="Total" currency="USD" value="" onInput={() => undefined} />);

    expect(root.querySelector('#total-currency')?.textContent).toBe('USD');
  });

  it('leaves text it cannot read as typed, for the person to fix', () => {
    function Controlled() {
      const [value, setValue] = useState('');
      return <MoneyField id="total" label="Total" currency="ZMW" value={value} onInput={setValue} />;
    }
    const root = renderIntoDocument(<Controlled />);
    typeInto(input(root, 'total'), '1.234,50');

    leave(input(root, 'total'));

    expect(input(root, 'total').value).toBe('1.234,50');
    expect(moneyError('1.234,50', 'ZMW')).toBe('Enter an amount such as 1,234.50.');
  });

  it('words each problem for the person', () => {
    expect(moneyError('', 'ZMW')).toBe('Fill this in.');
    expect(moneyError('', 'ZMW', { optional: true })).toBeNull();
    expect(moneyError('-5', 'ZMW')).toBe('Enter an amount of zero or more.');
    expect(moneyError('-5', 'ZMW', { allowNegative: true })).toBeNull();
    expect(moneyError('1.5', 'JPY')).toBe('Use at most 0 digits after the point.');
  });
});

describe('the date field', () => {
  it('says the expected format, and opens the number pad', () => {
    const root = renderIntoDocument(<DateField id="due" label="Due date" value="" onInput={() => undefined} />);

    expect(root.querySelector('#due-hint')?.textContent).toBe('dd/mm/yyyy');
    expect(input(root, 'due').getAttribute('inputmode')).toBe('numeric');
  });

  it('words each problem for the person', () => {
    expect(dateError('')).toBe('Fill this in.');
    expect(dateError('', { optional: true })).toBeNull();
    expect(dateError('2026')).toBe('Enter the date as dd/mm/yyyy, for example 14/03/2026.');
    expect(dateError('30/02/2026')).toBe('There is no such date.');
  });
});
