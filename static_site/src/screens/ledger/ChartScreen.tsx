import { useCallback, useId, useMemo, useState } from 'preact/hooks';
import { ApiProblem } from '../../api/client';
import { Link } from '../../app/Link';
import { ProblemNotice } from '../../components/ProblemNotice';
import { useResource } from '../../app/useResource';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState, Skeleton } from '../../components/States';
import { showToast } from '../../components/toasts';
import { formatDateTime } from '../../format/dates';
import { t } from './messages';
import { recentKey } from '../../offline/recent';
import { AccountForm } from './AccountForm';
import { accountLabel } from './AccountPicker';
import { ACCOUNT_TYPES, archiveAccount, listChart, unarchiveAccount, type Account, type AccountType } from '../../api/ledger';
import { subtypeLabel, typeLabel } from './display';
import { LedgerFrame, type LedgerScope } from './LedgerFrame';
import { accountPath } from './paths';
import { problemSentence } from './problems';
import { branchIds, buildAccountTree, countNodes, filterTree, type AccountNode } from './tree';

/** The chart changes rarely; a copy on the phone serves the picker and this screen offline for a month. */
export const CHART_TTL_MS = 30 * 24 * 3_600_000;

export function chartKey(orgId: string) {
  return recentKey<Account[]>('ledger.chart', orgId, CHART_TTL_MS);
}

/** The chart of one organization, fresh when online and from the phone when not. */
export function useChart(orgId: string) {
  const load = useCallback((signal: AbortSignal) => listChart(orgId, signal), [orgId]);
  const saved = useMemo(() => chartKey(orgId), [orgId]);
  return useResource(load, saved);
}

/** The chart of accounts: a tree of headers and accounts, searchable, with its changes. */
export default function ChartScreen() {
  return (
    <LedgerFrame
      titleId="ledger-chart-title"
      title={t('ledger.chart.title')}
      current="chart"
      children={(scope) => <Chart scope={scope} />}
    />
  );
}

type Editing = { readonly mode: 'create' } | { readonly mode: 'edit'; readonly account: Account };

