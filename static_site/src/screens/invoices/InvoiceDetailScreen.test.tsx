import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Invoice } from '../../api/invoices';
import { axeViolations } from '../../test/axe';
import { cleanup, click, findByText, renderIntoDocument, typeInto, waitFor } from '../../test/dom';
import { problem, resetSession } from '../../test/fakeApi';
import { documentEmail, emailPreview, onScreen, recordBlobUrls } from '../documents/testing';
import InvoiceDetailScreen from './InvoiceDetailScreen';
import { invoice, ORG, payment, signedInToInvoices } from './testing';

// A phone unless a test says otherwise: the PDF is fetched only when asked for.
beforeEach(() => onScreen('phone'));

afterEach(() => {
  cleanup();
  resetSession();
});

const HISTORY = {
  items: [
    { occurred_at: '2026-03-14T08:00:00Z', event: 'created', actor_user_id: 'u-1', actor_name: 'Chanda Mwila', amount: null, reference: null, related_id: null },
    { occurred_at: '2026-03-14T08:30:00Z', event: 'issued', actor_user_id: 'u-1', actor_name: 'Chanda Mwila', amount: '1160.00', reference: 'INV-2026-00042', related_id: 'entry-1' },
    { occurred_at: '2026-03-20T12:05:00Z', event: 'payment_applied', actor_user_id: 'u-2', actor_name: 'Mutinta Phiri', amount: '500.00', reference: 'MP240320.1234', related_id: 'pay-1' },
  ],
};

async function openInvoice(shown: Invoice, permissions?: readonly string[], routes: Record<string, object> = {}) {
  const api = await signedInToInvoices(
    {
      [`GET ${ORG}/invoices/${shown.id}`]: shown,
      [`GET ${ORG}/invoices/${shown.id}/history`]: HISTORY,
      [`GET ${ORG}/invoices/${shown.id}/emails`]: { items: [] },
      [`GET ${ORG}/credit-notes/cn-1/emails`]: { items: [] },
      [`GET ${ORG}/payments`]: { items: [payment()], next_cursor: null },
      [`GET ${ORG}/credit-notes`]: {
        items: [{ id: 'cn-1', invoice_id: shown.id, number: 'CN-2026-00003', issue_date: '2026-03-21', reason_code: '03', reason: 'Two bags split', amount: '232.00', journal_entry_id: 'entry-3' }],
        next_cursor: null,
      },
      ...routes,
    },
    permissions,
  );
  const screen = renderIntoDocument(<InvoiceDetailScreen params={{ invoiceId: shown.id }} />);
  await waitFor(() => screen.querySelector('.invoice-detail'));
  return { api, screen };
}

const actions = (screen: HTMLElement): string[] => Array.from(screen.querySelectorAll('.invoice-actions > *'), (action) => action.textContent ?? '');

const QUEUED_EMAIL = {
  id: 'mail-1',
  document_type: 'invoice',
  document_id: 'inv-1',
  recipient: 'accounts@mwale.co.zm',
  subject: 'Invoice INV-2026-00001 from Chanda Hardware Ltd',
  message: '',
  attachment: 'INV-2026-00001.pdf',
  status: 'queued',
  attempts: 0,
  last_error: null,
  queued_by: 'user-1',
  queued_at: '2026-03-02T08:00:00Z',
  sent_at: null,
};
const PART_PAID = invoice({ status: 'partially_paid', amount_paid: '500.00', amount_credited: '232.00', outstanding: '428.00' });

