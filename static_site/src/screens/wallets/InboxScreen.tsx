import { useCallback, useMemo, useState } from 'preact/hooks';
import { listChart, type Account } from '../../api/ledger';
import { categorise, categoriseMany, listTransactions, type Part, type WalletTransaction } from '../../api/mobileMoney';
import { Link } from '../../app/Link';
import { useResource } from '../../app/useResource';
import { ProblemNotice } from '../../components/ProblemNotice';
import { SelectField } from '../../components/SelectField';
import { EmptyState, Skeleton } from '../../components/States';
import { showToast } from '../../components/toasts';
import { useAction } from '../../components/useAction';
import { useCursorPages, type PageQuery } from '../../components/useCursorPages';
import { formatDateTime } from '../../format/dates';
import { parseMoney, toWire } from '../../format/money';
import { money, percent, WALLET_CURRENCY } from './display';
import { t, tCount } from './messages';
import { Pages } from './Pages';
import { entryPath } from './paths';
import { WalletsFrame, type WalletScope } from './WalletsFrame';

export const PAGE_SIZE = 25;

type Show = 'all' | 'uncategorised' | 'categorised';

/**
 * `/wallets/inbox`: the wallets' transactions, uncategorised first, each with the suggested
 * account and how sure the suggestion is. One tap accepts it (and posts the entry); "Always do
 * this" makes a rule of it; "Choose or split" books it to other accounts; ticked rows are
 * accepted together.
 */
export default function InboxScreen() {
  return <WalletsFrame titleId="wallets-inbox-title" title={t('wallets.inbox.title')} current="inbox" children={(scope) => <Inbox scope={scope} />} />;
}

function Inbox({ scope }: { readonly scope: WalletScope }) {
  const { orgId, canManage, canReadLedger } = scope;
  const [show, setShow] = useState<Show>('all');
  const loadAccounts = useCallback(
    (signal: AbortSignal) => (canReadLedger ? listChart(orgId, signal).then((all) => all.filter((account) => !account.is_header && account.archived_at === null)) : Promise.resolve([])),
    [orgId, canReadLedger],
  );
  const accounts = useResource(loadAccounts);
  const load = useCallback(
    async ({ cursor, signal }: PageQuery) => {
      const categorised = show === 'all' ? null : show === 'categorised';
      const page = await listTransactions(orgId, { categorised, cursor, limit: PAGE_SIZE }, signal);
      return { items: page.items, nextCursor: page.next_cursor };
    },
    [orgId, show],
  );
  const pages = useCursorPages<WalletTransaction>(load);
  /** Rows categorised on this screen, shown as their answer until the list is read again. */
  const [done, setDone] = useState<ReadonlyMap<string, WalletTransaction>>(new Map());
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const rows = pages.rows.map((row) => done.get(row.id) ?? row);
  const answered = (items: readonly WalletTransaction[]): void => {
    setDone((previous) => new Map([...previous, ...items.map((item) => [item.id, item] as const)]));
    setSelected(new Set());
  };
  const names = useMemo(() => new Map((accounts.data ?? []).map((account) => [account.id, `${account.code} ${account.name}`])), [accounts.data]);
  const acceptable = rows.filter((row) => selected.has(row.id) && row.suggestion != null && row.categorised_at === null);
  const bulk = useAction(async () => {
    const items = await categoriseMany(orgId, {
      items: acceptable.map((row) => ({ transaction_id: row.id, always: false, rule_id: row.suggestion?.rule_id ?? null, parts: [suggestedPart(row)] })),
    });
    answered(items);
    showToast(tCount('wallets.inbox.bulkDone', items.length), 'success');
  });
  return (
    <div class="wallets-inbox">
      <p class="muted">{t('wallets.inbox.intro')}</p>
      <SelectField
        id="inbox-show"
        label={t('wallets.inbox.show')}
        value={show}
        required={false}
        onInput={(value) => setShow(value as Show)}
        options={[
          { value: 'all', label: t('wallets.inbox.showAll') },
          { value: 'uncategorised', label: t('wallets.inbox.showUncategorised') },
          { value: 'categorised', label: t('wallets.inbox.showCategorised') },
        ]}
      />
      {canManage && (
        <div class="wallets-actions">
          <button type="button" class="button" disabled={acceptable.length === 0 || bulk.busy} onClick={() => void bulk.run()}>
            {tCount('wallets.inbox.acceptSelected', acceptable.length)}
          </button>
        </div>
      )}
      <ProblemNotice error={bulk.failure} />
      <ProblemNotice error={pages.error} />
      <p class="visually-hidden" role="status">
        {pages.loading ? t('screen.loading') : tCount('wallets.inbox.shown', rows.length)}
      </p>
      {rows.length === 0 && pages.loading ? (
        <Skeleton label={t('screen.loading')} lines={5} />
      ) : rows.length === 0 && pages.error === undefined ? (
        <EmptyState title={t('wallets.inbox.emptyTitle')} body={t('wallets.inbox.emptyBody')} />
      ) : (
        <ul class="wallets-rows" aria-label={t('wallets.inbox.title')} aria-busy={pages.loading}>
          {rows.map((row) => (
            <TransactionRow
              key={row.id}
              row={row}
              orgId={orgId}
              canManage={canManage}
              accounts={accounts.data ?? []}
              names={names}
              selected={selected.has(row.id)}
              onSelect={(on) => setSelected((previous) => toggled(previous, row.id, on))}
              onDone={(item) => answered([item])}
            />
          ))}
        </ul>
      )}
      <Pages paging={pages.paging} loading={pages.loading} />
    </div>
  );
}

