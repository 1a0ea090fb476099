import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { axeViolations } from '../../test/axe';
import { cleanup, click, findByText, renderIntoDocument, waitFor } from '../../test/dom';
import { resetSession, type FakeRequest } from '../../test/fakeApi';
import { freshIndexedDb } from '../../test/indexedDb';
import { ORG, signedInToLedger } from '../ledger/testing';
import type { Layout, LayoutVersion } from '../../api/reports';
import { moveLine, problemsByNode } from './layoutTree';
import LayoutsScreen from './LayoutsScreen';

beforeEach(freshIndexedDb);

afterEach(() => {
  cleanup();
  resetSession();
});

const LAYOUT: Layout = {
  kind: 'profit_and_loss',
  name: 'Income statement',
  framework: 'mse',
  sections: [
    {
      key: 'income_statement',
      label: 'Income statement',
      sign: 1,
      children: [
        { key: 'revenue', label: 'Sales and other income', include: [{ account_types: ['income'], subtypes: ['revenue'] }], sign: -1 },
        { key: 'expenses', label: 'Expenses', include: [{ account_types: ['expense'], subtypes: ['operating_expense'] }], sign: -1 },
        { key: 'profit', label: 'Profit', formula: [{ line: 'revenue', sign: 1 }, { line: 'expenses', sign: 1 }], sign: 1 },
      ],
    },
    { key: 'notes', label: 'Notes', sign: 1, children: [] },
  ],
};

const DEFAULT: LayoutVersion = { reference: 'mse', id: null, layout_id: null, version: 0, built_in: 'mse', layout: LAYOUT };

const input = (screen: HTMLElement, id: string, value: string): void => {
  const element = screen.querySelector(`#${id}`) as HTMLInputElement;
  act(() => {
    element.value = value;
    element.dispatchEvent(new Event('input', { bubbles: true }));
  });
};

describe('the layout tree', () => {
  it('moves a line between sections and places each problem on the node it names', () => {
    const moved = moveLine(LAYOUT, [0, 1], [1]);
    expect(moved.sections[0]?.children?.map((c) => c.key)).toEqual(['revenue', 'profit']);
    expect(moved.sections[1]?.children?.map((c) => c.key)).toEqual(['expenses']);
    const byNode = problemsByNode(LAYOUT, [
      { field: 'sections.0.children.2.formula.0', code: 'formula_unknown_line', message: 'No line `x`.' },
      { field: 'sections', code: 'account_unmapped', message: 'Account 4100 is in no line.' },
    ]);
    expect(byNode.get('sections.0.children.2')?.map((p) => p.code)).toEqual(['formula_unknown_line']);
    expect(byNode.get('')?.map((p) => p.code)).toEqual(['account_unmapped']);
  });
});

describe('the layout editor', () => {
  it('copies a default, shows the validator’s problems in place, and saves once they are fixed', async () => {
    let valid = false;
    const api = await signedInToLedger(
      {
        [`GET ${ORG}/report-layouts`]: [DEFAULT],
        [`POST ${ORG}/report-layouts/validate`]: () =>
          Response.json(
            valid
              ? { valid: true, problems: [] }
              : {
                  valid: false,
                  problems: [
                    { field: 'sections', code: 'account_unmapped', message: 'Account 4100 Interest and other income is in no line.' },
                    { field: 'sections.0.children.0.label', code: 'label_invalid', message: 'A label of 1 to 200 characters.' },
                  ],
                },
          ),
        [`POST ${ORG}/report-layouts`]: (request: FakeRequest) =>
          Response.json({ ...DEFAULT, reference: 'v-1', id: 'v-1', layout_id: 'l-1', version: 1, built_in: null, layout: request.body }, { status: 201 }),
      },
      ['reports:read', 'reports:manage'],
    );
    const screen = renderIntoDocument(<LayoutsScreen />);
    await waitFor(() => findByText(screen, 'button', 'Copy and edit Income statement'));
    click(findByText(screen, 'button', 'Copy and edit Income statement') as HTMLElement);

    input(screen, 'layout-name', 'Our income statement');
    input(screen, 'node-sections-0-children-0', 'Turnover');
    click(findByText(screen, 'button', 'Check') as HTMLElement);
    await waitFor(() => screen.querySelector('[role="alert"]'));
    expect(screen.querySelector('[role="alert"]')?.textContent).toContain('Account 4100 Interest and other income is in no line.');
    const line = screen.querySelector('#node-sections-0-children-0')?.closest('li');
    expect(line?.querySelector('.reports-problems')?.textContent).toBe('A label of 1 to 200 characters.');
    expect(await axeViolations(screen)).toEqual([]);

    valid = true;
    click(findByText(screen, 'button', 'Save as our layout') as HTMLElement);
    await waitFor(() => findByText(screen, '[role="status"]', 'Saved “Our income statement” as version 1.'));
    const body = api.calls(`POST ${ORG}/report-layouts`)[0]?.body as Layout;
    expect(body.name).toBe('Our income statement');
    expect(body.sections[0]?.children?.[0]?.label).toBe('Turnover');
  });

  it('offers no editing without reports:manage', async () => {
    await signedInToLedger({ [`GET ${ORG}/report-layouts`]: [DEFAULT] }, ['reports:read']);
    const screen = renderIntoDocument(<LayoutsScreen />);
    await waitFor(() => findByText(screen, 'strong', 'Income statement'));
    expect(screen.querySelector('.reports-layouts button')).toBeNull();
  });
});
