/**
 * For tests of the screens that show documents: e-mails and previews as the API answers them,
 * a screen as wide as a phone's or a desktop's, and blob URLs that are recorded.
 */
import { vi } from 'vitest';
import type { DocumentEmail, EmailPreview } from '../../api/documents';
import { DESKTOP_QUERY } from './useDesktop';

export function documentEmail(changes: Partial<DocumentEmail> = {}): DocumentEmail {
  return {
    id: 'mail-1',
    document_type: 'invoice',
    document_id: 'inv-1',
    recipient: 'accounts@mwale.co.zm',
    subject: 'Invoice INV-2026-00001 from Chanda Hardware Ltd',
    message: '',
    attachment: 'INV-2026-00001.pdf',
    status: 'queued',
    attempts: 0,
    last_error: null,
    queued_by: 'user-1',
    queued_at: '2026-03-02T08:00:00Z',
    sent_at: null,
    ...changes,
  };
}

export function emailPreview(changes: Partial<EmailPreview> = {}): EmailPreview {
  return {
    recipient: 'accounts@kabwe-hardware.co.zm',
    recipient_name: 'Kabwe Hardware Ltd',
    reply_to: 'billing@lusaka-traders.co.zm',
    subject: 'Invoice INV-2026-00042 from Lusaka Traders Ltd',
    text: 'Dear Kabwe Hardware Ltd,\n\nDelivery is on Friday.\n\nInvoice INV-2026-00042 for ZMW 1,160.00 is attached.\n',
    html: '<p>Delivery is on Friday.</p>',
    attachment: 'INV-2026-00042.pdf',
    ...changes,
  };
}

/** Makes the window answer `DESKTOP_QUERY` as a phone's (narrow) or a desktop's (wide) would. */
export function onScreen(width: 'phone' | 'desktop'): void {
  vi.stubGlobal(
    'matchMedia',
    vi.fn((query: string) => ({
      matches: query === DESKTOP_QUERY && width === 'desktop',
      media: query,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
    })),
  );
}

/** Replaces `URL.createObjectURL` and `revokeObjectURL`; the URLs made and revoked are recorded. */
export function recordBlobUrls(): { readonly made: string[]; readonly revoked: string[] } {
  const made: string[] = [];
  const revoked: string[] = [];
  vi.spyOn(URL, 'createObjectURL').mockImplementation(() => {
    const url = `blob:test-${made.length + 1}`;
    made.push(url);
    return url;
  });
  vi.spyOn(URL, 'revokeObjectURL').mockImplementation((url: string) => {
    revoked.push(url);
  });
  return { made, revoked };
}
