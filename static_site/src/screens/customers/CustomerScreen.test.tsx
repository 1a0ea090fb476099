import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { axeViolations } from '../../test/axe';
import { cleanup, click, findByText, renderIntoDocument, typeInto, waitFor } from '../../test/dom';
import { problem, resetSession } from '../../test/fakeApi';
import { documentEmail, emailPreview, recordBlobUrls } from '../documents/testing';
import { freshIndexedDb } from '../../test/indexedDb';
import CustomerScreen from './CustomerScreen';
import { customer, ORG, SALES_PERMISSIONS, signedInToSales, statement, statementLine } from './testing';

const MWALE = customer('Mwale Builders', {
  id: 'cust-mwale',
  contact_person: 'Joseph Mwale',
  email: 'accounts@mwale.co.zm',
  address: 'Plot 12, Cairo Road',
  payment_terms_days: 14,
});

/** Two invoices, a part payment and a credit note; what is left is spread over the aging buckets. */
const STATEMENT = statement({
  as_of: '2026-04-30',
  lines: [
    statementLine({ day: '2026-01-10', document_id: 'inv-1', reference: 'INV-2026-0001', debit: '2320.00', balance: '2320.00' }),
    statementLine({ day: '2026-02-01', document_type: 'receipt', document_id: 'pay-1', reference: 'RCPT-7', debit: '0.00', credit: '1000.00', balance: '1320.00' }),
    statementLine({ day: '2026-04-20', document_id: 'inv-2', reference: 'INV-2026-0009', debit: '580.00', balance: '1900.00' }),
    statementLine({ day: '2026-04-25', document_type: 'credit_note', document_id: 'cn-1', reference: 'CN-2026-0001', debit: '0.00', credit: '116.00', balance: '1784.00' }),
    statementLine({ day: '2026-04-26', document_id: 'inv-3', reference: 'INV-2026-0010', currency: 'USD', debit: '40.00', balance: '1784.00' }),
  ],
  balance: '1784.00',
  aging: { current: '464.00', '1_30': '0.00', '31_60': '0.00', '61_90': '1320.00', over_90: '0.00' },
});

beforeEach(freshIndexedDb);

afterEach(() => {
  cleanup();
  resetSession();
});

const rows = (root: Element): string[][] =>
  Array.from(root.querySelectorAll('tbody tr'), (row) => Array.from(row.querySelectorAll('td'), (cell) => cell.textContent ?? ''));

const figures = (root: Element | null): string[][] =>
  Array.from(root?.querySelectorAll('.figures__row') ?? [], (row) => [row.querySelector('dt')?.textContent ?? '', row.querySelector('dd')?.textContent ?? '']);

async function openCustomer(permissions?: readonly string[], routes: Record<string, object> = {}) {
  const api = await signedInToSales(
    {
      [`GET ${ORG}/customers/cust-mwale`]: MWALE,
      [`GET ${ORG}/customers/cust-mwale/statement`]: STATEMENT,
      [`GET ${ORG}/customers/cust-mwale/statement/emails`]: { items: [] },
      ...routes,
    },
    permissions,
  );
  const screen = renderIntoDocument(<CustomerScreen params={{ customerId: 'cust-mwale' }} />);
  await waitFor(() => screen.querySelector('tbody tr'));
  return { api, screen };
}