function Chart({ scope }: { readonly scope: LedgerScope }) {
  const chart = useChart(scope.orgId);
  const [search, setSearch] = useState('');
  const [type, setType] = useState<AccountType | ''>('');
  const [showArchived, setShowArchived] = useState(false);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [editing, setEditing] = useState<Editing | null>(null);
  const [archiving, setArchiving] = useState<Account | null>(null);
  const manage = scope.access.can('accounts:manage');
  const ids = useId();

  const accounts = useMemo(() => chart.data ?? [], [chart.data]);
  const tree = useMemo(
    () => buildAccountTree(type === '' ? accounts : accounts.filter((account) => account.account_type === type)),
    [accounts, type],
  );
  const shown = useMemo(() => filterTree(tree, { search, showArchived }), [tree, search, showArchived]);
  const searching = search.trim() !== '';
  const branches = useMemo(() => branchIds(tree), [tree]);
  const allExpanded = branches.length > 0 && branches.every((id) => expanded.has(id));
  const activeCount = accounts.filter((account) => account.archived_at === null).length;

  const toggle = (id: string): void =>
    setExpanded((open) => {
      const next = new Set(open);
      if (!next.delete(id)) {
        next.add(id);
      }
      return next;
    });

  const restore = async (account: Account): Promise<void> => {
    try {
      await unarchiveAccount(scope.orgId, account.id);
      showToast(t('ledger.chart.restored', { account: accountLabel(account) }), 'success');
      chart.reload();
    } catch (error) {
      showToast(error instanceof ApiProblem ? problemSentence(error) : t('error.unexpected'), 'error');
    }
  };

  return (
    <>
      <div class="ledger-toolbar">
        <div class="ledger-toolbar__search">
          <label for={`${ids}-search`}>{t('ledger.chart.search')}</label>
          <input
            id={`${ids}-search`}
            class="input"
            type="search"
            value={search}
            autocomplete="off"
            aria-describedby={`${ids}-count`}
            onInput={(event) => setSearch(event.currentTarget.value)}
          />
        </div>
        <div class="ledger-toolbar__type">
          <label for={`${ids}-type`}>{t('ledger.chart.typeFilter')}</label>
          <select
            id={`${ids}-type`}
            class="input"
            value={type}
            onChange={(event) => setType(event.currentTarget.value as AccountType | '')}
          >
            <option value="">{t('ledger.chart.allTypes')}</option>
            {ACCOUNT_TYPES.map((option) => (
              <option key={option} value={option}>
                {typeLabel(option)}
              </option>
            ))}
          </select>
        </div>
        <label class="choice">
          <input type="checkbox" checked={showArchived} onChange={(event) => setShowArchived(event.currentTarget.checked)} />
          {t('ledger.chart.showArchived')}
        </label>
      </div>
      <div class="ledger-toolbar ledger-toolbar--actions">
        {manage && (
          <button type="button" class="button" onClick={() => setEditing({ mode: 'create' })}>
            {t('ledger.chart.new')}
          </button>
        )}
        {allExpanded ? (
          <button type="button" class="button button--quiet" disabled={searching} onClick={() => setExpanded(new Set())}>
            {t('ledger.chart.collapseAll')}
          </button>
        ) : (
          <button
            type="button"
            class="button button--quiet"
            disabled={searching || branches.length === 0}
            onClick={() => setExpanded(new Set(branches))}
          >
            {t('ledger.chart.expandAll')}
          </button>
        )}
      </div>

      {chart.error !== undefined && <ProblemNotice error={chart.error} />}
      {chart.savedAt !== undefined && !chart.loading && (
        <p class="muted">{t('offline.savedCopy', { time: formatDateTime(chart.savedAt) })}</p>
      )}
      <p id={`${ids}-count`} class="muted" role="status">
        {chart.data === undefined ? '' : t('ledger.chart.count', { shown: countNodes(shown), total: activeCount })}
      </p>

      {chart.data === undefined && chart.loading ? (
        <Skeleton label={t('ledger.chart.loading')} lines={6} />
      ) : chart.data !== undefined && accounts.length === 0 ? (
        <EmptyState title={t('ledger.chart.emptyTitle')} body={t('ledger.chart.emptyBody')} />
      ) : shown.length === 0 && chart.data !== undefined ? (
        <p class="notice">{t('ledger.chart.noMatch', { search })}</p>
      ) : (
        <ul class="account-tree" aria-label={t('ledger.chart.treeLabel')}>
          {shown.map((node) => (
            <AccountItem
              key={node.account.id}
              node={node}
              open={(id) => searching || expanded.has(id)}
              onToggle={toggle}
              manage={manage}
              onEdit={(account) => setEditing({ mode: 'edit', account })}
              onArchive={setArchiving}
              onRestore={(account) => void restore(account)}
            />
          ))}
        </ul>
      )}

      {editing !== null && (
        <AccountForm
          orgId={scope.orgId}
          accounts={accounts}
          account={editing.mode === 'edit' ? editing.account : null}
          onClose={() => setEditing(null)}
          onSaved={(saved) => {
            setEditing(null);
            showToast(t('ledger.chart.saved', { account: accountLabel(saved) }), 'success');
            if (saved.parent_id !== null) {
              setExpanded((open) => new Set([...open, saved.parent_id ?? '']));
            }
            chart.reload();
          }}
        />
      )}
      {archiving !== null && (
        <ArchiveDialog
          orgId={scope.orgId}
          account={archiving}
          onClose={() => setArchiving(null)}
          onArchived={(account) => {
            setArchiving(null);
            showToast(t('ledger.chart.archived', { account: accountLabel(account) }), 'success');
            chart.reload();
          }}
        />
      )}
    </>
  );
}

