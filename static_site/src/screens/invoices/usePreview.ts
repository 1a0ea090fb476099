/**
 * The live tax preview: the draft as it stands is sent to `POST /invoices/preview` after a
 * pause in typing, and the server's lines and totals (or its refusal, field by field) come
 * back. Nothing is computed here; an answer to an older draft is never shown for a newer one.
 */
import { useEffect, useState } from 'preact/hooks';
import { ApiProblem } from '../../api/client';
import { previewInvoice, type Preview } from '../../api/invoices';
import type { DraftProblems, InvoiceRequest } from './draft';
import { draftProblemsFrom } from './problems';

/** Long enough that a phone on prepaid data does not send a preview per keystroke. */
export const PREVIEW_PAUSE_MS = 500;

export interface PreviewState {
  /** The last preview of the draft as it was sent, with the ids of the lines it covers. */
  readonly preview: { readonly answer: Preview; readonly sentLineIds: readonly string[] } | null;
  /** The server's refusal of the draft as it stands, on its fields. */
  readonly problems: DraftProblems<string> | null;
  /** A failure that is not a refusal (no connection). */
  readonly failure: unknown;
  /** A preview is on its way, or waiting for a pause in typing. */
  readonly pending: boolean;
}

const IDLE: PreviewState = { preview: null, problems: null, failure: undefined, pending: false };

export function usePreview(orgId: string, request: InvoiceRequest | null): PreviewState {
  const fingerprint = request === null ? null : JSON.stringify([request.body, request.sentLineIds]);
  const [state, setState] = useState<PreviewState>(IDLE);

  useEffect(() => {
    if (request === null) {
      setState(IDLE);
      return undefined;
    }
    setState((current) => ({ ...current, pending: true }));
    const controller = new AbortController();
    const timer = setTimeout(() => {
      previewInvoice(orgId, request.body, controller.signal).then(
        (answer) => {
          if (!controller.signal.aborted) {
            setState({ preview: { answer, sentLineIds: request.sentLineIds }, problems: null, failure: undefined, pending: false });
          }
        },
        (error: unknown) => {
          if (controller.signal.aborted) {
            return;
          }
          if (error instanceof ApiProblem && error.status === 422) {
            setState({ preview: null, problems: draftProblemsFrom(error, request.sentLineIds), failure: undefined, pending: false });
          } else {
            setState((current) => ({ ...current, failure: error, pending: false }));
          }
        },
      );
    }, PREVIEW_PAUSE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
    // The fingerprint stands for the request: a new object with the same content is the same draft.
  }, [orgId, fingerprint]);

  return state;
}
