import { describe, expect, it } from 'vitest';
import { branchIds, buildAccountTree, countNodes, filterTree, matchesSearch, type AccountNode, type TreeAccount } from './tree';

function account(code: string, name: string, parent: string | null = null, extra: Partial<TreeAccount> = {}): TreeAccount {
  return { id: `id-${code}`, code, name, parent_id: parent === null ? null : `id-${parent}`, is_header: false, archived_at: null, ...extra };
}

const header = (code: string, name: string): TreeAccount => account(code, name, null, { is_header: true });

/** The tree as indented codes, one line per account: easy to read in a failure. */
function outline(nodes: readonly AccountNode[], depth = 0): string[] {
  return nodes.flatMap((node) => [`${'  '.repeat(depth)}${node.account.code}`, ...outline(node.children, depth + 1)]);
}

// Out of order on purpose: the tree sorts each level by code.
const CHART = [
  account('1150', 'Airtel Money wallet', '1000'),
  header('2000', 'Current liabilities'),
  account('1010', 'Cash on hand', '1000'),
  header('1000', 'Current assets'),
  account('1150-02', 'Airtel Money wallet (branch)', '1000'),
  account('2100', 'VAT output', '2000'),
  account('1190', 'Old till float', '1000', { archived_at: '2026-01-31T10:00:00Z' }),
];

describe('building the chart tree', () => {
  it('puts each account under its header, each level in code order', () => {
    expect(outline(buildAccountTree(CHART))).toEqual([
      '1000',
      '  1010',
      '  1150',
      '  1150-02',
      '  1190',
      '2000',
      '  2100',
    ]);
  });

  it('keeps an account whose header is missing, at the top', () => {
    expect(outline(buildAccountTree([account('1150', 'Airtel Money wallet', '1000')]))).toEqual(['1150']);
  });

  it('survives a broken chart where two accounts sit under each other', () => {
    const looped = [account('1', 'A', '2'), account('2', 'B', '1')];

    expect(countNodes(buildAccountTree(looped))).toBe(2);
  });

  it('lists the accounts that have others under them, for "Expand all"', () => {
    expect(branchIds(buildAccountTree(CHART))).toEqual(['id-1000', 'id-2000']);
  });
});

describe('searching and filtering the tree', () => {
  const tree = buildAccountTree(CHART);

  it('hides archived accounts unless asked for', () => {
    expect(outline(filterTree(tree, { search: '', showArchived: false }))).not.toContain('  1190');
    expect(outline(filterTree(tree, { search: '', showArchived: true }))).toContain('  1190');
  });

  it('finds accounts by code prefix, with the header above them', () => {
    expect(outline(filterTree(tree, { search: '115', showArchived: false }))).toEqual(['1000', '  1150', '  1150-02']);
  });

  it('finds accounts by any part of the name, in any case', () => {
    expect(outline(filterTree(tree, { search: 'vat', showArchived: false }))).toEqual(['2000', '  2100']);
  });

  it('shows everything under a header that matches', () => {
    expect(outline(filterTree(tree, { search: 'liabilities', showArchived: false }))).toEqual(['2000', '  2100']);
  });

  it('finds nothing when nothing matches', () => {
    expect(filterTree(tree, { search: 'zzz', showArchived: true })).toEqual([]);
  });

  it('does not take a code in the middle of another for a prefix', () => {
    expect(matchesSearch({ code: '2150', name: 'Loan' }, '15')).toBe(false);
  });
});
