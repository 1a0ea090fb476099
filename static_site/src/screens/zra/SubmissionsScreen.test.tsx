import { afterEach, describe, expect, it } from 'vitest';
import { axeViolations } from '../../test/axe';
import { cleanup, click, findByText, renderIntoDocument, waitFor } from '../../test/dom';
import { resetSession, type FakeRequest } from '../../test/fakeApi';
import SubmissionsScreen from './SubmissionsScreen';
import { FISCALISED, lastOf, ORG, REJECTED, signedInToZra, submission } from './testing';

afterEach(() => {
  cleanup();
  resetSession();
});

const SIGNED = submission({ id: 'sub-3', document_id: 'inv-3', document_number: 'INV-2026-00044', fiscal: FISCALISED, fiscalised_at: '2026-03-14T08:30:05Z' });
const REFUSED = submission({ id: 'sub-2', document_id: 'inv-2', document_number: 'INV-2026-00043', fiscal: REJECTED });
const NOTE = submission({ id: 'sub-1', document_type: 'credit_note', document_id: 'cn-1', document_number: 'CN-2026-00003', fiscal: { ...REJECTED, last_error: 'the invoice is not fiscalised', last_result_code: null } });

function answerByStatus(request: FakeRequest): Response {
  const status = request.query.get('status');
  const cursor = request.query.get('cursor');
  const items = status === 'rejected' ? [REFUSED, NOTE] : cursor === 'page-2' ? [NOTE] : [SIGNED, REFUSED];
  const next = status === null && cursor === null ? 'page-2' : null;
  return new Response(JSON.stringify({ items, next_cursor: next }), { status: 200, headers: { 'Content-Type': 'application/json' } });
}

async function openSubmissions(permissions?: readonly string[]) {
  const api = await signedInToZra({ [`GET ${ORG}/zra/submissions`]: answerByStatus, [`POST ${ORG}/invoices/inv-2/fiscalise`]: {} }, permissions);
  const screen = renderIntoDocument(<SubmissionsScreen />);
  await waitFor(() => screen.querySelector('[data-testid="zra-submission"]'));
  return { api, screen };
}

const rows = (screen: HTMLElement): string[] => Array.from(screen.querySelectorAll('[data-testid="zra-submission"] .zra-row__head'), (row) => row.textContent ?? '');

describe('the documents sent to ZRA', () => {
  it("list newest first with their status, ZRA's receipt or words, and links to the invoices", async () => {
    const { screen } = await openSubmissions();

    expect(rows(screen)).toEqual(['Invoice INV-2026-00044Fiscalised', 'Invoice INV-2026-00043Refused by ZRA']);
    const first = screen.querySelector('[data-testid="zra-submission"]') as HTMLElement;
    expect(first.querySelector('a')?.getAttribute('href')).toBe('/invoices/inv-3');
    expect(first.querySelector('.zra-facts')?.textContent).toContain('ZRA receipt number17');
    expect(screen.querySelectorAll('.zra-words')[0]?.textContent).toBe('Registering item CEM50: item class 99999999 does not exist (ZRA code 910)');
    expect(await axeViolations(screen)).toEqual([]);
  });

  it('filter by status from the first page, and page on by cursor', async () => {
    const { api, screen } = await openSubmissions();

    click(findByText(screen, 'button', 'Next page') as HTMLElement);
    await waitFor(() => rows(screen)[0]?.startsWith('Credit note CN-2026-00003'));
    expect(lastOf(api.calls(`GET ${ORG}/zra/submissions`))?.query.get('cursor')).toBe('page-2');

    click(findByText(screen, '.zra-filters button', 'Refused') as HTMLElement);
    await waitFor(() => rows(screen).length === 2 && rows(screen)[1]?.startsWith('Credit note'));
    const last = lastOf(api.calls(`GET ${ORG}/zra/submissions`));
    expect([last?.query.get('status'), last?.query.get('cursor')]).toEqual(['rejected', null]);
    expect(findByText(screen, '.zra-filters button', 'Refused')?.getAttribute('aria-pressed')).toBe('true');
  });

  it('send a refused invoice again for a ZRA manager (a credit note waits for its invoice)', async () => {
    const { api, screen } = await openSubmissions();
    click(findByText(screen, '.zra-filters button', 'Refused') as HTMLElement);
    await waitFor(() => rows(screen)[1]?.startsWith('Credit note'));

    expect(Array.from(screen.querySelectorAll('[data-testid="zra-submission"] button'), (button) => button.getAttribute('aria-label'))).toEqual([
      'Send INV-2026-00043 to ZRA again',
    ]);
    const before = api.calls(`GET ${ORG}/zra/submissions`).length;
    click(screen.querySelector('[data-testid="zra-submission"] button') as HTMLElement);

    await waitFor(() => api.calls(`GET ${ORG}/zra/submissions`).length > before);
    expect(api.calls(`POST ${ORG}/invoices/inv-2/fiscalise`)).toHaveLength(1);
  });

  it('offer no retry to someone who only reads invoices', async () => {
    const { screen } = await openSubmissions(['invoices:read']);

    expect(screen.querySelectorAll('[data-testid="zra-submission"] button')).toHaveLength(0);
    expect(screen.querySelector('.zra-nav')?.textContent).toBe('Sent to ZRA');
  });
});
