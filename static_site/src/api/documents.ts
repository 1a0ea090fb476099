/**
 * The documents a customer is given (an invoice, a credit note, a statement, a payment's
 * receipt) as PDFs and as e-mails: the PDF fetched with the session, the e-mail previewed as
 * the customer would receive it, sent (queued, then delivered), and each document's e-mails.
 */
import { api } from './client';
import type { RequestBodyOf, ResponseOf } from './paths';

export type DocumentEmail = ResponseOf<'/api/v1/orgs/{org_id}/invoices/{invoice_id}/send', 'post'>;
export type EmailHistory = ResponseOf<'/api/v1/orgs/{org_id}/invoices/{invoice_id}/emails', 'get'>;
export type EmailStatus = DocumentEmail['status'];
export type EmailPreview = ResponseOf<'/api/v1/orgs/{org_id}/invoices/{invoice_id}/send/preview', 'post'>;
/** The subject (null: the server's own) and the sender's message. */
export type EmailBody = NonNullable<RequestBodyOf<'/api/v1/orgs/{org_id}/invoices/{invoice_id}/send', 'post'>>;

/** Which document: an invoice, a credit note, a customer's statement (as of a day, today by default), a payment's receipt. */
export type DocumentRef =
  | { readonly kind: 'invoice'; readonly id: string }
  | { readonly kind: 'credit_note'; readonly id: string }
  | { readonly kind: 'statement'; readonly id: string; readonly asOf?: string | undefined }
  | { readonly kind: 'receipt'; readonly id: string };

/** A PDF as fetched: its bytes and the server's file name. */
export interface DocumentPdf {
  readonly blob: Blob;
  readonly fileName: string;
}

const PDF_TIMEOUT_MS = 60_000;

/** The document as a PDF, fetched with the session's credentials (a plain link carries no sign-in). */
export async function downloadDocumentPdf(orgId: string, ref: DocumentRef): Promise<DocumentPdf> {
  const options = { accept: 'application/pdf', timeoutMs: PDF_TIMEOUT_MS } as const;
  switch (ref.kind) {
    case 'invoice': {
      const file = await api.download('/api/v1/orgs/{org_id}/invoices/{invoice_id}/pdf', { ...options, path: { org_id: orgId, invoice_id: ref.id } });
      return { blob: file.blob, fileName: file.fileName ?? 'invoice.pdf' };
    }
    case 'credit_note': {
      const file = await api.download('/api/v1/orgs/{org_id}/credit-notes/{credit_note_id}/pdf', {
        ...options,
        path: { org_id: orgId, credit_note_id: ref.id },
      });
      return { blob: file.blob, fileName: file.fileName ?? 'credit-note.pdf' };
    }
    case 'statement': {
      const file = await api.download('/api/v1/orgs/{org_id}/customers/{customer_id}/statement/pdf', {
        ...options,
        path: { org_id: orgId, customer_id: ref.id },
        query: ref.asOf === undefined ? {} : { as_of: ref.asOf },
      });
      return { blob: file.blob, fileName: file.fileName ?? 'statement.pdf' };
    }
    case 'receipt': {
      const file = await api.download('/api/v1/orgs/{org_id}/payments/{payment_id}/receipt.pdf', {
        ...options,
        path: { org_id: orgId, payment_id: ref.id },
      });
      return { blob: file.blob, fileName: file.fileName ?? 'receipt.pdf' };
    }
  }
}

/** E-mails the document with its PDF to its customer: queued (202), then delivered (see its e-mails). */
export function sendDocument(orgId: string, ref: DocumentRef, body: EmailBody): Promise<DocumentEmail> {
  switch (ref.kind) {
    case 'invoice':
      return api.call('post', '/api/v1/orgs/{org_id}/invoices/{invoice_id}/send', { path: { org_id: orgId, invoice_id: ref.id }, body });
    case 'credit_note':
      return api.call('post', '/api/v1/orgs/{org_id}/credit-notes/{credit_note_id}/send', { path: { org_id: orgId, credit_note_id: ref.id }, body });
    case 'statement':
      return api.call('post', '/api/v1/orgs/{org_id}/customers/{customer_id}/statement/send', {
        path: { org_id: orgId, customer_id: ref.id },
        body: { ...body, as_of: ref.asOf ?? null },
      });
    case 'receipt':
      return api.call('post', '/api/v1/orgs/{org_id}/payments/{payment_id}/receipt/send', { path: { org_id: orgId, payment_id: ref.id }, body });
  }
}

/** The e-mail the document would be sent in, rendered by the server; nothing is queued. */
export function previewDocumentEmail(orgId: string, ref: DocumentRef, body: EmailBody): Promise<EmailPreview> {
  switch (ref.kind) {
    case 'invoice':
      return api.call('post', '/api/v1/orgs/{org_id}/invoices/{invoice_id}/send/preview', { path: { org_id: orgId, invoice_id: ref.id }, body });
    case 'credit_note':
      return api.call('post', '/api/v1/orgs/{org_id}/credit-notes/{credit_note_id}/send/preview', {
        path: { org_id: orgId, credit_note_id: ref.id },
        body,
      });
    case 'statement':
      return api.call('post', '/api/v1/orgs/{org_id}/customers/{customer_id}/statement/send/preview', {
        path: { org_id: orgId, customer_id: ref.id },
        body: { ...body, as_of: ref.asOf ?? null },
      });
    case 'receipt':
      return api.call('post', '/api/v1/orgs/{org_id}/payments/{payment_id}/receipt/send/preview', {
        path: { org_id: orgId, payment_id: ref.id },
        body,
      });
  }
}

/** The document's e-mails, newest first, each queued, sent or failed with the reason. */
export function listDocumentEmails(orgId: string, ref: DocumentRef, signal?: AbortSignal): Promise<EmailHistory> {
  switch (ref.kind) {
    case 'invoice':
      return api.call('get', '/api/v1/orgs/{org_id}/invoices/{invoice_id}/emails', { path: { org_id: orgId, invoice_id: ref.id }, signal });
    case 'credit_note':
      return api.call('get', '/api/v1/orgs/{org_id}/credit-notes/{credit_note_id}/emails', { path: { org_id: orgId, credit_note_id: ref.id }, signal });
    case 'statement':
      return api.call('get', '/api/v1/orgs/{org_id}/customers/{customer_id}/statement/emails', { path: { org_id: orgId, customer_id: ref.id }, signal });
    case 'receipt':
      return api.call('get', '/api/v1/orgs/{org_id}/payments/{payment_id}/receipt/emails', { path: { org_id: orgId, payment_id: ref.id }, signal });
  }
}