describe('an issued invoice', () => {
  it('shows its lines, tax, what was paid and credited, and its history', async () => {
    const { api, screen } = await openInvoice(PART_PAID);

    expect(screen.querySelector('.invoice-detail__number')?.textContent).toBe('INV-2026-00042 Partly paid');
    expect(screen.querySelector('.facts')?.textContent).toContain('CustomerKabwe Hardware Ltd');
    expect(screen.querySelector('.invoice-detail__line')?.textContent).toBe(
      'Cement 50 kg10 × K116.00 · A · Standard ratedLine total K1,160.00, of which tax K160.00 (category A).',
    );
    expect(screen.querySelector('.totals--settlement')?.textContent).toBe('PaidK500.00CreditedK232.00Still owedK428.00');
    expect(screen.querySelector('.invoice-detail__records li > span')?.textContent).toBe('K500.00 · 20/03/2026 · Mobile money · MP240320.1234');
    expect(findByText(screen, '.invoice-detail__records li > span', 'CN-2026-00003')?.textContent).toBe(
      'CN-2026-00003 · K232.00 · 21/03/2026 · Damaged goods (Two bags split)',
    );
    expect(Array.from(screen.querySelectorAll('.invoice-history li'), (item) => item.textContent)).toEqual([
      '14/03/2026 10:00 Draft created · by Chanda Mwila',
      '14/03/2026 10:30 Issued · K1,160.00 · INV-2026-00042 · by Chanda Mwila',
      '20/03/2026 14:05 Payment applied · K500.00 · MP240320.1234 · by Mutinta Phiri',
    ]);
    expect(api.calls(`GET ${ORG}/payments`)[0]?.query.get('invoice_id')).toBe('inv-1');
    expect(actions(screen)).toEqual(['Record a payment', 'Issue a credit note', 'Download PDF', 'Send to the customer']);
    expect(await axeViolations(screen)).toEqual([]);
  });

  it('is paid in full: nothing more to collect or credit, only sending', async () => {
    const { screen } = await openInvoice(invoice({ status: 'paid', amount_paid: '1160.00', outstanding: '0.00' }));

    expect(actions(screen)).toEqual(['Download PDF', 'Send to the customer']);
  });

  it('is sent after a confirmation, and says so', async () => {
    const { api, screen } = await openInvoice(invoice(), undefined, { [`POST ${ORG}/invoices/inv-1/send`]: QUEUED_EMAIL });

    click(findByText(screen, 'button', 'Send to the customer') as HTMLElement);
    const dialog = await waitFor(() => document.querySelector<HTMLElement>('[role="alertdialog"]'));
    click(findByText(dialog, 'button', 'Send invoice') as HTMLElement);

    await waitFor(() => api.calls(`POST ${ORG}/invoices/inv-1/send`).length === 1);
    expect(api.calls(`POST ${ORG}/invoices/inv-1/send`)[0]?.body).toEqual({ subject: null, message: '' });
    await waitFor(() => document.querySelector('[role="alertdialog"]') === null);
  });

  it('says why it cannot be sent when the customer has no e-mail', async () => {
    const { screen } = await openInvoice(invoice(), undefined, {
      [`POST ${ORG}/invoices/inv-1/send`]: problem(422, 'customer_email_missing', 'The invoice cannot be sent.', {
        errors: [{ field: 'customer_id', code: 'customer_email_missing', message: 'The customer has no e-mail address.' }],
      }),
    });

    click(findByText(screen, 'button', 'Send to the customer') as HTMLElement);
    const dialog = await waitFor(() => document.querySelector<HTMLElement>('[role="alertdialog"]'));
    click(findByText(dialog, 'button', 'Send invoice') as HTMLElement);

    await waitFor(() => findByText(dialog, '[role="alert"]', 'The customer has no e-mail address. Add one to the customer first.'));
  });

  it('offers only the PDF to someone who may only read invoices', async () => {
    const { screen } = await openInvoice(PART_PAID, ['invoices:read']);

    expect(actions(screen)).toEqual(['Download PDF']);
    // Without customers:read there is no name to show.
    expect(screen.querySelector('.facts')?.textContent).toContain('Customer—');
  });
});

