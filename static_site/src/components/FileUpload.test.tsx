import { useState } from 'preact/hooks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { axeViolations } from '../test/axe';
import { cleanup, click, findByText, renderIntoDocument, settle } from '../test/dom';
import { DEFAULT_MAX_BYTES, FileUpload, fileProblem, formatBytes, isAccepted } from './FileUpload';

afterEach(cleanup);

const photo = (name = 'receipt.jpg', bytes = 2_400_000, type = 'image/jpeg'): File =>
  new File([new Uint8Array(bytes)], name, { type });

function Receipt({ onChange = () => undefined }: { readonly onChange?: (file: File | null) => void }) {
  const [file, setFile] = useState<File | null>(null);
  return (
    <FileUpload
      label="Receipt"
      file={file}
      onChange={(chosen) => {
        setFile(chosen);
        onChange(chosen);
      }}
    />
  );
}

/** Chooses `file` in the input as the phone's picker or camera would. */
async function choose(input: HTMLInputElement, file: File): Promise<void> {
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  input.dispatchEvent(new Event('change', { bubbles: true }));
  await settle();
}

const inputs = (root: HTMLElement) => Array.from(root.querySelectorAll<HTMLInputElement>('input[type="file"]'));

describe('file upload', () => {
  it('offers the rear camera and the file picker, as a labelled group', async () => {
    const root = renderIntoDocument(<Receipt />);

    const [camera, picker] = inputs(root);
    expect(camera?.getAttribute('capture')).toBe('environment');
    expect(camera?.getAttribute('accept')).toBe('image/*');
    expect(picker?.hasAttribute('capture')).toBe(false);
    expect(picker?.getAttribute('accept')).toBe('image/*,application/pdf');
    expect(root.querySelector('legend')?.textContent).toBe('Receipt');
    expect(root.querySelector('.field__hint')?.textContent).toBe('A photo or a PDF, up to 10 MB.');
    expect(await axeViolations(root)).toEqual([]);
  });

  it('opens the camera from "Take a photo"', () => {
    const root = renderIntoDocument(<Receipt />);
    const [camera] = inputs(root);
    const opened = vi.spyOn(camera as HTMLInputElement, 'click');

    click(findByText(root, 'button', 'Take a photo') as HTMLElement);

    expect(opened).toHaveBeenCalled();
  });

  it('previews a photo, names it with its size, and can remove it', async () => {
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: () => 'blob:receipt', revokeObjectURL: vi.fn() }));
    const chosen: (File | null)[] = [];
    const root = renderIntoDocument(<Receipt onChange={(file) => chosen.push(file)} />);

    await choose(inputs(root)[0] as HTMLInputElement, photo());

    const preview = root.querySelector('img');
    expect(preview?.getAttribute('src')).toBe('blob:receipt');
    expect(preview?.getAttribute('alt')).toBe('Preview of receipt.jpg');
    expect(root.querySelector('.file-upload__name')?.textContent).toBe('receipt.jpg (2.3 MB)');
    expect(await axeViolations(root)).toEqual([]);

    click(findByText(root, 'button', 'Remove receipt.jpg') as HTMLElement);
    await settle();
    expect(root.querySelector('img')).toBeNull();
    expect(chosen.map((file) => file?.name ?? null)).toEqual(['receipt.jpg', null]);
    expect(URL.revokeObjectURL).toHaveBeenCalledWith('blob:receipt');
  });

  it('refuses a file that is too large or of the wrong kind, saying why', async () => {
    const chosen: (File | null)[] = [];
    const root = renderIntoDocument(<Receipt onChange={(file) => chosen.push(file)} />);

    await choose(inputs(root)[1] as HTMLInputElement, photo('scan.jpg', DEFAULT_MAX_BYTES + 1));
    expect(root.querySelector('.field__error')?.textContent).toContain('scan.jpg is 10 MB; the limit is 10 MB.');

    await choose(inputs(root)[1] as HTMLInputElement, new File(['x'], 'budget.xlsx', { type: 'application/vnd.ms-excel' }));
    expect(root.querySelector('.field__error')?.textContent).toContain('budget.xlsx cannot be used here: choose a photo or a PDF.');
    expect(root.querySelector('fieldset')?.getAttribute('aria-describedby')).toMatch(/-error$/);
    expect(chosen).toEqual([null, null]);
  });
});

describe('file checks', () => {
  it('match media types, with wildcards, and the extension when the phone gives no type', () => {
    expect(isAccepted(photo('a.jpg'), ['image/*'])).toBe(true);
    expect(isAccepted(new File(['x'], 'a.pdf', { type: 'application/pdf' }), ['image/*', 'application/pdf'])).toBe(true);
    expect(isAccepted(new File(['x'], 'IMG_0042.HEIC'), ['image/*'])).toBe(true);
    expect(isAccepted(new File(['x'], 'notes.txt'), ['image/*'])).toBe(false);
    expect(fileProblem(photo('a.jpg', 100), ['image/*'], 1000)).toBeNull();
  });

  it('write sizes as people read them', () => {
    expect(formatBytes(900)).toBe('900 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(2_400_000)).toBe('2.3 MB');
  });
});
