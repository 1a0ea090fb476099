import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { axeViolations } from '../../test/axe';
import { cleanup, click, findByText, renderIntoDocument, waitFor } from '../../test/dom';
import { resetSession, type FakeRequest } from '../../test/fakeApi';
import { freshIndexedDb } from '../../test/indexedDb';
import { ORG, signedInToLedger } from '../ledger/testing';
import NotesScreen from './NotesScreen';

beforeEach(freshIndexedDb);

afterEach(() => {
  cleanup();
  resetSession();
});

const DEFAULTS = {
  id: null,
  basis_of_preparation: 'Accrual basis, in kwacha.',
  framework: 'mse',
  policies: 'Stock at the lower of cost and selling price.',
  saved_by: null,
  saved_at: null,
};

describe('the notes page', () => {
  it('starts from the suggested notes and saves the edited text', async () => {
    const api = await signedInToLedger(
      {
        [`GET ${ORG}/reports/notes`]: DEFAULTS,
        [`PUT ${ORG}/reports/notes`]: (request: FakeRequest) =>
          Response.json({ ...(request.body as object), id: 'n-1', saved_by: 'user-1', saved_at: '2027-01-10T08:00:00Z' }),
      },
      ['reports:read', 'reports:manage'],
    );
    const screen = renderIntoDocument(<NotesScreen />);
    await waitFor(() => screen.querySelector('#notes-policies'));
    expect(screen.querySelector('[role="status"]')?.textContent).toContain('suggested notes');

    const policies = screen.querySelector('#notes-policies') as HTMLTextAreaElement;
    act(() => {
      policies.value = 'Cost model for equipment.';
      policies.dispatchEvent(new Event('input', { bubbles: true }));
    });
    click(findByText(screen, 'button', 'Save the notes') as HTMLElement);
    await waitFor(() => findByText(screen, '[role="status"]', 'Last saved'));
    expect(api.calls(`PUT ${ORG}/reports/notes`)[0]?.body).toEqual({
      basis_of_preparation: 'Accrual basis, in kwacha.',
      framework: 'mse',
      policies: 'Cost model for equipment.',
    });
    expect(await axeViolations(screen)).toEqual([]);
  });

  it('shows the notes as text to those who may not edit them', async () => {
    await signedInToLedger({ [`GET ${ORG}/reports/notes`]: DEFAULTS }, ['reports:read']);
    const screen = renderIntoDocument(<NotesScreen />);
    await waitFor(() => screen.querySelector('.reports-notes'));
    expect(screen.querySelector('form')).toBeNull();
    expect(screen.querySelector('.reports-notes')?.textContent).toContain('ZFRS for Micro and Small Entities');
  });
});
