/**
 * Organizations this person scheduled for deletion from this phone, remembered so that
 * they can be restored during the grace period: once scheduled, an organization leaves
 * `/me` and `GET /api/v1/organizations`, and the API has no list of them.
 */

export interface ScheduledDeletion {
  readonly id: string;
  readonly name: string;
  /** ISO-8601 instant from the API's `deletion_due_at`. */
  readonly dueAt: string;
}

const keyOf = (userId: string): string => `intellifin.scheduledDeletions:${userId}`;

function isScheduledDeletion(value: unknown): value is ScheduledDeletion {
  const item = value as Partial<ScheduledDeletion> | null;
  return typeof item?.id === 'string' && typeof item.name === 'string' && typeof item.dueAt === 'string';
}

/** The ones still within their grace period. */
export function scheduledDeletions(userId: string, now: number = Date.now()): ScheduledDeletion[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(localStorage.getItem(keyOf(userId)) ?? '[]');
  } catch {
    return [];
  }
  return (Array.isArray(parsed) ? parsed : []).filter(isScheduledDeletion).filter((item) => Date.parse(item.dueAt) > now);
}

function write(userId: string, items: readonly ScheduledDeletion[]): void {
  try {
    if (items.length === 0) {
      localStorage.removeItem(keyOf(userId));
    } else {
      localStorage.setItem(keyOf(userId), JSON.stringify(items));
    }
  } catch {
    // Refused storage: restoring is then offered only until the screen closes.
  }
}

export function rememberDeletion(userId: string, deletion: ScheduledDeletion): void {
  write(userId, [...scheduledDeletions(userId).filter((item) => item.id !== deletion.id), deletion]);
}

export function forgetDeletion(userId: string, organizationId: string): void {
  write(
    userId,
    scheduledDeletions(userId).filter((item) => item.id !== organizationId),
  );
}
