import { useCallback } from 'preact/hooks';
import { api } from '../../api/client';
import { Link } from '../../app/Link';
import { useResource } from '../../app/useResource';
import { sourceLabel } from './display';
import { t } from './messages';

interface SourceLinkProps {
  readonly orgId: string;
  readonly sourceType: string;
  readonly sourceId: string | null;
}

/** Where a source document is shown: an invoice on its page, a note on its invoice's, a payment on its customer's. */
async function placeOf(orgId: string, sourceType: string, sourceId: string, signal: AbortSignal): Promise<string | null> {
  const path = { org_id: orgId };
  switch (sourceType) {
    case 'invoice':
      return `/invoices/${encodeURIComponent(sourceId)}`;
    case 'credit_note': {
      const note = await api.call('get', '/api/v1/orgs/{org_id}/credit-notes/{credit_note_id}', { path: { ...path, credit_note_id: sourceId }, signal });
      return `/invoices/${encodeURIComponent(note.invoice_id)}`;
    }
    case 'debit_note': {
      const note = await api.call('get', '/api/v1/orgs/{org_id}/debit-notes/{debit_note_id}', { path: { ...path, debit_note_id: sourceId }, signal });
      return `/invoices/${encodeURIComponent(note.invoice_id)}`;
    }
    case 'payment': {
      const payment = await api.call('get', '/api/v1/orgs/{org_id}/payments/{payment_id}', { path: { ...path, payment_id: sourceId }, signal });
      return `/customers/${encodeURIComponent(payment.customer_id)}`;
    }
    default:
      return null;
  }
}

/**
 * The entry's source, and a way to the document it came from: the last step of a drill-down
 * from a statement line. Where the document cannot be read (no permission, offline), the
 * kind of source is still named.
 */
export function SourceLink({ orgId, sourceType, sourceId }: SourceLinkProps) {
  const load = useCallback(
    (signal: AbortSignal) => (sourceId === null ? Promise.resolve(null) : placeOf(orgId, sourceType, sourceId, signal)),
    [orgId, sourceType, sourceId],
  );
  const place = useResource(load);
  const label = sourceLabel(sourceType);
  return place.data === undefined || place.data === null ? (
    <>{label}</>
  ) : (
    <Link href={place.data}>{t('ledger.journal.openSource', { source: label })}</Link>
  );
}
