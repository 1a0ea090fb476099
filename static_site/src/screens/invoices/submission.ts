/**
 * One idempotency key per document being created: the same while what is sent stays the
 * same, so pressing Save again after a lost answer gives back the document already created
 * instead of a second one; a changed document gets a new key (the API refuses a reused key
 * with a different body).
 */
import { newIdempotencyKey } from '../../offline/outbox';

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
}
