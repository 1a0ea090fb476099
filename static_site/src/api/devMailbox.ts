/** The dev mailbox: e-mail caught by the local SMTP server; the API has it only locally. */
import { api } from './client';
import type { components } from './schema';

/** One caught e-mail; `received_at` is an ISO-8601 instant. */
export type MailboxMessage = components['schemas']['MailboxMessage'];

/** `GET /api/v1/dev/mailbox`: newest first. */
export type Mailbox = components['schemas']['Mailbox'];

export function listDevMailbox(signal?: AbortSignal): Promise<Mailbox> {
  return api.call('get', '/api/v1/dev/mailbox', { signal });
}
