import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { outbox } from '../../offline/sync';
import { axeViolations } from '../../test/axe';
import { cleanup, click, findByText, jsonResponse, renderIntoDocument, waitFor } from '../../test/dom';
import { ORG_ID, OTHER_ORG_ID, resetSession, signedIn } from '../../test/fakeApi';
import { freshIndexedDb } from '../../test/indexedDb';
import PendingChangesScreen from './PendingChangesScreen';

let fetchMock: ReturnType<typeof vi.fn<typeof fetch>>;

beforeEach(async () => {
  await freshIndexedDb();
  fetchMock = vi.fn<typeof fetch>(async () => jsonResponse({}, 201));
  vi.stubGlobal('fetch', fetchMock);
});

afterEach(() => {
  cleanup();
  resetSession();
});

const problemResponse = (status: number, body: Record<string, unknown>): Response =>
  jsonResponse({ type: 'about:blank', status, ...body }, status, 'application/problem+json');

/** Three changes saved offline; the server then takes the first, refuses the second, and conflicts on the third. */
async function queueAndSend(): Promise<void> {
  await outbox.enqueue({ method: 'POST', path: '/api/v1/expenses', body: {}, summary: 'Expense: fuel K350.00' });
  await outbox.enqueue({ method: 'POST', path: '/api/v1/invoices', body: {}, summary: 'Invoice INV-0042 for K1,160.00' });
  await outbox.enqueue({ method: 'PUT', path: '/api/v1/customers/7', body: {}, summary: 'Customer Lusaka Traders' });
  fetchMock
    .mockResolvedValueOnce(jsonResponse({}, 201))
    .mockResolvedValueOnce(
      problemResponse(422, {
        code: 'validation_failed',
        title: 'The request is not valid.',
        errors: [{ field: 'customer_tpin', code: 'invalid_tpin', message: 'The customer TPIN must have 10 digits.' }],
      }),
    )
    .mockResolvedValueOnce(
      problemResponse(409, { code: 'conflict', title: 'The customer was changed.', detail: 'Mwila edited it at 10:02.' }),
    );
  await outbox.flush();
}

const items = (root: HTMLElement): HTMLElement[] => Array.from(root.querySelectorAll<HTMLElement>('.pending'));

describe('the pending changes screen', () => {
  it('says when nothing is waiting', async () => {
    const screen = renderIntoDocument(<PendingChangesScreen />);

    await waitFor(() => findByText(screen, '.empty-state', 'Nothing is waiting.'));
    expect(await axeViolations(screen)).toEqual([]);
  });

  it("lists each change kept for review with its state in words and the server's reasons", async () => {
    await queueAndSend();

    const screen = renderIntoDocument(<PendingChangesScreen />);
    await waitFor(() => items(screen).length === 2);

    const [rejected, conflict] = items(screen);
    expect(rejected?.querySelector('.pending__summary')?.textContent).toBe('Invoice INV-0042 for K1,160.00');
    expect(rejected?.querySelector('.pending__state')?.textContent).toContain('Not accepted');
    expect(rejected?.textContent).toContain('customer_tpin: The customer TPIN must have 10 digits.');
    expect(conflict?.querySelector('.pending__state')?.textContent).toContain('Conflict');
    expect(conflict?.textContent).toContain('The customer was changed.');
    expect(conflict?.textContent).toContain('Mwila edited it at 10:02.');
    expect(await axeViolations(screen)).toEqual([]);
  });

  it('sends a change again on "Try again", and forgets it once accepted', async () => {
    await queueAndSend();
    const screen = renderIntoDocument(<PendingChangesScreen />);
    await waitFor(() => items(screen).length === 2);

    click(findByText(items(screen)[1] as HTMLElement, 'button', 'Try again') as HTMLElement);

    await waitFor(() => items(screen).length === 1);
    const [input, init] = fetchMock.mock.calls[fetchMock.mock.calls.length - 1] ?? [];
    expect(input).toBe('/api/v1/customers/7');
    expect(init?.method).toBe('PUT');
  });

  it('asks before discarding a change, and keeps it when the person cancels', async () => {
    await queueAndSend();
    const screen = renderIntoDocument(<PendingChangesScreen />);
    await waitFor(() => items(screen).length === 2);

    click(findByText(items(screen)[0] as HTMLElement, 'button', 'Discard') as HTMLElement);
    const dialog = screen.querySelector<HTMLElement>('[role="alertdialog"]') as HTMLElement;
    expect(dialog.textContent).toContain('“Invoice INV-0042 for K1,160.00” will not be sent to IntelliFin.');
    expect(document.activeElement?.textContent).toBe('Cancel');
    expect(await axeViolations(screen)).toEqual([]);

    click(findByText(dialog, 'button', 'Cancel') as HTMLElement);
    expect(items(screen)).toHaveLength(2);

    click(findByText(items(screen)[0] as HTMLElement, 'button', 'Discard') as HTMLElement);
    click(findByText(screen, 'button', 'Discard change') as HTMLElement);
    await waitFor(() => items(screen).length === 1);
    expect(items(screen)[0]?.textContent).toContain('Customer Lusaka Traders');
  });

  it('shows a change waiting to be sent, and sends them all on "Send now"', async () => {
    await outbox.enqueue({ method: 'POST', path: '/api/v1/expenses', body: {}, summary: 'Expense: fuel K350.00' });
    const screen = renderIntoDocument(<PendingChangesScreen />);
    await waitFor(() => items(screen).length === 1);
    expect(items(screen)[0]?.querySelector('.pending__state')?.textContent).toContain('Waiting to be sent');

    click(findByText(screen, 'button', 'Send now') as HTMLElement);

    await waitFor(() => findByText(screen, '.empty-state', 'Nothing is waiting.'));
    expect(new Headers(fetchMock.mock.calls[0]?.[1]?.headers).get('Idempotency-Key')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('names the organization of each change when the person belongs to several', async () => {
    await signedIn();
    await outbox.enqueue({ method: 'POST', path: `/api/v1/orgs/${ORG_ID}/journal-entries`, body: {}, summary: 'Journal entry: rent' });
    await outbox.enqueue({ method: 'POST', path: `/api/v1/orgs/${OTHER_ORG_ID}/journal-entries`, body: {}, summary: 'Journal entry: seed' });

    const screen = renderIntoDocument(<PendingChangesScreen />);
    await waitFor(() => items(screen).length === 2);

    expect(items(screen).map((item) => item.querySelector('.pending__organization')?.textContent)).toEqual([
      'For Lusaka Traders Ltd',
      'For Mwila Farm Supplies',
    ]);
  });
});