describe('a customer', () => {
  it('shows the details, with links to edit and to invoice it', async () => {
    const { screen } = await openCustomer();

    expect(screen.querySelector('h2')?.textContent).toBe('Mwale Builders');
    expect(Array.from(screen.querySelectorAll('.sales-details__row'), (row) => row.textContent)).toEqual([
      'KindBusiness',
      'TPIN1002003004',
      'Contact personJoseph Mwale',
      'Phone+260 97 712 3456',
      'E-mailaccounts@mwale.co.zm',
      'AddressPlot 12, Cairo Road',
      'Terms14 days',
      'CurrencyZMW',
    ]);
    expect(findByText(screen, 'a', 'Edit')?.getAttribute('href')).toBe('/customers/cust-mwale/edit');
    expect(findByText(screen, 'a', 'New invoice')?.getAttribute('href')).toBe('/invoices/new?customer=cust-mwale');
  });

  it('shows the statement: each document with its running balance, invoices linked, the balance in words and the aging', async () => {
    const { screen } = await openCustomer();

    expect(rows(screen)).toEqual([
      ['10/01/2026', 'Invoice INV-2026-0001', 'K2,320.00', '', 'K2,320.00'],
      ['01/02/2026', 'Payment RCPT-7', '', 'K1,000.00', 'K1,320.00'],
      ['20/04/2026', 'Invoice INV-2026-0009', 'K580.00', '', 'K1,900.00'],
      ['25/04/2026', 'Credit note CN-2026-0001', '', 'K116.00', 'K1,784.00'],
      ['26/04/2026', 'Invoice INV-2026-0010In USD: not in the balance', 'USD 40.00', '', 'K1,784.00'],
    ]);
    expect(Array.from(screen.querySelectorAll('tbody a'), (link) => link.getAttribute('href'))).toEqual([
      '/invoices/inv-1',
      '/invoices/inv-2',
      '/invoices/inv-3',
    ]);
    expect(figures(screen.querySelector('.sales-balance'))).toEqual([['Balance on 30/04/2026', 'K1,784.00 (K1,784.00 owed)']]);
    expect(figures(screen.querySelector('.sales-aging'))).toEqual([
      ['Not yet due', 'K464.00'],
      ['1–30 days overdue', 'K0.00'],
      ['31–60 days overdue', 'K0.00'],
      ['61–90 days overdue', 'K1,320.00'],
      ['More than 90 days overdue', 'K0.00'],
    ]);
    expect(await axeViolations(screen)).toEqual([]);
  });

  it('shows the statement as of another date', async () => {
    const { api, screen } = await openCustomer();

    typeInto(document.getElementById('statement-asOf') as HTMLInputElement, '31/01/2026');
    click(findByText(screen, 'button', 'Show') as HTMLElement);

    await waitFor(() => api.calls(`GET ${ORG}/customers/cust-mwale/statement`).some((call) => call.query.get('as_of') === '2026-01-31'));
  });

  it('says a customer in credit is in credit', async () => {
    await signedInToSales({
      [`GET ${ORG}/customers/cust-mwale`]: MWALE,
      [`GET ${ORG}/customers/cust-mwale/statement`]: statement({
        lines: [statementLine({ document_type: 'receipt', debit: '0.00', credit: '200.00', balance: '-200.00', reference: 'RCPT-9' })],
        balance: '-200.00',
      }),
    });
    const screen = renderIntoDocument(<CustomerScreen params={{ customerId: 'cust-mwale' }} />);

    await waitFor(() => screen.querySelector('.sales-balance'));
    expect(figures(screen.querySelector('.sales-balance'))).toEqual([['Balance on 30/04/2026', '-K200.00 (K200.00 in credit)']]);
  });

  it('offers no edit or invoice to a role that may only read customers', async () => {
    const { screen } = await openCustomer(['customers:read']);

    expect(findByText(screen, 'a', 'Edit')).toBeUndefined();
    expect(findByText(screen, 'a', 'New invoice')).toBeUndefined();
  });

  it('shows the customer and statement last seen when offline, saying how old they are', async () => {
    const { api } = await openCustomer();
    await new Promise((resolve) => setTimeout(resolve, 50));
    cleanup();
    const offline = (): Response => {
      throw new TypeError('Failed to fetch');
    };
    api.on(`GET ${ORG}/customers/cust-mwale`, offline);
    api.on(`GET ${ORG}/customers/cust-mwale/statement`, offline);
    api.on(`GET ${ORG}/customers/cust-mwale/statement/emails`, offline);

    const screen = renderIntoDocument(<CustomerScreen params={{ customerId: 'cust-mwale' }} />);

    await waitFor(() => screen.querySelectorAll('p.muted').length === 2);
    expect(screen.querySelector('p.muted')?.textContent).toContain('Saved copy from');
    expect(screen.querySelector('h2')?.textContent).toBe('Mwale Builders');
    expect(rows(screen)).toHaveLength(5);
    expect(screen.querySelector('[role="alert"]')?.textContent).toMatch(/could not be reached|offline/);
  });
});

