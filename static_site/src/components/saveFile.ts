/** Hands a downloaded file (fetched with the session, so a bare link would not do) to the browser, which saves it as `name`. */
export function saveFile(blob: Blob, name: string): void {
  if (typeof URL.createObjectURL !== 'function') {
    return;
  }
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
