/**
 * Receipt photos are made smaller on the phone before they are sent: at most 1600 px on the
 * longer side, as JPEG at quality 0.8 (issue #16 point 6), so a 12 MP photo costs a few
 * hundred kilobytes of prepaid data instead of several megabytes. PDFs and files the
 * browser cannot decode are sent as they are (the server checks every file by its content).
 */

export const MAX_PHOTO_SIDE = 1600;
export const PHOTO_QUALITY = 0.8;

/** The size to draw a `width`×`height` image at so its longer side is at most `limit`. */
export function fitWithin(width: number, height: number, limit: number = MAX_PHOTO_SIDE): { width: number; height: number } {
  const longer = Math.max(width, height);
  if (longer <= limit || longer === 0) {
    return { width, height };
  }
  const scale = limit / longer;
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** The file name the downscaled copy is sent under: `IMG_0042.heic` → `IMG_0042.jpg`. */
export function jpegName(name: string): string {
  const dot = name.lastIndexOf('.');
  return `${dot > 0 ? name.slice(0, dot) : name || 'receipt'}.jpg`;
}

/** A downscaled JPEG copy of an image file, or the file itself (a PDF, or nothing to decode it with). */
export async function downscalePhoto(file: File): Promise<File> {
  if (!file.type.startsWith('image/') || typeof createImageBitmap !== 'function' || typeof document === 'undefined') {
    return file;
  }
  let bitmap: ImageBitmap;
  try {
    // `from-image` applies the EXIF orientation, so the copy is upright.
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    // HEIC on a browser that cannot decode it: the server converts it.
    return file;
  }
  const size = fitWithin(bitmap.width, bitmap.height);
  const canvas = document.createElement('canvas');
  canvas.width = size.width;
  canvas.height = size.height;
  const context = canvas.getContext('2d');
  if (context === null) {
    bitmap.close();
    return file;
  }
  context.drawImage(bitmap, 0, 0, size.width, size.height);
  bitmap.close();
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', PHOTO_QUALITY));
  if (blob === null || blob.size >= file.size) {
    return file;
  }
  return new File([blob], jpegName(file.name), { type: 'image/jpeg' });
}
