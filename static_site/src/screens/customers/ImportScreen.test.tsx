import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportResult } from '../../api/customers';
import { axeViolations } from '../../test/axe';
import { cleanup, click, findByText, renderIntoDocument, settle, waitFor } from '../../test/dom';
import { problem, resetSession, type FakeRequest } from '../../test/fakeApi';
import { freshIndexedDb } from '../../test/indexedDb';
import ImportScreen from './ImportScreen';
import { ORG, signedInToSales } from './testing';

const CSV = [
  'kind,name,tpin,phone,email',
  'business,Mwale Builders,1002003004,0977123456,',
  'business,Chola Lodge,12345,,',
  'individual,Banda Farms,,0977123456,',
  'person,Tembo Stores,,,',
  'business,Zulu Hardware,1002003009,,accounts@zulu.co.zm',
].join('\n');

/** The server's answer to that file: rows 3, 4 and 5 are bad, 2 and 6 good. */
function answer(preview: boolean): ImportResult {
  return {
    rows: 5,
    good: 2,
    saved: !preview,
    problems: [
      { row: 3, field: 'tpin', code: 'tpin_invalid', message: 'A TPIN is 10 digits.' },
      { row: 4, field: 'phone', code: 'duplicate_in_file', message: 'Same phone as row 2.' },
      { row: 5, field: 'kind', code: 'kind_invalid', message: 'individual or business' },
    ],
  };
}

const importHandler = (request: FakeRequest): Response => {
  const body = request.body as { csv: string; preview: boolean };
  return new Response(JSON.stringify(answer(body.preview)), { headers: { 'Content-Type': 'application/json' } });
};

beforeEach(freshIndexedDb);

afterEach(() => {
  cleanup();
  resetSession();
});

async function choose(screen: HTMLElement, file: File): Promise<void> {
  const input = screen.querySelectorAll<HTMLInputElement>('input[type="file"]')[0] as HTMLInputElement;
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  input.dispatchEvent(new Event('change', { bubbles: true }));
  await settle();
}

const rows = (root: Element): string[][] =>
  Array.from(root.querySelectorAll('tbody tr'), (row) => Array.from(row.querySelectorAll('td'), (cell) => cell.textContent ?? ''));

async function openImport(handler: unknown = importHandler) {
  const api = await signedInToSales({ [`POST ${ORG}/customers/import`]: handler });
  const screen = renderIntoDocument(<ImportScreen />);
  await waitFor(() => screen.querySelector('.file-upload'));
  return { api, screen };
}

describe('importing customers from CSV', () => {
  it('checks the file first and lists every bad row with its column and reason, duplicates marked', async () => {
    const { api, screen } = await openImport();

    expect(screen.querySelector('.field__hint')?.textContent).toBe('A .csv file, up to 2 MB.');
    expect(findByText(screen, 'button', 'Take a photo')).toBeUndefined();
    await choose(screen, new File([CSV], 'customers.csv', { type: 'text/csv' }));
    click(findByText(screen, 'button', 'Check the file') as HTMLElement);

    await waitFor(() => screen.querySelector('tbody tr'));
    expect(api.calls(`POST ${ORG}/customers/import`).map((call) => call.body)).toEqual([{ csv: CSV, preview: true }]);
    expect(screen.querySelector('[role="status"]')?.textContent).toBe('5 rows read. 2 rows can be imported.');
    expect(screen.textContent).toContain('3 rows have problems and will not be imported:');
    expect(rows(screen)).toEqual([
      ['3', 'tpin', 'A TPIN is 10 digits.'],
      ['4', 'phone', 'Duplicate: Same phone as row 2.'],
      ['5', 'kind', 'Write business or individual.'],
    ]);
    expect(await axeViolations(screen)).toEqual([]);
  });

  it('imports the good rows when told to, and says what was imported and what was not', async () => {
    const { api, screen } = await openImport();
    await choose(screen, new File([CSV], 'customers.csv', { type: 'text/csv' }));
    click(findByText(screen, 'button', 'Check the file') as HTMLElement);
    const commit = await waitFor(() => findByText(screen, 'button', 'Import 2 customers'));

    click(commit);

    await waitFor(() => findByText(screen, 'h2', '2 customers have been imported.'));
    expect(api.calls(`POST ${ORG}/customers/import`).map((call) => call.body)).toEqual([
      { csv: CSV, preview: true },
      { csv: CSV, preview: false },
    ]);
    expect(screen.textContent).toContain('3 rows were not imported; correct them in the file and import them again.');
    expect(findByText(screen, 'a', 'See the customers')?.getAttribute('href')).toBe('/customers');
    expect(await axeViolations(screen)).toEqual([]);
  });

  it('refuses a file that is not CSV before sending anything', async () => {
    const { api, screen } = await openImport();

    await choose(screen, new File(['%PDF'], 'customers.pdf', { type: 'application/pdf' }));

    expect(screen.querySelector('.field__error')?.textContent).toContain('customers.pdf is not a CSV file.');
    expect(findByText(screen, 'button', 'Check the file')).toBeUndefined();
    expect(api.calls(`POST ${ORG}/customers/import`)).toEqual([]);
  });

  it('says why the server refused the whole file', async () => {
    const { screen } = await openImport(
      problem(422, 'validation_failed', 'Not imported.', {
        errors: [{ field: 'csv', code: 'columns_missing', message: 'The header row needs a name column.' }],
      }),
    );
    await choose(screen, new File(['kind,tpin\nbusiness,1002003004'], 'customers.csv', { type: 'text/csv' }));

    click(findByText(screen, 'button', 'Check the file') as HTMLElement);

    await waitFor(() => screen.querySelector('[role="alert"] li'));
    expect(screen.querySelector('[role="alert"] li')?.textContent).toBe('The first row must name the columns, with at least a “name” column.');
  });

  it('offers no import when no row can be imported', async () => {
    const { screen } = await openImport({ rows: 1, good: 0, saved: false, problems: [{ row: 2, field: 'name', code: 'name_invalid', message: 'x' }] });
    await choose(screen, new File(['name\n '], 'customers.csv', { type: 'text/csv' }));

    click(findByText(screen, 'button', 'Check the file') as HTMLElement);

    await waitFor(() => screen.querySelector('tbody tr'));
    expect(screen.textContent).toContain('No row can be imported. Correct the file and check it again.');
    expect(findByText(screen, 'button', 'Import')).toBeUndefined();
  });
});
