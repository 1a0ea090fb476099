/**
 * The chart of accounts as a tree: header accounts with the accounts under them, each level
 * in code order. Pure functions, so the screen stays a thin view over them.
 */

/** What the tree needs of an account (the API's `AccountOut` has all of it). */
export interface TreeAccount {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly parent_id: string | null;
  readonly is_header: boolean;
  readonly archived_at: string | null;
}

export interface AccountNode<A extends TreeAccount = TreeAccount> {
  readonly account: A;
  readonly children: readonly AccountNode<A>[];
}

/** Codes compare as the server sorts them: `1150` < `1150-02` < `1160`. */
export function compareCodes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Builds the tree. An account whose parent is not in the list (or that would sit under
 * itself through a broken link) becomes a root rather than disappearing.
 */
export function buildAccountTree<A extends TreeAccount>(accounts: readonly A[]): AccountNode<A>[] {
  const byId = new Map(accounts.map((account) => [account.id, account]));
  const childrenOf = new Map<string | null, A[]>();
  for (const account of accounts) {
    const parent = account.parent_id !== null && byId.has(account.parent_id) && !formsCycle(account, byId) ? account.parent_id : null;
    const siblings = childrenOf.get(parent) ?? [];
    siblings.push(account);
    childrenOf.set(parent, siblings);
  }
  const grow = (parent: string | null): AccountNode<A>[] =>
    (childrenOf.get(parent) ?? [])
      .slice()
      .sort((a, b) => compareCodes(a.code, b.code))
      .map((account) => ({ account, children: grow(account.id) }));
  return grow(null);
}

/** Whether following `account`'s parents comes back to it. */
function formsCycle(account: TreeAccount, byId: ReadonlyMap<string, TreeAccount>): boolean {
  const seen = new Set<string>([account.id]);
  let parentId = account.parent_id;
  while (parentId !== null) {
    if (seen.has(parentId)) {
      return true;
    }
    seen.add(parentId);
    parentId = byId.get(parentId)?.parent_id ?? null;
  }
  return false;
}

export interface TreeFilter {
  /** A code prefix or part of a name, any case; blank shows everything. */
  readonly search: string;
  readonly showArchived: boolean;
}

/** Whether `account` answers `search`: its code starts with it, or its name contains it. */
export function matchesSearch(account: Pick<TreeAccount, 'code' | 'name'>, search: string): boolean {
  const needle = search.trim().toLowerCase();
  if (needle === '') {
    return true;
  }
  return account.code.toLowerCase().startsWith(needle) || account.name.toLowerCase().includes(needle);
}

/**
 * The part of the tree to show: archived accounts only when asked for, and while searching,
 * the accounts that match with the headers above them (so each is seen in its place), plus
 * everything under a matching header.
 */
export function filterTree<A extends TreeAccount>(nodes: readonly AccountNode<A>[], filter: TreeFilter): AccountNode<A>[] {
  const kept: AccountNode<A>[] = [];
  for (const node of nodes) {
    if (!filter.showArchived && node.account.archived_at !== null) {
      continue;
    }
    if (filter.search.trim() !== '' && matchesSearch(node.account, filter.search)) {
      kept.push({ account: node.account, children: filterTree(node.children, { ...filter, search: '' }) });
      continue;
    }
    const children = filterTree(node.children, filter);
    if (filter.search.trim() === '' || children.length > 0) {
      kept.push({ account: node.account, children });
    }
  }
  return kept;
}

/** The ids of every node that has children: what "Expand all" opens. */
export function branchIds(nodes: readonly AccountNode[]): string[] {
  return nodes.flatMap((node) => (node.children.length > 0 ? [node.account.id, ...branchIds(node.children)] : []));
}

/** How many accounts the tree shows. */
export function countNodes(nodes: readonly AccountNode[]): number {
  return nodes.reduce((total, node) => total + 1 + countNodes(node.children), 0);
}
