/**
 * Posting a manual journal entry exactly once. Each submission carries an idempotency key;
 * the screen keeps the key while the entry stays the same, so pressing Post again after a
 * lost answer, or the outbox sending it later, gives back the entry already posted instead of
 * a second one. With no connection the entry waits in the outbox under the same key.
 */
import { api, ApiNetworkError, ApiTimeoutError } from '../../api/client';
import type { QueuedChange } from '../../offline/outbox';
import { newIdempotencyKey } from '../../offline/outbox';
import { outbox } from '../../offline/sync';
import { journalEntriesPath, type JournalEntry, type NewJournalEntry } from '../../api/ledger';

export type PostOutcome =
  | { readonly status: 'posted'; readonly entry: JournalEntry }
  | { readonly status: 'queued'; readonly change: QueuedChange };

/** The key of one entry's submissions: the same while the entry sent is the same. */
export class SubmissionKey {
  private key: string | null = null;
  private fingerprint: string | null = null;

  /** The key for sending `body`: the previous one if `body` has not changed, else a new one. */
  for(body: unknown): string {
    const fingerprint = JSON.stringify(body);
    if (this.key === null || fingerprint !== this.fingerprint) {
      this.key = newIdempotencyKey();
      this.fingerprint = fingerprint;
    }
    return this.key;
  }

  /** After the entry was posted or queued: the next one is another entry. */
  reset(): void {
    this.key = null;
    this.fingerprint = null;
  }
}

export async function postJournalEntry(
  orgId: string,
  body: NewJournalEntry,
  idempotencyKey: string,
  summary: string,
): Promise<PostOutcome> {
  const queue = async (): Promise<PostOutcome> => ({
    status: 'queued',
    change: await outbox.enqueue({ method: 'POST', path: journalEntriesPath(orgId), body, summary, id: idempotencyKey }),
  });
  if (!navigator.onLine) {
    return queue();
  }
  try {
    const entry = await api.call('post', '/api/v1/orgs/{org_id}/journal-entries', {
      path: { org_id: orgId },
      body,
      headers: { 'Idempotency-Key': idempotencyKey },
    });
    return { status: 'posted', entry };
  } catch (error) {
    // No answer: the entry may or may not have arrived. The outbox sends it again with the
    // same key, which posts it once either way.
    if (error instanceof ApiNetworkError || error instanceof ApiTimeoutError) {
      return queue();
    }
    throw error;
  }
}
