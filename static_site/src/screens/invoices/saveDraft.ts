/**
 * Saving a new draft invoice exactly once. The draft carries its idempotency key; with no
 * connection, or no answer (the draft may or may not have arrived), it waits in the outbox
 * under the same key, which the outbox sends again on reconnect: one draft either way.
 */
import { ApiNetworkError, ApiTimeoutError } from '../../api/client';
import { createInvoice, type Invoice, type InvoiceBody } from '../../api/invoices';
import type { QueuedChange } from '../../offline/outbox';
import { outbox } from '../../offline/sync';

export type DraftOutcome =
  | { readonly status: 'saved'; readonly invoice: Invoice }
  | { readonly status: 'queued'; readonly change: QueuedChange };

export async function saveNewDraft(orgId: string, body: InvoiceBody, idempotencyKey: string, summary: string): Promise<DraftOutcome> {
  const queue = async (): Promise<DraftOutcome> => ({
    status: 'queued',
    change: await outbox.enqueue({
      method: 'POST',
      path: `/api/v1/orgs/${encodeURIComponent(orgId)}/invoices`,
      body,
      summary,
      id: idempotencyKey,
    }),
  });
  if (!navigator.onLine) {
    return queue();
  }
  try {
    return { status: 'saved', invoice: await createInvoice(orgId, body, idempotencyKey) };
  } catch (error) {
    if (error instanceof ApiNetworkError || error instanceof ApiTimeoutError) {
      return queue();
    }
    throw error;
  }
}