interface AccountItemProps {
  readonly node: AccountNode<Account>;
  readonly open: (id: string) => boolean;
  readonly onToggle: (id: string) => void;
  readonly manage: boolean;
  readonly onEdit: (account: Account) => void;
  readonly onArchive: (account: Account) => void;
  readonly onRestore: (account: Account) => void;
}

function AccountItem({ node, open, onToggle, manage, onEdit, onArchive, onRestore }: AccountItemProps) {
  const { account, children } = node;
  const archived = account.archived_at !== null;
  const isOpen = open(account.id);
  const childListId = `account-children-${account.id}`;
  const label = accountLabel(account);
  const classes = ['account-row', account.is_header ? 'account-row--header' : '', archived ? 'account-row--archived' : '']
    .filter((name) => name !== '')
    .join(' ');

  return (
    <li class={classes} data-account-code={account.code}>
      <div class="account-row__line">
        {children.length > 0 ? (
          <button
            type="button"
            class="account-row__toggle"
            aria-expanded={isOpen ? 'true' : 'false'}
            aria-controls={childListId}
            onClick={() => onToggle(account.id)}
          >
            <span aria-hidden="true">{isOpen ? '▾' : '▸'}</span>
            <span class="visually-hidden">{t('ledger.chart.accountsUnder', { account: label })}</span>
          </button>
        ) : (
          <span class="account-row__spacer" aria-hidden="true" />
        )}
        <span class="account-row__name">
          <Link href={accountPath(account.id)}>
            <span class="account-row__code">{account.code}</span> {account.name}
          </Link>
        </span>
        <span class="account-row__badges">
          {account.is_header ? (
            <span class="badge badge--header">{t('ledger.chart.headerBadge', { type: typeLabel(account.account_type) })}</span>
          ) : (
            <span class="badge">{subtypeLabel(account.subtype)}</span>
          )}
          {archived && <span class="badge badge--archived">{t('ledger.chart.archivedBadge')}</span>}
        </span>
        {manage && (
          <span class="account-row__actions">
            <button type="button" class="button button--quiet button--small" onClick={() => onEdit(account)}>
              {t('ledger.chart.edit')}
              <span class="visually-hidden"> {label}</span>
            </button>
            {archived ? (
              <button type="button" class="button button--quiet button--small" onClick={() => onRestore(account)}>
                {t('ledger.chart.restore')}
                <span class="visually-hidden"> {label}</span>
              </button>
            ) : (
              // A heading holds accounts and no postings: archiving is for accounts.
              !account.is_header && (
                <button type="button" class="button button--quiet button--small" onClick={() => onArchive(account)}>
                  {t('ledger.chart.archive')}
                  <span class="visually-hidden"> {label}</span>
                </button>
              )
            )}
          </span>
        )}
      </div>
      {children.length > 0 && (
        <ul id={childListId} hidden={!isOpen}>
          {children.map((child) => (
            <AccountItem
              key={child.account.id}
              node={child}
              open={open}
              onToggle={onToggle}
              manage={manage}
              onEdit={onEdit}
              onArchive={onArchive}
              onRestore={onRestore}
            />
          ))}
        </ul>
      )}
    </li>
  );
}

interface ArchiveDialogProps {
  readonly orgId: string;
  readonly account: Account;
  readonly onClose: () => void;
  readonly onArchived: (account: Account) => void;
}

/** Asks before archiving, and says why the server refused (a balance, accounts under it). */
function ArchiveDialog({ orgId, account, onClose, onArchived }: ArchiveDialogProps) {
  return (
    <ConfirmDialog
      title={t('ledger.chart.archiveTitle', { account: accountLabel(account) })}
      confirmLabel={t('ledger.chart.archiveConfirm')}
      onClose={onClose}
      onConfirm={async () => onArchived(await archiveAccount(orgId, account.id))}
      explain={(failure) => (failure instanceof ApiProblem ? problemSentence(failure) : t('error.unexpected'))}
    >
      <p>{t('ledger.chart.archiveBody')}</p>
    </ConfirmDialog>
  );
}
