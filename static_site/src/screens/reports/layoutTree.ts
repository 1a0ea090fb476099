/**
 * Editing a statement layout's tree without mutating it: each change returns a new layout.
 * A node is addressed by its indices from the top (`[0, 2]` is the third child of the
 * first section), written as the validator's field path `sections.0.children.2`.
 */
import type { Layout, LayoutNode, LayoutProblem } from '../../api/reports';

export type NodePath = readonly number[];

/** The validator's field path of a node. */
export function fieldPath(path: NodePath): string {
  return path.map((index, depth) => (depth === 0 ? `sections.${index}` : `children.${index}`)).join('.');
}

function mapChildren(nodes: readonly LayoutNode[], path: NodePath, change: (node: LayoutNode) => LayoutNode | null): LayoutNode[] {
  const [head, ...rest] = path;
  const result: LayoutNode[] = [];
  nodes.forEach((node, index) => {
    if (index !== head) {
      result.push(node);
    } else if (rest.length === 0) {
      const changed = change(node);
      if (changed !== null) {
        result.push(changed);
      }
    } else {
      result.push({ ...node, children: mapChildren(node.children ?? [], rest, change) });
    }
  });
  return result;
}

/** The layout with the node at `path` changed (or removed when `change` answers null). */
export function updateNode(layout: Layout, path: NodePath, change: (node: LayoutNode) => LayoutNode | null): Layout {
  return { ...layout, sections: mapChildren(layout.sections, path, change) };
}

/** The node at `path`. */
export function nodeAt(layout: Layout, path: NodePath): LayoutNode | undefined {
  let nodes: readonly LayoutNode[] = layout.sections;
  let found: LayoutNode | undefined;
  for (const index of path) {
    found = nodes[index];
    nodes = found?.children ?? [];
  }
  return found;
}

/** The layout with `line` added at the end of the section at `sectionPath`. */
export function addLine(layout: Layout, sectionPath: NodePath, line: LayoutNode): Layout {
  return updateNode(layout, sectionPath, (section) => ({ ...section, children: [...(section.children ?? []), line] }));
}

/** The layout with the line at `linePath` moved to the end of the section at `sectionPath`. */
export function moveLine(layout: Layout, linePath: NodePath, sectionPath: NodePath): Layout {
  const line = nodeAt(layout, linePath);
  if (line === undefined) {
    return layout;
  }
  return addLine(updateNode(layout, linePath, () => null), sectionPath, line);
}

/** Every section with its path and label, for "move to". */
export function sectionsOf(layout: Layout): { readonly path: NodePath; readonly label: string }[] {
  const found: { path: NodePath; label: string }[] = [];
  const walk = (nodes: readonly LayoutNode[], path: NodePath): void => {
    nodes.forEach((node, index) => {
      if (node.children !== undefined && node.children !== null) {
        found.push({ path: [...path, index], label: node.label });
        walk(node.children, [...path, index]);
      }
    });
  };
  walk(layout.sections, []);
  return found;
}

/**
 * The validator's problems by the node they concern (the node whose field path is the
 * longest start of the problem's field); problems with the whole layout under `''`.
 */
export function problemsByNode(layout: Layout, problems: readonly LayoutProblem[]): Map<string, LayoutProblem[]> {
  const paths: string[] = [];
  const walk = (nodes: readonly LayoutNode[], path: NodePath): void => {
    nodes.forEach((node, index) => {
      paths.push(fieldPath([...path, index]));
      walk(node.children ?? [], [...path, index]);
    });
  };
  walk(layout.sections, []);
  const byNode = new Map<string, LayoutProblem[]>();
  for (const problem of problems) {
    const owner = paths.filter((path) => problem.field === path || problem.field.startsWith(`${path}.`)).sort((a, b) => b.length - a.length)[0] ?? '';
    byNode.set(owner, [...(byNode.get(owner) ?? []), problem]);
  }
  return byNode;
}

/** What an account line takes, in a few words: `subtypes revenue, contra_revenue`. */
export function describeSelection(node: LayoutNode): string {
  const parts = (node.include ?? []).map((match) =>
    [
      match.account_types?.length ? match.account_types.join('/') : '',
      match.subtypes?.length ? match.subtypes.join(', ') : '',
      match.roles?.length ? `roles ${match.roles.join(', ')}` : '',
      match.cash_flow_classes?.length ? `${match.cash_flow_classes.join('/')} class` : '',
      match.codes?.length ? `codes ${match.codes.join(', ')}` : '',
      match.code_from || match.code_to ? `codes ${match.code_from ?? '…'}–${match.code_to ?? '…'}` : '',
    ]
      .filter((part) => part !== '')
      .join(' '),
  );
  const figures = (node.figures ?? []).map((figure) => figure.replace(/_/g, ' '));
  return [...parts, ...figures].join('; ');
}
