import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { axeViolations } from '../../test/axe';
import { cleanup, click, findByText, jsonResponse, renderIntoDocument, typeInto, waitFor } from '../../test/dom';
import { resetSession } from '../../test/fakeApi';
import { freshIndexedDb } from '../../test/indexedDb';
import { bodyOf, emptyDraft, amountOf } from './draft';
import ExpenseListScreen from './ExpenseListScreen';
import NewExpenseScreen from './NewExpenseScreen';
import { fitWithin, jpegName } from './photo';
import { applyExtraction } from './prefill';
import ExpenseDetailScreen, { actionsFor } from './PurchaseDetailScreen';
import { ACCOUNTANT, APPROVER, CLERK, ORG, purchase, receipt, signedInToExpenses, summary } from './testing';

beforeEach(freshIndexedDb);

afterEach(() => {
  cleanup();
  resetSession();
  vi.restoreAllMocks();
});

const labelled = (screen: HTMLElement, text: string): HTMLInputElement => {
  const label = findByText(screen, 'label', text) as HTMLLabelElement;
  return screen.querySelector(`#${CSS.escape(label.htmlFor)}`) as HTMLInputElement;
};

describe('the expense list', () => {
  it('lists expenses linked to their detail and sends every filter to the API', async () => {
    const api = await signedInToExpenses({
      [`GET ${ORG}/expenses`]: { items: [summary('exp-1', { number: 'EXP-0001', status: 'posted' })], next_cursor: null },
    });
    const screen = renderIntoDocument(<ExpenseListScreen />);
    await waitFor(() => screen.querySelector('tbody tr'));

    expect(screen.querySelector('tbody a')?.getAttribute('href')).toBe('/expenses/exp-1');
    expect(screen.querySelector('tbody tr')?.textContent).toContain('EXP-0001');
    expect(findByText(screen, 'a', 'New expense')?.getAttribute('href')).toBe('/expenses/new');
    expect(await axeViolations(screen)).toEqual([]);

    await waitFor(() => screen.querySelectorAll('option').length > 12);
    typeInto(labelled(screen, 'Status') as unknown as HTMLSelectElement, 'submitted');
    typeInto(labelled(screen, 'Supplier') as unknown as HTMLSelectElement, 'sup-puma-energy');
    typeInto(labelled(screen, 'Category') as unknown as HTMLSelectElement, 'cat-fuel');
    click(findByText(screen, 'label', 'Only with claimable VAT')?.querySelector('input') as HTMLElement);
    click(findByText(screen, 'label', 'Only without a receipt')?.querySelector('input') as HTMLElement);
    await waitFor(() => {
      const calls = api.calls(`GET ${ORG}/expenses`);
      return calls[calls.length - 1]?.query.get('has_receipt') === 'false';
    });
    const last = api.calls(`GET ${ORG}/expenses`).slice(-1)[0]?.query;
    expect(Object.fromEntries(last ?? [])).toEqual({
      status: 'submitted',
      supplier_id: 'sup-puma-energy',
      category_id: 'cat-fuel',
      claimable_vat: 'true',
      has_receipt: 'false',
      limit: '25',
    });
  });

  it('offers no new expense to someone who may only read', async () => {
    await signedInToExpenses({ [`GET ${ORG}/expenses`]: { items: [], next_cursor: null } }, ['expenses:read']);
    const screen = renderIntoDocument(<ExpenseListScreen />);
    await waitFor(() => findByText(screen, 'h1', 'Expenses'));
    await waitFor(() => screen.querySelector('table, .empty-state, [role="status"]'));
    expect(findByText(screen, 'a', 'New expense')).toBeUndefined();
  });
});

