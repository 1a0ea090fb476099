import { useCallback, useState } from 'preact/hooks';
import { Link } from '../../app/Link';
import { ProblemNotice } from '../../components/ProblemNotice';
import { useSession } from '../../app/session';
import { useResource } from '../../app/useResource';
import { Skeleton } from '../../components/States';
import { t } from './messages';
import { listLayouts, saveLayout, STATEMENT_KINDS, validateLayout, type Layout, type LayoutNode, type LayoutProblem, type LayoutVersion, type StatementKind } from '../../api/reports';
import { addLine, describeSelection, fieldPath, moveLine, problemsByNode, sectionsOf, updateNode, type NodePath } from './layoutTree';
import './reports.css';

export const LAYOUTS_PATH = '/reports/layouts';

interface Editing {
  /** The saved layout a new version is for; null for a copy of a default. */
  readonly layoutId: string | null;
  readonly layout: Layout;
}

/** `/reports/layouts`: the statements' layouts, and an editor that checks a copy before it is saved. */
export default function LayoutsScreen() {
  const session = useSession();
  const orgId = session.status === 'signed_in' ? (session.currentOrganization?.id ?? null) : null;
  return (
    <section class="screen reports" aria-labelledby="layouts-title">
      <div class="screen__header">
        <h1 id="layouts-title">{t('reports.layouts.title')}</h1>
      </div>
      <p>
        <Link href="/reports">{t('reports.title')}</Link>
      </p>
      {session.status === 'loading' ? (
        <Skeleton label={t('screen.loading')} lines={4} />
      ) : orgId === null ? (
        <p class="notice">{t('reports.noOrganization')}</p>
      ) : (
        <Layouts key={orgId} orgId={orgId} canEdit={session.can('reports:manage')} />
      )}
    </section>
  );
}

function Layouts({ orgId, canEdit }: { readonly orgId: string; readonly canEdit: boolean }) {
  const [kind, setKind] = useState<StatementKind>('profit_and_loss');
  const [editing, setEditing] = useState<Editing | null>(null);
  const [saved, setSaved] = useState<LayoutVersion | null>(null);
  const load = useCallback((signal: AbortSignal) => listLayouts(orgId, signal), [orgId]);
  const layouts = useResource(load);
  if (editing !== null) {
    return (
      <Editor
        orgId={orgId}
        editing={editing}
        onClose={(version) => {
          setEditing(null);
          setSaved(version);
          layouts.reload();
        }}
      />
    );
  }
  return (
    <>
      {saved !== null && (
        <p class="notice" role="status">
          {t('reports.layouts.saved', { name: saved.layout.name, version: saved.version })}
        </p>
      )}
      <div class="field">
        <label for="layouts-kind">{t('reports.kindsLabel')}</label>
        <select id="layouts-kind" value={kind} onChange={(event) => setKind((event.target as HTMLSelectElement).value as StatementKind)}>
          {STATEMENT_KINDS.map((choice) => (
            <option key={choice} value={choice}>
              {t(`reports.kind.${choice}`)}
            </option>
          ))}
        </select>
      </div>
      {layouts.error !== undefined && <ProblemNotice error={layouts.error} />}
      <ul class="reports-layouts">
        {(layouts.data ?? [])
          .filter((version) => version.layout.kind === kind)
          .map((version) => (
            <li key={version.reference}>
              <span>
                <strong>{version.layout.name}</strong>{' '}
                {version.built_in !== null ? t('reports.layouts.builtIn') : t('reports.layouts.version', { version: version.version })}
              </span>
              {canEdit && (
                <button
                  type="button"
                  class="button button--secondary"
                  onClick={() => setEditing({ layoutId: version.layout_id, layout: version.layout })}
                >
                  {version.built_in !== null ? t('reports.layouts.copy', { name: version.layout.name }) : t('reports.layouts.edit', { name: version.layout.name })}
                </button>
              )}
            </li>
          ))}
      </ul>
    </>
  );
}