describe('its statement as a document', () => {
  const SENDER = [...SALES_PERMISSIONS, 'invoices:issue'];
  const STATEMENT_EMAIL = documentEmail({
    id: 'mail-5',
    document_type: 'statement',
    document_id: 'cust-mwale',
    subject: 'Statement of account from Chanda Hardware Ltd as of 2026-01-31',
    attachment: 'statement-2026-01-31.pdf',
  });
  const actions = (screen: HTMLElement): string[] => Array.from(screen.querySelectorAll('.document-actions button'), (button) => button.textContent ?? '');

  it('is downloaded as a PDF as of the date shown, with the session and the server’s file name', async () => {
    recordBlobUrls();
    const saved: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push(this.download);
    });
    const { api, screen } = await openCustomer(undefined, {
      [`GET ${ORG}/customers/cust-mwale/statement/pdf`]: () =>
        new Response('%PDF-1.4', { headers: { 'Content-Type': 'application/pdf', 'Content-Disposition': 'inline; filename="statement-2026-01-31.pdf"' } }),
    });
    expect(actions(screen)).toEqual(['Download statement PDF']); // no e-mail without invoices:issue

    typeInto(document.getElementById('statement-asOf') as HTMLInputElement, '31/01/2026');
    click(findByText(screen, 'button', 'Show') as HTMLElement);
    await waitFor(() => api.calls(`GET ${ORG}/customers/cust-mwale/statement`).some((call) => call.query.get('as_of') === '2026-01-31'));
    click(findByText(screen, 'button', 'Download statement PDF') as HTMLElement);

    await waitFor(() => saved.length === 1);
    expect(saved).toEqual(['statement-2026-01-31.pdf']);
    const [call] = api.calls(`GET ${ORG}/customers/cust-mwale/statement/pdf`);
    expect(call?.query.get('as_of')).toBe('2026-01-31');
    expect(call?.headers.get('Accept')).toBe('application/pdf');
  });

  it('is e-mailed with a preview in the same dialog, and its e-mails are listed again', async () => {
    const { api, screen } = await openCustomer(SENDER, {
      [`POST ${ORG}/customers/cust-mwale/statement/send/preview`]: emailPreview({
        subject: 'Statement of account from Chanda Hardware Ltd as of 2026-04-30',
        attachment: 'statement-2026-04-30.pdf',
      }),
      [`POST ${ORG}/customers/cust-mwale/statement/send`]: new Response(JSON.stringify(STATEMENT_EMAIL), {
        status: 202,
        headers: { 'Content-Type': 'application/json' },
      }),
    });
    await waitFor(() => findByText(screen, '#statement-emails-title', 'Statement e-mails'));
    expect(actions(screen)).toEqual(['Download statement PDF', 'E-mail statement']);

    click(findByText(screen, 'button', 'E-mail statement') as HTMLElement);
    const dialog = await waitFor(() => document.querySelector<HTMLElement>('[role="alertdialog"]'));
    expect(dialog.querySelector('h2')?.textContent).toBe('E-mail this statement?');
    typeInto(dialog.querySelector('#send-message') as unknown as HTMLInputElement, 'Please settle the 61–90 days.');
    click(findByText(dialog, 'button', 'Preview the e-mail') as HTMLElement);
    await waitFor(() => dialog.querySelector('[data-testid="preview-attachment"]')?.textContent === 'statement-2026-04-30.pdf');
    expect(api.calls(`POST ${ORG}/customers/cust-mwale/statement/send/preview`)[0]?.body).toEqual({
      subject: null,
      message: 'Please settle the 61–90 days.',
      as_of: null,
    });
    expect(await axeViolations(dialog)).toEqual([]);
    api.on(`GET ${ORG}/customers/cust-mwale/statement/emails`, { items: [STATEMENT_EMAIL] });
    click(findByText(dialog, 'button', 'Send statement') as HTMLElement);

    await waitFor(() => document.querySelector('[role="alertdialog"]') === null);
    expect(api.calls(`POST ${ORG}/customers/cust-mwale/statement/send`)[0]?.body).toEqual({
      subject: null,
      message: 'Please settle the 61–90 days.',
      as_of: null,
    });
    const section = screen.querySelector<HTMLElement>('[aria-labelledby="statement-emails-title"]') as HTMLElement;
    await waitFor(() => findByText(section, 'li', 'Waiting to be sent · To accounts@mwale.co.zm'));
    expect(await axeViolations(screen)).toEqual([]);
  });

  it('says why it cannot be e-mailed when the customer has no address', async () => {
    const { screen } = await openCustomer(SENDER, {
      [`POST ${ORG}/customers/cust-mwale/statement/send`]: problem(422, 'validation_failed', 'The document cannot be e-mailed.', {
        errors: [{ field: 'customer_id', code: 'customer_email_missing', message: 'The customer has no e-mail address.' }],
      }),
    });

    click(findByText(screen, 'button', 'E-mail statement') as HTMLElement);
    const dialog = await waitFor(() => document.querySelector<HTMLElement>('[role="alertdialog"]'));
    click(findByText(dialog, 'button', 'Send statement') as HTMLElement);

    await waitFor(() => findByText(dialog, '[role="alert"]', 'The customer has no e-mail address. Add one to the customer first.'));
  });

  it('lists the statements e-mailed: sent, and not sent with the reason', async () => {
    const { screen } = await openCustomer(undefined, {
      [`GET ${ORG}/customers/cust-mwale/statement/emails`]: {
        items: [
          { ...STATEMENT_EMAIL, id: 'mail-7', status: 'failed', attempts: 8, last_error: '550 mailbox unavailable' },
          { ...STATEMENT_EMAIL, status: 'sent', attempts: 1, sent_at: '2026-03-02T08:00:05Z' },
        ],
      },
    });

    const section = await waitFor(() => screen.querySelector<HTMLElement>('[aria-labelledby="statement-emails-title"]'));
    const items = await waitFor(() => {
      const found = Array.from(section.querySelectorAll('li'), (item) => item.textContent ?? '');
      return found.length === 2 ? found : null;
    });
    expect(items[0]).toContain('Not sent · To accounts@mwale.co.zm');
    expect(items[0]).toContain('Reason: 550 mailbox unavailable');
    expect(items[1]).toContain('Sent · To accounts@mwale.co.zm · Statement of account from Chanda Hardware Ltd as of 2026-01-31');
    expect(await axeViolations(section)).toEqual([]);
  });
});