describe('its documents', () => {
  const SENT_EMAIL = { ...QUEUED_EMAIL, id: 'mail-2', status: 'sent', attempts: 1, sent_at: '2026-03-02T08:00:05Z' };
  const FAILED_EMAIL = {
    ...QUEUED_EMAIL,
    id: 'mail-3',
    status: 'failed',
    attempts: 8,
    last_error: 'SMTP server refused the message: 550 mailbox unavailable',
  };

  it('is sent with the subject and message written in the dialog, which is accessible', async () => {
    const { api, screen } = await openInvoice(invoice(), undefined, { [`POST ${ORG}/invoices/inv-1/send`]: QUEUED_EMAIL });

    click(findByText(screen, 'button', 'Send to the customer') as HTMLElement);
    const dialog = await waitFor(() => document.querySelector<HTMLElement>('[role="alertdialog"]'));
    expect(dialog.textContent).toContain('with its PDF attached');
    expect(await axeViolations(dialog)).toEqual([]);
    typeInto(dialog.querySelector<HTMLInputElement>('#send-subject') as HTMLInputElement, '  Your cement order ');
    typeInto(dialog.querySelector('#send-message') as unknown as HTMLInputElement, 'Delivery is on Friday.');
    click(findByText(dialog, 'button', 'Send invoice') as HTMLElement);

    await waitFor(() => api.calls(`POST ${ORG}/invoices/inv-1/send`).length === 1);
    expect(api.calls(`POST ${ORG}/invoices/inv-1/send`)[0]?.body).toEqual({ subject: 'Your cement order', message: 'Delivery is on Friday.' });
  });

  it('says in its words why a subject is refused, and keeps the dialog open', async () => {
    const { screen } = await openInvoice(invoice(), undefined, {
      [`POST ${ORG}/invoices/inv-1/send`]: problem(422, 'subject_invalid', 'The document cannot be e-mailed.', {
        errors: [{ field: 'subject', code: 'subject_invalid', message: 'A subject of 1 to 200 characters on one line.' }],
      }),
    });

    click(findByText(screen, 'button', 'Send to the customer') as HTMLElement);
    const dialog = await waitFor(() => document.querySelector<HTMLElement>('[role="alertdialog"]'));
    click(findByText(dialog, 'button', 'Send invoice') as HTMLElement);

    await waitFor(() => findByText(dialog, '[role="alert"]', 'Write a subject of up to 200 characters on one line, or leave it empty.'));
  });

  it('lists its e-mails: sent, and not sent with the mail server’s reason', async () => {
    const { screen } = await openInvoice(invoice(), undefined, { [`GET ${ORG}/invoices/inv-1/emails`]: { items: [FAILED_EMAIL, SENT_EMAIL] } });

    const section = screen.querySelector<HTMLElement>('[aria-labelledby="invoice-emails-title"]') as HTMLElement;
    const items = Array.from(section.querySelectorAll('li'), (item) => item.textContent ?? '');
    expect(items[0]).toContain('Not sent · To accounts@mwale.co.zm');
    expect(items[0]).toContain('Reason: SMTP server refused the message: 550 mailbox unavailable');
    expect(items[1]).toContain('Sent · To accounts@mwale.co.zm · Invoice INV-2026-00001 from Chanda Hardware Ltd');
    expect(items[1]).not.toContain('Reason');
    expect(await axeViolations(section)).toEqual([]);
  });

  it('downloads its PDF with the session and the server’s file name', async () => {
    const { createObjectURL, revokeObjectURL } = URL;
    URL.createObjectURL = vi.fn(() => 'blob:invoice');
    URL.revokeObjectURL = vi.fn();
    const saved: string[] = [];
    const clickLink = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push(this.download);
    });
    try {
      const { api, screen } = await openInvoice(invoice(), undefined, {
        [`GET ${ORG}/invoices/inv-1/pdf`]: () =>
          new Response('%PDF-1.4', { headers: { 'Content-Type': 'application/pdf', 'Content-Disposition': 'inline; filename="INV-2026-00001.pdf"' } }),
      });

      click(findByText(screen, 'button', 'Download PDF') as HTMLElement);

      await waitFor(() => saved.length === 1);
      expect(saved).toEqual(['INV-2026-00001.pdf']);
      expect(api.calls(`GET ${ORG}/invoices/inv-1/pdf`)[0]?.headers.get('Accept')).toBe('application/pdf');
    } finally {
      clickLink.mockRestore();
      URL.createObjectURL = createObjectURL;
      URL.revokeObjectURL = revokeObjectURL;
    }
  });
});