function toggled(set: ReadonlySet<string>, id: string, on: boolean): ReadonlySet<string> {
  const next = new Set(set);
  if (on) {
    next.add(id);
  } else {
    next.delete(id);
  }
  return next;
}

function suggestedPart(row: WalletTransaction): Part {
  return { account_id: row.suggestion?.account_id ?? '', vat_rate: row.suggestion?.vat_rate ?? null, memo: '' };
}

interface RowProps {
  readonly row: WalletTransaction;
  readonly orgId: string;
  readonly canManage: boolean;
  readonly accounts: readonly Account[];
  readonly names: ReadonlyMap<string, string>;
  readonly selected: boolean;
  readonly onSelect: (on: boolean) => void;
  readonly onDone: (row: WalletTransaction) => void;
}

function TransactionRow({ row, orgId, canManage, accounts, names, selected, onSelect, onDone }: RowProps) {
  const [always, setAlways] = useState(false);
  const suggestion = row.suggestion ?? null;
  const open = row.categorised_at === null;
  const accept = useAction(async () => {
    const answer = await categorise(orgId, row.id, { parts: [suggestedPart(row)], always, rule_id: suggestion?.rule_id ?? null });
    showToast(t('wallets.inbox.posted'), 'success');
    onDone(answer);
  });
  const nameOf = (id: string): string => names.get(id) ?? t('wallets.inbox.accountUnknown');
  const label = `${row.direction === 'in' ? t('wallets.inbox.in') : t('wallets.inbox.out')} ${money(row.amount)} · ${row.counterparty_name || row.counterparty_msisdn || row.reference}`;
  return (
    <li class="wallets-row" data-testid="wallet-transaction">
      <p>
        {canManage && open && suggestion !== null && (
          <label class="wallets-check">
            <input type="checkbox" checked={selected} onChange={(event) => onSelect((event.target as HTMLInputElement).checked)} aria-label={t('wallets.inbox.select', { what: label })} />
          </label>
        )}
        <strong class="wallets-amount">{label}</strong>
      </p>
      <p class="muted">
        <time dateTime={row.occurred_at}>{formatDateTime(row.occurred_at)}</time> · {row.service_type} · {row.reference} · {row.airtel_id}
      </p>
      {!row.bookable && <p class="notice">{t('wallets.inbox.notBookable', { status: row.status })}</p>}
      {!open ? (
        <p data-testid="categorised">
          {t('wallets.inbox.categorisedAs', { accounts: (row.parts ?? []).map((part) => `${nameOf(part.account_id)} ${money(part.amount)}`).join(', ') })}{' '}
          {row.journal_entry_id != null && <Link href={entryPath(row.journal_entry_id)}>{t('wallets.inbox.seeEntry')}</Link>}
        </p>
      ) : (
        row.bookable && (
          <>
            {suggestion === null ? (
              <p class="muted">{t('wallets.inbox.noSuggestion')}</p>
            ) : (
              <p data-testid="suggestion">
                {t('wallets.inbox.suggested', { account: nameOf(suggestion.account_id), confidence: percent(suggestion.confidence) })}
                <br />
                <span class="muted">{suggestion.reason}</span>
              </p>
            )}
            {canManage && (
              <>
                <div class="wallets-actions">
                  {suggestion !== null && (
                    <button type="button" class="button" disabled={accept.busy} onClick={() => void accept.run()} aria-label={t('wallets.inbox.acceptLabel', { what: label })}>
                      {t('wallets.inbox.accept')}
                    </button>
                  )}
                  <label class="wallets-check">
                    <input type="checkbox" checked={always} onChange={(event) => setAlways((event.target as HTMLInputElement).checked)} />
                    {t('wallets.inbox.always')}
                  </label>
                </div>
                <ProblemNotice error={accept.failure} />
                <details>
                  <summary>{t('wallets.inbox.chooseOrSplit')}</summary>
                  <SplitForm row={row} orgId={orgId} accounts={accounts} always={always} onDone={onDone} />
                </details>
              </>
            )}
          </>
        )
      )}
    </li>
  );
}

