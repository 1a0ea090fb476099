/** Logos the API takes: PNG, JPEG or WebP, checked by content; 1 MB unless LOGO_MAX_BYTES says otherwise. */
export const LOGO_TYPES: readonly string[] = ['image/png', 'image/jpeg', 'image/webp'];
export const LOGO_MAX_BYTES = 1024 * 1024;