describe('a new expense', () => {
  it('starts with the photo, previews totals on the server, saves, uploads the receipt and submits', async () => {
    const api = await signedInToExpenses({
      [`POST ${ORG}/expenses/preview`]: { lines: [], total_taxable: '100.00', total_vat: '16.00', total_amount: '116.00', amount_due: '116.00', vat: purchase('x').vat },
      [`POST ${ORG}/expenses`]: () => jsonResponse(purchase('exp-9'), 201),
      [`POST ${ORG}/expenses/exp-9/receipts`]: () => jsonResponse(receipt('rec-1'), 201),
      [`POST ${ORG}/expenses/exp-9/submit`]: purchase('exp-9', { status: 'submitted' }),
    });
    const screen = renderIntoDocument(<NewExpenseScreen />);
    await waitFor(() => screen.querySelector('form'));

    // Photo first: the camera input comes before any other field.
    const first = screen.querySelector('form input');
    expect(first?.getAttribute('capture')).toBe('environment');
    expect(await axeViolations(screen)).toEqual([]);

    const photo = new File([new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3])], 'slip.jpg', { type: 'image/jpeg' });
    const camera = screen.querySelector('input[capture]') as HTMLInputElement;
    Object.defineProperty(camera, 'files', { value: [photo], configurable: true });
    camera.dispatchEvent(new Event('change', { bubbles: true }));

    await waitFor(() => screen.querySelectorAll('select option').length > 2);
    typeInto(labelled(screen, 'Category') as unknown as HTMLSelectElement, 'cat-fuel');
    typeInto(labelled(screen, 'Amount (K)'), '116');
    await waitFor(() => screen.textContent?.includes('K116.00') || screen.textContent?.includes('116.00'), 3000);
    expect(api.calls(`POST ${ORG}/expenses/preview`).slice(-1)[0]?.body).toMatchObject({ lines: [{ category_id: 'cat-fuel', unit_price: '116', quantity: '1' }] });

    click(findByText(screen, 'button', 'Save and submit') as HTMLElement);
    await waitFor(() => api.calls(`POST ${ORG}/expenses/exp-9/submit`).length === 1);
    const created = api.calls(`POST ${ORG}/expenses`)[0];
    expect(created?.headers.get('Idempotency-Key')).toBeTruthy();
    expect(created?.body).toMatchObject({ payment_method: 'cash', prices_include_vat: true });
    expect(api.calls(`POST ${ORG}/expenses/exp-9/receipts`)).toHaveLength(1);
  });

  it('sends nothing while a line has no category or amount, and says which', async () => {
    const api = await signedInToExpenses({});
    const screen = renderIntoDocument(<NewExpenseScreen />);
    await waitFor(() => screen.querySelector('form'));
    click(findByText(screen, 'button', 'Save and submit') as HTMLElement);
    await waitFor(() => screen.textContent?.includes('Choose a category'));
    expect(screen.textContent).toContain('Enter the amount');
    expect(api.calls(`POST ${ORG}/expenses`)).toHaveLength(0);
    expect(await axeViolations(screen)).toEqual([]);
  });
});

