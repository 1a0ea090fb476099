import type { DownloadedFile } from '../../api/client';
import { ProblemNotice } from '../../components/ProblemNotice';
import { saveFile } from '../../components/saveFile';
import { showToast } from '../../components/toasts';
import { useAction } from '../../components/useAction';
import { t } from './messages';

interface ExportButtonProps {
  /** Fetches the CSV with the session (a plain link would carry no sign-in). */
  readonly fetchFile: () => Promise<DownloadedFile>;
  /** The name to save it under if the server gives none. */
  readonly fileName: string;
}

/** "Export CSV": downloads what the screen shows, with its filters, as a spreadsheet file. */
export function ExportButton({ fetchFile, fileName }: ExportButtonProps) {
  const download = useAction(async () => {
    const file = await fetchFile();
    saveFile(file.blob, file.fileName ?? fileName);
    showToast(t('ledger.export.done'), 'success');
  });
  return (
    <>
      <button type="button" class="button button--quiet" disabled={download.busy} onClick={() => void download.run()}>
        {download.busy ? t('ledger.export.busy') : t('ledger.export.csv')}
      </button>
      <ProblemNotice error={download.failure} />
    </>
  );
}