interface DraftPart {
  readonly accountId: string;
  readonly amount: string;
}

/** Books a transaction to one account of the person's choice, or splits it over several. */
function SplitForm({ row, orgId, accounts, always, onDone }: { readonly row: WalletTransaction; readonly orgId: string; readonly accounts: readonly Account[]; readonly always: boolean; readonly onDone: (row: WalletTransaction) => void }) {
  const [parts, setParts] = useState<readonly DraftPart[]>([{ accountId: row.suggestion?.account_id ?? '', amount: '' }]);
  const [error, setError] = useState<string | null>(null);
  const options = accounts.map((account) => ({ value: account.id, label: `${account.code} ${account.name}` }));
  const change = (index: number, changes: Partial<DraftPart>): void => setParts((previous) => previous.map((part, at) => (at === index ? { ...part, ...changes } : part)));
  const save = useAction(async () => {
    setError(null);
    const wire: Part[] = [];
    for (const part of parts) {
      if (part.accountId === '') {
        setError(t('wallets.split.accountMissing'));
        return;
      }
      if (parts.length === 1) {
        wire.push({ account_id: part.accountId, memo: '' });
        continue;
      }
      const parsed = parseMoney(part.amount, WALLET_CURRENCY);
      if (!parsed.ok) {
        setError(t('wallets.split.amountInvalid'));
        return;
      }
      wire.push({ account_id: part.accountId, amount: toWire(parsed.minor, WALLET_CURRENCY), memo: '' });
    }
    const answer = await categorise(orgId, row.id, { parts: wire, always: always && parts.length === 1 });
    showToast(t('wallets.inbox.posted'), 'success');
    onDone(answer);
  });
  const idBase = `split-${row.id}`;
  return (
    <form
      class="form"
      noValidate
      aria-label={t('wallets.inbox.chooseOrSplit')}
      onSubmit={(event) => {
        event.preventDefault();
        void save.run();
      }}
    >
      {parts.map((part, index) => (
        <div class="wallets-part" key={index}>
          <SelectField id={`${idBase}-account-${index}`} label={t('wallets.split.account', { n: index + 1 })} value={part.accountId} placeholder={t('wallets.split.choose')} options={options} onInput={(accountId) => change(index, { accountId })} />
          {parts.length > 1 && (
            <label class="field">
              <span class="field__label">{t('wallets.split.amount', { n: index + 1 })}</span>
              <input class="input" inputMode="decimal" value={part.amount} onInput={(event) => change(index, { amount: (event.target as HTMLInputElement).value })} />
            </label>
          )}
        </div>
      ))}
      {error !== null && (
        <p class="notice notice--error" role="alert">
          {error}
        </p>
      )}
      <ProblemNotice error={save.failure} />
      <div class="wallets-actions">
        <button type="button" class="button button--quiet" onClick={() => setParts((previous) => [...previous, { accountId: '', amount: '' }])}>
          {t('wallets.split.add')}
        </button>
        <button type="submit" class="button" disabled={save.busy}>
          {t('wallets.split.save')}
        </button>
      </div>
    </form>
  );
}