describe('a draft', () => {
  const DRAFT = invoice({ id: 'inv-7', status: 'draft', number: null, outstanding: '0.00', journal_entry_id: null, issued_at: null });

  it('can be edited, issued or voided, and has no payments yet', async () => {
    const { api, screen } = await openInvoice(DRAFT);

    expect(actions(screen)).toEqual(['Edit draft', 'Issue invoice', 'Void draft']);
    expect(findByText(screen, 'a', 'Edit draft')?.getAttribute('href')).toBe('/invoices/inv-7/edit');
    expect(screen.querySelector('.totals--settlement')).toBeNull();
    expect(api.calls(`GET ${ORG}/payments`)).toHaveLength(0);
  });

  it('is issued after a confirmation that says its total, then shown again', async () => {
    const { api, screen } = await openInvoice(DRAFT, undefined, {
      [`POST ${ORG}/invoices/inv-7/issue`]: invoice({ id: 'inv-7', number: 'INV-2026-00043' }),
    });

    click(findByText(screen, 'button', 'Issue invoice') as HTMLElement);
    const dialog = await waitFor(() => document.querySelector<HTMLElement>('[role="alertdialog"]'));
    expect(dialog.textContent).toContain('The invoice for K1,160.00 gets its number');
    api.on(`GET ${ORG}/invoices/inv-7`, invoice({ id: 'inv-7', number: 'INV-2026-00043' }));
    click(findByText(dialog, 'button', 'Issue invoice') as HTMLElement);

    await waitFor(() => screen.querySelector('.invoice-detail__number')?.textContent === 'INV-2026-00043 Issued');
    expect(api.calls(`POST ${ORG}/invoices/inv-7/issue`)).toHaveLength(1);
  });

  it('is voided after a warning', async () => {
    const { api, screen } = await openInvoice(DRAFT, undefined, { [`POST ${ORG}/invoices/inv-7/void`]: { ...DRAFT, status: 'void' } });

    click(findByText(screen, 'button', 'Void draft') as HTMLElement);
    const dialog = await waitFor(() => document.querySelector<HTMLElement>('[role="alertdialog"]'));
    expect(dialog.textContent).toContain('This cannot be undone.');
    api.on(`GET ${ORG}/invoices/inv-7`, { ...DRAFT, status: 'void' });
    click(findByText(dialog, 'button', 'Void draft') as HTMLElement);

    await waitFor(() => screen.querySelector('.invoice-detail__number')?.textContent?.includes('Void'));
    expect(actions(screen)).toEqual([]);
  });
});

const openSendDialog = async (screen: HTMLElement, button = 'Send to the customer'): Promise<HTMLElement> => {
  click(findByText(screen, 'button', button) as HTMLElement);
  return waitFor(() => document.querySelector<HTMLElement>('[role="alertdialog"]'));
};

describe('the send dialog’s preview', () => {
  it('shows what the customer will receive with the message written, and queues nothing', async () => {
    const { api, screen } = await openInvoice(invoice(), undefined, { [`POST ${ORG}/invoices/inv-1/send/preview`]: emailPreview() });

    const dialog = await openSendDialog(screen);
    typeInto(dialog.querySelector('#send-message') as unknown as HTMLInputElement, ' Delivery is on Friday. ');
    click(findByText(dialog, 'button', 'Preview the e-mail') as HTMLElement);

    const card = await waitFor(() => dialog.querySelector<HTMLElement>('.email-preview'));
    expect(api.calls(`POST ${ORG}/invoices/inv-1/send/preview`)[0]?.body).toEqual({ subject: null, message: 'Delivery is on Friday.' });
    expect(Array.from(card.querySelectorAll('.email-preview__headers > div'), (row) => row.textContent)).toEqual([
      'ToKabwe Hardware Ltd <accounts@kabwe-hardware.co.zm>',
      'Replies go tobilling@lusaka-traders.co.zm',
      'SubjectInvoice INV-2026-00042 from Lusaka Traders Ltd',
      'AttachedINV-2026-00042.pdf',
    ]);
    expect(card.querySelector('.email-preview__text')?.textContent).toContain('Delivery is on Friday.');
    expect(api.calls(`POST ${ORG}/invoices/inv-1/send`)).toHaveLength(0);
    expect(await axeViolations(dialog)).toEqual([]);

    // Written after the preview: it says so, and previews again with the new words.
    typeInto(dialog.querySelector<HTMLInputElement>('#send-subject') as HTMLInputElement, 'Your cement order');
    expect(card.textContent).toContain('The subject or message changed since this preview.');
    click(findByText(dialog, 'button', 'Preview again') as HTMLElement);
    await waitFor(() => api.calls(`POST ${ORG}/invoices/inv-1/send/preview`).length === 2);
    expect(api.calls(`POST ${ORG}/invoices/inv-1/send/preview`)[1]?.body).toEqual({ subject: 'Your cement order', message: 'Delivery is on Friday.' });
    await waitFor(() => !(dialog.textContent ?? '').includes('changed since this preview'));
  });

  it('puts a refused subject on the subject field, and the customer’s missing address in words', async () => {
    const { api, screen } = await openInvoice(invoice(), undefined, {
      [`POST ${ORG}/invoices/inv-1/send/preview`]: problem(422, 'validation_failed', 'The document cannot be e-mailed.', {
        errors: [
          { field: 'subject', code: 'subject_invalid', message: 'A subject of 1 to 200 characters on one line.' },
          { field: 'customer_id', code: 'customer_email_missing', message: 'The customer has no e-mail address.' },
        ],
      }),
    });

    const dialog = await openSendDialog(screen);
    click(findByText(dialog, 'button', 'Preview the e-mail') as HTMLElement);

    const alert = await waitFor(() => dialog.querySelector<HTMLElement>('[role="alert"]'));
    expect(alert.textContent).toBe(
      'Write a subject of up to 200 characters on one line, or leave it empty. The customer has no e-mail address. Add one to the customer first.',
    );
    const subject = dialog.querySelector<HTMLInputElement>('#send-subject') as HTMLInputElement;
    expect(subject.getAttribute('aria-invalid')).toBe('true');
    expect(dialog.querySelector('#send-subject-error')?.textContent).toContain('Write a subject of up to 200 characters');
    expect(subject.getAttribute('aria-describedby')).toContain('send-subject-error');
    expect(dialog.querySelector('.email-preview')).toBeNull();
    expect(api.calls(`POST ${ORG}/invoices/inv-1/send`)).toHaveLength(0);
    expect(await axeViolations(dialog)).toEqual([]);
  });

  it('puts a message the server refuses on the message field when sending, and keeps the dialog open', async () => {
    const { screen } = await openInvoice(invoice(), undefined, {
      [`POST ${ORG}/invoices/inv-1/send`]: problem(422, 'validation_failed', 'The document cannot be e-mailed.', {
        errors: [{ field: 'message', code: 'message_too_long', message: 'At most 5000 characters.' }],
      }),
    });

    const dialog = await openSendDialog(screen);
    click(findByText(dialog, 'button', 'Send invoice') as HTMLElement);

    await waitFor(() => dialog.querySelector('#send-message-error'));
    expect(dialog.querySelector('#send-message-error')?.textContent).toContain('Shorten the message to 5,000 characters or fewer.');
    expect(dialog.querySelector('#send-message')?.getAttribute('aria-invalid')).toBe('true');
    expect(document.querySelector('[role="alertdialog"]')).not.toBeNull();
  });
});