function Editor({ orgId, editing, onClose }: { readonly orgId: string; readonly editing: Editing; readonly onClose: (saved: LayoutVersion | null) => void }) {
  const [layout, setLayout] = useState<Layout>(editing.layout);
  const [problems, setProblems] = useState<readonly LayoutProblem[] | null>(null);
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const change = (next: Layout): void => {
    setLayout(next);
    setProblems(null); // paths move with edits: check again
  };
  const byNode = problemsByNode(layout, problems ?? []);
  const sections = sectionsOf(layout);

  const check = async (): Promise<void> => {
    setBusy(true);
    setError(undefined);
    try {
      setProblems((await validateLayout(orgId, layout)).problems);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  const save = async (): Promise<void> => {
    setBusy(true);
    setError(undefined);
    try {
      const result = await validateLayout(orgId, layout);
      setProblems(result.problems);
      if (result.valid) {
        onClose(await saveLayout(orgId, editing.layoutId, layout));
      }
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="reports-editor" noValidate aria-label={t('reports.layouts.editorLabel')} onSubmit={(event) => { event.preventDefault(); void save(); }}>
      {error !== undefined && <ProblemNotice error={error} />}
      <div class="field">
        <label for="layout-name">{t('reports.layouts.name')}</label>
        <input id="layout-name" class="input" value={layout.name} maxLength={200} onInput={(event) => change({ ...layout, name: (event.target as HTMLInputElement).value })} />
      </div>
      {problems !== null &&
        (problems.length === 0 ? (
          <p class="notice reports-check reports-check--ok" role="status">
            <span aria-hidden="true">✓ </span>
            {t('reports.layouts.valid')}
          </p>
        ) : (
          <div class="notice notice--error" role="alert">
            <p class="notice__title">{t('reports.layouts.invalid', { count: problems.length })}</p>
            <Problems problems={byNode.get('') ?? []} />
          </div>
        ))}
      <ol class="reports-tree">
        {layout.sections.map((node, index) => (
          <TreeNode key={`${index}:${node.key}`} node={node} path={[index]} layout={layout} sections={sections} byNode={byNode} onChange={change} />
        ))}
      </ol>
      <div class="reports-editor__actions">
        <button type="button" class="button button--secondary" disabled={busy} onClick={() => void check()}>
          {t('reports.layouts.check')}
        </button>
        <button type="submit" class="button" disabled={busy}>
          {editing.layoutId === null ? t('reports.layouts.saveCopy') : t('reports.layouts.saveVersion')}
        </button>
        <button type="button" class="button button--secondary" onClick={() => onClose(null)}>
          {t('reports.layouts.cancel')}
        </button>
      </div>
    </form>
  );
}

function Problems({ problems }: { readonly problems: readonly LayoutProblem[] }) {
  if (problems.length === 0) {
    return null;
  }
  return (
    <ul class="reports-problems">
      {problems.map((problem, index) => (
        <li key={index}>{problem.message}</li>
      ))}
    </ul>
  );
}

interface TreeNodeProps {
  readonly node: LayoutNode;
  readonly path: NodePath;
  readonly layout: Layout;
  readonly sections: ReturnType<typeof sectionsOf>;
  readonly byNode: Map<string, LayoutProblem[]>;
  readonly onChange: (layout: Layout) => void;
}

function TreeNode({ node, path, layout, sections, byNode, onChange }: TreeNodeProps) {
  const id = `node-${fieldPath(path).replace(/\./g, '-')}`;
  const isSection = node.children !== undefined && node.children !== null;
  const mine = byNode.get(fieldPath(path)) ?? [];
  const rename = (label: string): void => onChange(updateNode(layout, path, (current) => ({ ...current, label })));
  return (
    <li class={isSection ? 'reports-tree__section' : 'reports-tree__line'}>
      <div class="field">
        <label for={id}>{isSection ? t('reports.layouts.section') : node.formula?.length ? t('reports.layouts.subtotal') : t('reports.layouts.line')}</label>
        <input id={id} class="input" value={node.label} maxLength={200} aria-invalid={mine.length > 0 ? 'true' : undefined} onInput={(event) => rename((event.target as HTMLInputElement).value)} />
      </div>
      {!isSection && !node.formula?.length && <p class="muted">{t('reports.layouts.takes', { what: describeSelection(node) })}</p>}
      {!isSection && (node.formula?.length ?? 0) > 0 && (
        <p class="muted">{node.formula?.map((term) => `${term.sign < 0 ? '−' : '+'} ${term.line}`).join(' ')}</p>
      )}
      <Problems problems={mine} />
      {!isSection && (
        <div class="reports-tree__actions">
          <label for={`${id}-move`}>{t('reports.layouts.moveTo')}</label>
          <select
            id={`${id}-move`}
            value=""
            onChange={(event) => {
              const target = sections[Number((event.target as HTMLSelectElement).value)];
              if (target !== undefined) {
                onChange(moveLine(layout, path, target.path));
              }
            }}
          >
            <option value="">—</option>
            {sections.map((section, index) => (
              <option key={index} value={index}>
                {section.label}
              </option>
            ))}
          </select>
          <button type="button" class="button button--secondary" onClick={() => onChange(updateNode(layout, path, () => null))}>
            {t('reports.layouts.remove', { label: node.label })}
          </button>
        </div>
      )}
      {isSection && (
        <>
          <ol class="reports-tree">
            {(node.children ?? []).map((child, index) => (
              <TreeNode key={`${index}:${child.key}`} node={child} path={[...path, index]} layout={layout} sections={sections} byNode={byNode} onChange={onChange} />
            ))}
          </ol>
          <NewLine id={id} onAdd={(line) => onChange(addLine(layout, path, line))} />
        </>
      )}
    </li>
  );
}

/** Adds an account line taking the given subtypes (a regrouping of the chart's accounts). */
function NewLine({ id, onAdd }: { readonly id: string; readonly onAdd: (line: LayoutNode) => void }) {
  const [label, setLabel] = useState('');
  const [subtypes, setSubtypes] = useState('');
  const [sign, setSign] = useState(-1);
  const add = (): void => {
    const chosen = subtypes.split(',').map((part) => part.trim()).filter((part) => part !== '');
    const key = label.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').replace(/^(?![a-z])/, 'line_').slice(0, 50);
    if (label.trim() === '') {
      return;
    }
    onAdd({ key, label: label.trim(), include: chosen.length > 0 ? [{ subtypes: chosen }] : [], sign });
    setLabel('');
    setSubtypes('');
  };
  return (
    <details class="reports-tree__new">
      <summary>{t('reports.layouts.addLine')}</summary>
      <div class="field">
        <label for={`${id}-new-label`}>{t('reports.layouts.newLabel')}</label>
        <input id={`${id}-new-label`} class="input" value={label} maxLength={200} onInput={(event) => setLabel((event.target as HTMLInputElement).value)} />
      </div>
      <div class="field">
        <label for={`${id}-new-subtypes`}>{t('reports.layouts.newSubtypes')}</label>
        <input id={`${id}-new-subtypes`} class="input" value={subtypes} onInput={(event) => setSubtypes((event.target as HTMLInputElement).value)} />
      </div>
      <div class="field">
        <label for={`${id}-new-sign`}>{t('reports.layouts.newSign')}</label>
        <select id={`${id}-new-sign`} value={String(sign)} onChange={(event) => setSign(Number((event.target as HTMLSelectElement).value))}>
          <option value="-1">{t('reports.layouts.creditPositive')}</option>
          <option value="1">{t('reports.layouts.debitPositive')}</option>
        </select>
      </div>
      <button type="button" class="button button--secondary" onClick={add}>
        {t('reports.layouts.add')}
      </button>
    </details>
  );
}