describe('an expense', () => {
  it('shows the approver Approve and the receipt through the API as an image', async () => {
    const createObjectURL = vi.fn(() => 'blob:receipt');
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() }));
    const api = await signedInToExpenses(
      {
        [`GET ${ORG}/expenses/exp-1`]: purchase('exp-1', { status: 'submitted' }),
        [`GET ${ORG}/expenses/exp-1/receipts`]: { items: [receipt('rec-1')] },
        [`GET ${ORG}/expenses/exp-1/receipts/rec-1/file`]: () => new Response(new Blob(['jpeg']), { headers: { 'Content-Type': 'image/jpeg' } }),
        [`POST ${ORG}/expenses/exp-1/approve`]: purchase('exp-1', { status: 'approved' }),
      },
      APPROVER,
    );
    const screen = renderIntoDocument(<ExpenseDetailScreen params={{ expenseId: 'exp-1' }} />);
    await waitFor(() => findByText(screen, 'button', 'Approve'));
    expect(findByText(screen, 'button', 'Post to the ledger')).toBeUndefined();

    click(await waitFor(() => findByText(screen, 'button', 'Show till-slip.jpg')));
    await waitFor(() => screen.querySelector('.receipt-view img'));
    expect(screen.querySelector('.receipt-view img')?.getAttribute('src')).toBe('blob:receipt');
    expect(api.calls(`GET ${ORG}/expenses/exp-1/receipts/rec-1/file`)[0]?.headers.get('Authorization') ?? api.calls(`GET ${ORG}/expenses/exp-1/receipts/rec-1/file`)[0]?.headers.get('X-IntelliFin-Authorization')).toBeTruthy();
    expect(await axeViolations(screen)).toEqual([]);

    click(findByText(screen, 'button', 'Approve') as HTMLElement);
    await waitFor(() => api.calls(`POST ${ORG}/expenses/exp-1/approve`).length === 1);
  });

  it('links a posted expense to its journal entry', async () => {
    await signedInToExpenses(
      {
        [`GET ${ORG}/expenses/exp-2`]: purchase('exp-2', { status: 'posted', journal_entry_id: 'je-7' }),
        [`GET ${ORG}/expenses/exp-2/receipts`]: { items: [] },
      },
      ACCOUNTANT,
    );
    const screen = renderIntoDocument(<ExpenseDetailScreen params={{ expenseId: 'exp-2' }} />);
    await waitFor(() => findByText(screen, 'a', 'See the journal entry'));
    expect(findByText(screen, 'a', 'See the journal entry')?.getAttribute('href')).toBe('/ledger/entries/je-7');
    expect(findByText(screen, 'button', 'Void')).toBeDefined();
  });
});

describe('what may be done next', () => {
  const can = (granted: readonly string[]) => ((permission: string) => granted.includes(permission)) as never;
  it('follows the status and the role', () => {
    expect(actionsFor({ status: 'draft' }, can(CLERK)).map((spec) => spec.action)).toEqual(['submit']);
    expect(actionsFor({ status: 'submitted' }, can(CLERK))).toEqual([]);
    expect(actionsFor({ status: 'submitted' }, can(APPROVER)).map((spec) => spec.action)).toEqual(['approve', 'reject']);
    expect(actionsFor({ status: 'approved' }, can(APPROVER))).toEqual([]);
    expect(actionsFor({ status: 'approved' }, can(ACCOUNTANT)).map((spec) => spec.action)).toEqual(['post']);
    expect(actionsFor({ status: 'paid' }, can(ACCOUNTANT))).toEqual([]);
  });
});

describe('the pieces', () => {
  it('downscales to at most 1600 px on the longer side, keeping the shape', () => {
    expect(fitWithin(4000, 3000)).toEqual({ width: 1600, height: 1200 });
    expect(fitWithin(3024, 4032)).toEqual({ width: 1200, height: 1600 });
    expect(fitWithin(800, 600)).toEqual({ width: 800, height: 600 });
    expect(jpegName('IMG_0042.heic')).toBe('IMG_0042.jpg');
  });

  it('reads amounts exactly and refuses zero or more than 2 decimals', () => {
    expect(amountOf('1,160.50')).toBe('1160.50');
    expect(amountOf('K 25')).toBe('25');
    expect(amountOf('0')).toBeNull();
    expect(amountOf('1.005')).toBeNull();
    expect(amountOf('-5')).toBeNull();
    expect(bodyOf('expenses', emptyDraft('2026-03-02'))).toBeNull();
  });

  it('fills only what the person has not typed, and only confident guesses', () => {
    const draft = emptyDraft('2026-03-02');
    const filled = applyExtraction(draft, { total: { value: '116.00', confidence: 0.9 }, sdcId: { value: 'SDC-1', confidence: 0.3 }, date: { value: '2026-03-01', confidence: 0.8 } }, '2026-03-02');
    expect(filled.lines[0]?.amount).toBe('116.00');
    expect(filled.sdcId).toBe('');
    expect(filled.date).toBe('2026-03-01');
  });
});
