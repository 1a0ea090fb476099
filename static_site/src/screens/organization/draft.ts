/**
 * The onboarding wizard's draft, kept on the phone so that a reload, a closed tab or a lost
 * connection loses nothing: the answers, the step, the logo, and a run already started.
 *
 * Kept with the app's other saved copies (IndexedDB's `recent` store), so it expires
 * (after 30 days) and is wiped at sign-out like every other copy of business data on a
 * shared phone. One draft per person, by user id. Where IndexedDB is unavailable (some
 * private modes) the answers go to localStorage instead, without the logo.
 *
 * IndexedDB writes are asynchronous and a page being closed or reloaded may not finish one:
 * what was typed since the last write is then stashed synchronously in localStorage
 * (`stashDraft`, on `pagehide`), merged back by the next `loadDraft` and removed from there.
 */
import { deleteRecent, readRecent, recentKey, saveRecent, type RecentKey } from '../../offline/recent';
import { EMPTY_PROFILE, type ProfileValues } from './rules';

export const WIZARD_STEPS = ['business', 'tax', 'contact', 'settings', 'review'] as const;
export type WizardStep = (typeof WIZARD_STEPS)[number];

export function isWizardStep(value: unknown): value is WizardStep {
  return typeof value === 'string' && (WIZARD_STEPS as readonly string[]).includes(value);
}

/** The logo as bytes: a `File` does not survive every IndexedDB implementation. */
export interface StoredLogo {
  readonly name: string;
  readonly type: string;
  readonly data: ArrayBuffer;
}

/** A run the server has accepted (202) and that the wizard is following. */
export interface StartedRun {
  readonly instanceId: string;
  readonly startedAt: number;
}

export interface Draft {
  readonly version: 1;
  readonly step: WizardStep;
  readonly values: ProfileValues;
  readonly logo: StoredLogo | null;
  /** Sent as `Idempotency-Key` on every attempt at the same submission. */
  readonly submissionKey: string;
  readonly run: StartedRun | null;
}

export const DRAFT_TTL_MS = 30 * 24 * 60 * 60 * 1000;

const keyOf = (userId: string): RecentKey<Draft> => recentKey<Draft>(`organization.draft:${userId}`, null, DRAFT_TTL_MS);
const storageKeyOf = (userId: string): string => `intellifin.organizationDraft:${userId}`;
const stashKeyOf = (userId: string): string => `intellifin.organizationDraftStash:${userId}`;

/** The last answers written in a hurry as the page went away; the logo stays in IndexedDB. */
interface Stash {
  readonly draft: Draft;
  readonly hasLogo: boolean;
  readonly savedAt: number;
}

export function newSubmissionKey(): string {
  return typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

export function emptyDraft(): Draft {
  return { version: 1, step: 'business', values: EMPTY_PROFILE, logo: null, submissionKey: newSubmissionKey(), run: null };
}

/** A stored draft, made whole: fields added since it was saved take their empty value. */
function revive(value: unknown): Draft | undefined {
  if (typeof value !== 'object' || value === null || (value as { version?: unknown }).version !== 1) {
    return undefined;
  }
  const stored = value as Partial<Draft>;
  return {
    version: 1,
    step: isWizardStep(stored.step) ? stored.step : 'business',
    values: { ...EMPTY_PROFILE, ...(stored.values ?? {}) },
    logo: stored.logo ?? null,
    submissionKey: typeof stored.submissionKey === 'string' ? stored.submissionKey : newSubmissionKey(),
    run: stored.run ?? null,
  };
}

export async function loadDraft(userId: string): Promise<Draft | undefined> {
  let saved: { readonly draft: Draft | undefined; readonly savedAt: number } | undefined;
  try {
    const copy = await readRecent(keyOf(userId));
    saved = { draft: copy === undefined ? undefined : revive(copy.value), savedAt: copy?.savedAt.getTime() ?? 0 };
  } catch {
    saved = undefined;
  }
  const stash = takeStash(userId);
  if (stash !== undefined && (saved === undefined || stash.savedAt > saved.savedAt)) {
    const merged: Draft = { ...stash.draft, logo: stash.hasLogo ? (saved?.draft?.logo ?? null) : null };
    await saveDraft(userId, merged);
    return merged;
  }
  if (saved !== undefined) {
    return saved.draft;
  }
  try {
    const text = localStorage.getItem(storageKeyOf(userId));
    return text === null ? undefined : revive(JSON.parse(text));
  } catch {
    return undefined;
  }
}

/** Writes the draft at once, synchronously (without the logo): for a page that is going away. */
export function stashDraft(userId: string, draft: Draft): void {
  const stash: Stash = { draft: { ...draft, logo: null }, hasLogo: draft.logo !== null, savedAt: Date.now() };
  try {
    localStorage.setItem(stashKeyOf(userId), JSON.stringify(stash));
  } catch {
    // Refused: the last IndexedDB write is what comes back.
  }
}

/** The stash, removed from localStorage as it is read. */
function takeStash(userId: string): Stash | undefined {
  try {
    const text = localStorage.getItem(stashKeyOf(userId));
    localStorage.removeItem(stashKeyOf(userId));
    if (text === null) {
      return undefined;
    }
    const parsed = JSON.parse(text) as Partial<Stash>;
    const draft = revive(parsed.draft);
    return draft === undefined || typeof parsed.savedAt !== 'number'
      ? undefined
      : { draft, hasLogo: parsed.hasLogo === true, savedAt: parsed.savedAt };
  } catch {
    return undefined;
  }
}

export async function saveDraft(userId: string, draft: Draft): Promise<void> {
  try {
    await saveRecent(keyOf(userId), draft);
    return;
  } catch {
    // IndexedDB unavailable: the answers at least, without the logo.
  }
  try {
    localStorage.setItem(storageKeyOf(userId), JSON.stringify({ ...draft, logo: null }));
  } catch {
    // Storage full or refused: the draft lasts as long as the page.
  }
}

export async function deleteDraft(userId: string): Promise<void> {
  try {
    localStorage.removeItem(storageKeyOf(userId));
    localStorage.removeItem(stashKeyOf(userId));
  } catch {
    // Nothing to remove.
  }
  try {
    await deleteRecent(keyOf(userId));
  } catch {
    // IndexedDB unavailable: nothing was saved there.
  }
}

export async function storedLogoOf(file: File): Promise<StoredLogo> {
  return { name: file.name, type: file.type, data: await readBytes(file) };
}

export function fileOf(logo: StoredLogo): File {
  return new File([logo.data], logo.name, { type: logo.type });
}

/** `Blob.arrayBuffer`, with FileReader for older Android browsers that lack it. */
function readBytes(blob: Blob): Promise<ArrayBuffer> {
  if (typeof blob.arrayBuffer === 'function') {
    return blob.arrayBuffer();
  }
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as ArrayBuffer);
    reader.onerror = () => reject(reader.error ?? new Error('could not read the file'));
    reader.readAsArrayBuffer(blob);
  });
}
