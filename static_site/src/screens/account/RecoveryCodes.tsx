import { useEffect, useRef } from 'preact/hooks';
import { showToast } from '../../components/toasts';
import { t } from './messages';

interface RecoveryCodesProps {
  readonly codes: readonly string[];
  /** Named in the downloaded file, so the person knows which account the codes open. */
  readonly email: string;
  readonly onDone: () => void;
}

const FILE_NAME = 'intellifin-recovery-codes.txt';

/** The ten recovery codes, shown once (the API keeps only their hashes): copy, download, done. */
export function RecoveryCodes({ codes, email, onDone }: RecoveryCodesProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, []);
  const text = [t('security.codesFileHeader', { email }), '', ...codes, ''].join('\n');

  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(codes.join('\n'));
      showToast(t('security.copied'), 'success');
    } catch {
      showToast(t('security.copyFailed'), 'error');
    }
  };

  const download = (): void => {
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = FILE_NAME;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  return (
    <div class="recovery">
      <h3 id="recovery-codes-title" tabIndex={-1} ref={heading}>
        {t('security.codesTitle')}
      </h3>
      <p>{t('security.codesIntro')}</p>
      <ul class="recovery-codes" aria-label={t('security.codesList')}>
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ul>
      <div class="form__actions">
        <button type="button" class="button button--quiet" onClick={() => void copy()}>
          {t('security.copy')}
        </button>
        <button type="button" class="button button--quiet" onClick={download}>
          {t('security.download')}
        </button>
        <button type="button" class="button" onClick={onDone}>
          {t('security.codesSaved')}
        </button>
      </div>
    </div>
  );
}
