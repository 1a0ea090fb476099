import { useEffect, useState } from 'preact/hooks';
import { downloadDocumentPdf, type DocumentRef } from '../../api/documents';
import { Skeleton } from '../../components/States';
import './documents.css';
import { t } from './messages';
import { documentProblemSentence } from './problems';
import { useDesktop } from './useDesktop';

interface PdfPreviewProps {
  readonly orgId: string;
  readonly document: DocumentRef;
  /** Changes when what the PDF shows changes (a payment, a credit note), so it is fetched again. */
  readonly version: string;
  /** The heading's id, for the section's name. */
  readonly titleId: string;
}

type Shown = { readonly url: string; readonly fileName: string } | { readonly failure: string } | null;

/**
 * The document's PDF shown in the page on a wide screen, fetched with the session as a blob
 * URL (revoked when it is replaced or the page is left). On a phone nothing is fetched: the
 * Download PDF button opens it, so prepaid data is spent only when asked.
 */
export function PdfPreview({ orgId, document, version, titleId }: PdfPreviewProps) {
  const desktop = useDesktop();
  const [shown, setShown] = useState<Shown>(null);
  const { kind, id } = document;
  const asOf = document.kind === 'statement' ? document.asOf : undefined;
  useEffect(() => {
    if (!desktop) {
      return undefined;
    }
    let url: string | null = null;
    let cancelled = false;
    setShown(null);
    downloadDocumentPdf(orgId, document).then(
      (file) => {
        if (cancelled) {
          return;
        }
        url = URL.createObjectURL(file.blob);
        setShown({ url, fileName: file.fileName });
      },
      (failure: unknown) => {
        if (!cancelled) {
          setShown({ failure: documentProblemSentence(failure) });
        }
      },
    );
    return () => {
      cancelled = true;
      if (url !== null) {
        URL.revokeObjectURL(url);
      }
    };
    // `document` is rebuilt each render; what it names is its kind, id and day.
  }, [desktop, orgId, kind, id, asOf, version]);

  if (!desktop) {
    return null;
  }
  return (
    <section class="pdf-preview" aria-labelledby={titleId}>
      <h2 id={titleId}>{t('documents.pdf.previewHeading')}</h2>
      {shown === null ? (
        <Skeleton label={t('documents.pdf.loading')} lines={6} />
      ) : 'failure' in shown ? (
        <p class="notice notice--error">{shown.failure}</p>
      ) : (
        <iframe class="pdf-preview__frame" src={shown.url} title={t('documents.pdf.previewTitle', { name: shown.fileName })} />
      )}
    </section>
  );
}
