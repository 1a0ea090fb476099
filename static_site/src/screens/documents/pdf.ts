import { downloadDocumentPdf, type DocumentRef } from '../../api/documents';
import { showToast } from '../../components/toasts';
import { documentProblemSentence } from './problems';

/** How long a saved file's blob URL lives: long enough for the browser to start saving it. */
const SAVE_URL_LIFETIME_MS = 1000;

/** Saves `blob` as `fileName` (on a phone the PDF viewer opens it), then revokes its URL. */
export function saveFile(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), SAVE_URL_LIFETIME_MS);
}

/** Fetches the document's PDF with the session and saves it under the server's name; a failure is a toast in words. */
export async function savePdf(orgId: string, ref: DocumentRef): Promise<void> {
  try {
    const file = await downloadDocumentPdf(orgId, ref);
    saveFile(file.blob, file.fileName);
  } catch (failure) {
    showToast(documentProblemSentence(failure), 'error');
  }
}