describe('its e-mail history', () => {
  it('says an e-mail still waiting, with the mail server’s last reason and the attempts so far', async () => {
    const waiting = documentEmail({ attempts: 2, last_error: 'could not deliver to 127.0.0.1:2525: connection refused' });
    const { screen } = await openInvoice(invoice(), undefined, { [`GET ${ORG}/invoices/inv-1/emails`]: { items: [waiting] } });

    const item = screen.querySelector('[aria-labelledby="invoice-emails-title"] li') as HTMLElement;
    expect(item.textContent).toContain('Waiting to be sent · To accounts@mwale.co.zm');
    expect(item.textContent).toContain('Reason: could not deliver to 127.0.0.1:2525: connection refused · Attempts so far: 2');
    expect(item.querySelector('.notice--error')).toBeNull();
  });
});

describe('its credit notes', () => {
  it('each has its PDF, is sent with the same dialog, and lists its e-mails again once sent', async () => {
    const queued = documentEmail({ id: 'mail-9', document_type: 'credit_note', document_id: 'cn-1', subject: 'Credit note CN-2026-00003 from Lusaka Traders Ltd' });
    const { api, screen } = await openInvoice(PART_PAID, undefined, {
      [`POST ${ORG}/credit-notes/cn-1/send/preview`]: emailPreview({ subject: 'Credit note CN-2026-00003 from Lusaka Traders Ltd', attachment: 'CN-2026-00003.pdf' }),
      [`POST ${ORG}/credit-notes/cn-1/send`]: new Response(JSON.stringify(queued), { status: 202, headers: { 'Content-Type': 'application/json' } }),
    });
    const note = findByText(screen, '.invoice-detail__credit-note', 'CN-2026-00003') as HTMLElement;
    await waitFor(() => findByText(note, 'p', 'Not e-mailed yet.'));
    expect(note.querySelector('h3')?.textContent).toBe('E-mails of CN-2026-00003');
    expect(Array.from(note.querySelectorAll('.document-actions button'), (button) => button.textContent)).toEqual(['Download PDF', 'Send']);

    const dialog = await openSendDialog(note, 'Send');
    expect(dialog.querySelector('h2')?.textContent).toBe('Send this credit note?');
    expect(dialog.textContent).toContain('Leave it empty for “Credit note CN-2026-00003 from your business”.');
    click(findByText(dialog, 'button', 'Preview the e-mail') as HTMLElement);
    await waitFor(() => dialog.querySelector('[data-testid="preview-attachment"]')?.textContent === 'CN-2026-00003.pdf');
    api.on(`GET ${ORG}/credit-notes/cn-1/emails`, { items: [queued] });
    click(findByText(dialog, 'button', 'Send credit note') as HTMLElement);

    await waitFor(() => document.querySelector('[role="alertdialog"]') === null);
    expect(api.calls(`POST ${ORG}/credit-notes/cn-1/send`)[0]?.body).toEqual({ subject: null, message: '' });
    expect(api.calls(`POST ${ORG}/invoices/inv-1/send`)).toHaveLength(0);
    await waitFor(() => findByText(note, 'li', 'Waiting to be sent · To accounts@mwale.co.zm · Credit note CN-2026-00003'));
    expect(await axeViolations(note)).toEqual([]);
  });

  it('offers no Send to someone who may only read invoices, but the PDF', async () => {
    const { screen } = await openInvoice(PART_PAID, ['invoices:read']);
    const note = findByText(screen, '.invoice-detail__credit-note', 'CN-2026-00003') as HTMLElement;
    expect(Array.from(note.querySelectorAll('.document-actions button'), (button) => button.textContent)).toEqual(['Download PDF']);
  });
});

