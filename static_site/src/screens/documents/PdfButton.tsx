import { useState } from 'preact/hooks';
import type { DocumentRef } from '../../api/documents';
import { savePdf } from './pdf';
import { t } from './messages';

interface PdfButtonProps {
  readonly orgId: string;
  readonly document: DocumentRef;
  /** "Download PDF" unless told, e.g. "Receipt PDF". */
  readonly label?: string;
  /** What the button is about, for a list of them (e.g. "CN-2026-00003"): read after the label. */
  readonly describedBy?: string;
  readonly class?: string;
}

/** Downloads the document's PDF with the session (a plain link carries no sign-in), under the server's file name. */
export function PdfButton({ orgId, document, label, describedBy, class: className = 'button button--quiet' }: PdfButtonProps) {
  const [busy, setBusy] = useState(false);
  const download = async (): Promise<void> => {
    setBusy(true);
    try {
      await savePdf(orgId, document);
    } finally {
      setBusy(false);
    }
  };
  return (
    <button type="button" class={className} disabled={busy} aria-describedby={describedBy} onClick={() => void download()}>
      {label ?? t('documents.pdf.download')}
    </button>
  );
}
