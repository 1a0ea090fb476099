import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { axeViolations } from '../../test/axe';
import { cleanup, renderIntoDocument, waitFor } from '../../test/dom';
import { problem, resetSession, signedIn } from '../../test/fakeApi';
import { PdfPreview } from './PdfPreview';
import { onScreen, recordBlobUrls } from './testing';

const ORG = 'org-1';
const PATH = `/api/v1/orgs/${ORG}/credit-notes/cn-1/pdf`;

afterEach(() => {
  cleanup();
  resetSession();
});

const pdf = (): Response =>
  new Response('%PDF-1.4', { headers: { 'Content-Type': 'application/pdf', 'Content-Disposition': 'inline; filename="CN-2026-00003.pdf"' } });

describe('a document’s PDF in the page', () => {
  it('is fetched again when what it shows changes, the old blob URL revoked', async () => {
    onScreen('desktop');
    const urls = recordBlobUrls();
    const api = await signedIn({ [`GET ${PATH}`]: pdf });
    const ui = (version: string) => <PdfPreview orgId={ORG} document={{ kind: 'credit_note', id: 'cn-1' }} version={version} titleId="pdf-title" />;
    const screen = renderIntoDocument(ui('1'));

    await waitFor(() => screen.querySelector('iframe')?.getAttribute('src') === 'blob:test-1');
    expect(await axeViolations(screen)).toEqual([]);
    act(() => render(ui('2'), screen));
    await waitFor(() => screen.querySelector('iframe')?.getAttribute('src') === 'blob:test-2');

    expect(api.calls(`GET ${PATH}`)).toHaveLength(2);
    expect(urls.revoked).toEqual(['blob:test-1']);
  });

  it('says in words why the PDF could not be fetched', async () => {
    onScreen('desktop');
    await signedIn({ [`GET ${PATH}`]: problem(404, 'credit_note_not_found', 'Not found.') });
    const screen = renderIntoDocument(<PdfPreview orgId={ORG} document={{ kind: 'credit_note', id: 'cn-1' }} version="1" titleId="pdf-title" />);

    await waitFor(() => screen.querySelector('.notice--error'));
    expect(screen.querySelector('.notice--error')?.textContent).toBe('The document is no longer there. Reload the page.');
    expect(screen.querySelector('iframe')).toBeNull();
  });

  it('fetches nothing on a phone', async () => {
    onScreen('phone');
    const api = await signedIn({ [`GET ${PATH}`]: pdf });
    const screen = renderIntoDocument(<PdfPreview orgId={ORG} document={{ kind: 'credit_note', id: 'cn-1' }} version="1" titleId="pdf-title" />);

    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(screen.innerHTML).toBe('');
    expect(api.calls(`GET ${PATH}`)).toHaveLength(0);
  });
});
