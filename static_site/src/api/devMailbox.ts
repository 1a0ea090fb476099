/** The dev mailbox: e-mail caught by the local SMTP server; the API has it only locally. */
import { api } from './client';

/** One caught e-mail. */
export interface MailboxMessage {
  readonly id: string;
  /** ISO-8601 instant. */
  readonly received_at: string;
  readonly sender: string;
  readonly recipients: readonly string[];
  readonly subject: string;
  readonly text: string | null;
  readonly html: string | null;
  /** File names of the attachments. */
  readonly attachments: readonly string[];
}

/** `GET /api/v1/dev/mailbox`: newest first. */
export interface Mailbox {
  readonly messages: readonly MailboxMessage[];
}

export function listDevMailbox(signal?: AbortSignal): Promise<Mailbox> {
  return api.request<Mailbox>('/api/v1/dev/mailbox', { signal });
}
