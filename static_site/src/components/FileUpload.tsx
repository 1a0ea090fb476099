import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { t } from '../i18n';

/** Receipts and supporting documents: photos and PDFs. */
export const DOCUMENT_TYPES: readonly string[] = ['image/*', 'application/pdf'];

/** A phone photo is 2–5 MB; more than this is almost always the wrong file. */
export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;

const EXTENSION_TYPES: Readonly<Record<string, string>> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  heic: 'image/heic',
  heif: 'image/heif',
  pdf: 'application/pdf',
  csv: 'text/csv',
};

/** The file's media type; some phones give none, so the extension decides then. */
function mediaTypeOf(file: File): string {
  if (file.type !== '') {
    return file.type.toLowerCase();
  }
  const extension = file.name.split('.').pop()?.toLowerCase() ?? '';
  return EXTENSION_TYPES[extension] ?? '';
}

/** Whether `file` is one of `accept` (`image/*` style wildcards allowed). */
export function isAccepted(file: File, accept: readonly string[]): boolean {
  const type = mediaTypeOf(file);
  return accept.some((pattern) =>
    pattern.endsWith('/*') ? type.startsWith(pattern.slice(0, -1)) : type === pattern.toLowerCase(),
  );
}

const sizeFormat = new Intl.NumberFormat('en-ZM', { maximumFractionDigits: 1 });

/** `2_400_000` → `2.3 MB`: file sizes as people read them. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) {
    return `${bytes} B`;
  }
  if (bytes < 1024 * 1024) {
    return `${sizeFormat.format(bytes / 1024)} KB`;
  }
  return `${sizeFormat.format(bytes / (1024 * 1024))} MB`;
}

/** Why `file` cannot be used, in words, or null when it can. */
export function fileProblem(
  file: File,
  accept: readonly string[],
  maxBytes: number,
  wrongType: (name: string) => string = (name) => t('upload.wrongType', { name }),
): string | null {
  if (!isAccepted(file, accept)) {
    return wrongType(file.name);
  }
  if (file.size > maxBytes) {
    return t('upload.tooLarge', { name: file.name, size: formatBytes(file.size), limit: formatBytes(maxBytes) });
  }
  return null;
}

interface FileUploadProps {
  readonly label: string;
  readonly file: File | null;
  /** Called with the chosen file, or null when it is removed or cannot be used. */
  readonly onChange: (file: File | null) => void;
  readonly accept?: readonly string[];
  readonly maxBytes?: number;
  /** An error from the form or the server; a file that cannot be used shows its own. */
  readonly error?: string | null | undefined;
  readonly optional?: boolean;
  /** What may be chosen, in words, for files other than photos and PDFs (a CSV import). */
  readonly hint?: string;
  /** Why a file of another type cannot be used, for files other than photos and PDFs. */
  readonly wrongType?: (name: string) => string;
}

/**
 * Attaches one document: "Take a photo" opens the phone's rear camera straight away
 * (`capture="environment"`), "Choose a file" the gallery or files. The file's type and size
 * are checked before anything is sent, and a photo is previewed so the person can see that
 * the receipt is readable.
 */
export function FileUpload({ label, file, onChange, accept = DOCUMENT_TYPES, maxBytes = DEFAULT_MAX_BYTES, error, optional = false, hint, wrongType }: FileUploadProps) {
  const id = useId();
  const camera = useRef<HTMLInputElement>(null);
  const picker = useRef<HTMLInputElement>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [previewUrl, setPreviewUrl] = useState<string | null>(null);
  const takesPhotos = accept.some((pattern) => pattern.startsWith('image/'));
  const shownError = problem ?? error ?? null;

  useEffect(() => {
    if (file === null || !mediaTypeOf(file).startsWith('image/') || typeof URL.createObjectURL !== 'function') {
      setPreviewUrl(null);
      return undefined;
    }
    const url = URL.createObjectURL(file);
    setPreviewUrl(url);
    return () => URL.revokeObjectURL(url);
  }, [file]);

  const choose = (event: Event): void => {
    const input = event.currentTarget as HTMLInputElement;
    const chosen = input.files?.[0] ?? null;
    // Cleared so that choosing the same file again still counts as a change.
    input.value = '';
    if (chosen === null) {
      return;
    }
    const found = fileProblem(chosen, accept, maxBytes, wrongType);
    setProblem(found);
    onChange(found === null ? chosen : null);
  };

  return (
    <fieldset
      class={shownError === null ? 'field file-upload' : 'field field--invalid file-upload'}
      aria-describedby={`${id}-hint${shownError === null ? '' : ` ${id}-error`}`}
    >
      <legend class="field__label">
        {label}
        {optional && <span class="field__optional"> ({t('form.optional')})</span>}
      </legend>
      <p class="field__hint" id={`${id}-hint`}>
        {hint ?? t('upload.hint', { limit: formatBytes(maxBytes) })}
      </p>
      {shownError !== null && (
        <p class="field__error" id={`${id}-error`} role="alert">
          <span aria-hidden="true">⚠ </span>
          {shownError}
        </p>
      )}
      <div class="file-upload__buttons">
        {takesPhotos && (
          <button type="button" class="button" onClick={() => camera.current?.click()}>
            {t('upload.takePhoto')}
          </button>
        )}
        <button type="button" class="button button--quiet" onClick={() => picker.current?.click()}>
          {t('upload.chooseFile')}
        </button>
      </div>
      {/* Hidden: the buttons above open them. Named all the same, for tools that look inside. */}
      <input
        ref={camera}
        type="file"
        accept="image/*"
        capture="environment"
        hidden
        tabIndex={-1}
        aria-label={t('upload.takePhoto')}
        onChange={choose}
      />
      <input
        ref={picker}
        type="file"
        accept={accept.join(',')}
        hidden
        tabIndex={-1}
        aria-label={t('upload.chooseFile')}
        onChange={choose}
      />
      {file !== null && (
        <div class="file-upload__chosen">
          {previewUrl !== null && <img class="file-upload__preview" src={previewUrl} alt={t('upload.previewOf', { name: file.name })} />}
          <p class="file-upload__name">
            {file.name} <span class="muted">({formatBytes(file.size)})</span>
          </p>
          <button
            type="button"
            class="button button--quiet"
            onClick={() => {
              setProblem(null);
              onChange(null);
            }}
          >
            {t('upload.remove', { name: file.name })}
          </button>
        </div>
      )}
    </fieldset>
  );
}
