/**
 * The seam for OCR (issue #16 point 7). The API has no `/expenses/{id}/receipts/{rid}/extraction`
 * yet (its OpenAPI schema lists none), so nothing calls it: when it exists, `loadExtraction`
 * fetches it after the upload and the editor passes its fields to `applyExtraction`, which
 * fills only what the person has not typed and keeps the rest as it is.
 */
import type { Draft } from './draft';

/** What an extractor reads from a receipt, each with the confidence it has in it (0–1). */
export interface ExtractedFields {
  readonly date?: { readonly value: string; readonly confidence: number };
  readonly total?: { readonly value: string; readonly confidence: number };
  readonly zraReceiptNumber?: { readonly value: string; readonly confidence: number };
  readonly sdcId?: { readonly value: string; readonly confidence: number };
}

/** Below this a guess is not put into the form. */
export const MIN_CONFIDENCE = 0.6;

export function applyExtraction(draft: Draft, fields: ExtractedFields, today: string): Draft {
  const sure = (field: { readonly value: string; readonly confidence: number } | undefined): string | null =>
    field !== undefined && field.confidence >= MIN_CONFIDENCE ? field.value : null;
  const date = sure(fields.date);
  const total = sure(fields.total);
  const receipt = sure(fields.zraReceiptNumber);
  const sdc = sure(fields.sdcId);
  const [first, ...rest] = draft.lines;
  return {
    ...draft,
    date: date !== null && draft.date === today ? date : draft.date,
    zraReceiptNumber: receipt !== null && draft.zraReceiptNumber === '' ? receipt : draft.zraReceiptNumber,
    sdcId: sdc !== null && draft.sdcId === '' ? sdc : draft.sdcId,
    lines: first !== undefined && total !== null && first.amount === '' && rest.length === 0 ? [{ ...first, amount: total }] : draft.lines,
  };
}

/** The extraction of an uploaded receipt; always null until the API offers one. */
export async function loadExtraction(): Promise<ExtractedFields | null> {
  return null;
}