describe('its PDFs', () => {
  const pdf = (fileName: string) => () =>
    new Response('%PDF-1.4', { headers: { 'Content-Type': 'application/pdf', 'Content-Disposition': `inline; filename="${fileName}"` } });

  it('is shown in the page on a desktop, fetched with the session, and its blob URL revoked when left', async () => {
    onScreen('desktop');
    const urls = recordBlobUrls();
    const { api, screen } = await openInvoice(invoice(), undefined, { [`GET ${ORG}/invoices/inv-1/pdf`]: pdf('INV-2026-00042.pdf') });

    const frame = await waitFor(() => screen.querySelector<HTMLIFrameElement>('.pdf-preview__frame'));
    expect(frame.getAttribute('src')).toBe('blob:test-1');
    expect(frame.title).toBe('Preview of INV-2026-00042.pdf');
    expect(api.calls(`GET ${ORG}/invoices/inv-1/pdf`)[0]?.headers.get('Accept')).toBe('application/pdf');
    expect(urls.revoked).not.toContain('blob:test-1');
    cleanup();
    expect(urls.revoked).toContain('blob:test-1');
  });

  it('is not fetched on a phone until Download PDF is tapped', async () => {
    const { api, screen } = await openInvoice(invoice(), undefined, { [`GET ${ORG}/invoices/inv-1/pdf`]: pdf('INV-2026-00042.pdf') });

    expect(screen.querySelector('.pdf-preview')).toBeNull();
    expect(api.calls(`GET ${ORG}/invoices/inv-1/pdf`)).toHaveLength(0);
  });

  it('has each payment’s receipt and each credit note’s PDF, saved under the server’s name', async () => {
    const urls = recordBlobUrls();
    const saved: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push(this.download);
    });
    const { api, screen } = await openInvoice(PART_PAID, undefined, {
      [`GET ${ORG}/payments`]: { items: [payment(), payment({ id: 'pay-2', kind: 'refund', reference: 'REFUND-1' })], next_cursor: null },
      [`GET ${ORG}/payments/pay-1/receipt.pdf`]: pdf('RCPT-MP240320.1234.pdf'),
      [`GET ${ORG}/credit-notes/cn-1/pdf`]: pdf('CN-2026-00003.pdf'),
    });

    const receipts = Array.from(screen.querySelectorAll<HTMLButtonElement>('button'), (button) => button).filter((button) => button.textContent === 'Receipt PDF');
    expect(receipts).toHaveLength(1); // a refund has no receipt
    click(receipts[0] as HTMLElement);
    await waitFor(() => saved.length === 1);
    const note = findByText(screen, '.invoice-detail__credit-note', 'CN-2026-00003') as HTMLElement;
    click(findByText(note, 'button', 'Download PDF') as HTMLElement);
    await waitFor(() => saved.length === 2);

    expect(saved).toEqual(['RCPT-MP240320.1234.pdf', 'CN-2026-00003.pdf']);
    expect(api.calls(`GET ${ORG}/payments/pay-1/receipt.pdf`)).toHaveLength(1);
    expect(urls.made).toHaveLength(2);
    expect(receipts[0]?.getAttribute('aria-describedby')).toBe('payment-pay-1');
    expect(await axeViolations(screen)).toEqual([]);
  });
});
