import { useCallback, useMemo, useRef, useState } from 'preact/hooks';
import { ApiProblem } from '../../api/client';
import { navigate } from '../../app/router';
import { useResource } from '../../app/useResource';
import { DateField } from '../../components/DateInput';
import { ErrorSummary, type SummaryItem } from '../../components/ErrorSummary';
import { TextField } from '../../components/Field';
import { MoneyField } from '../../components/MoneyInput';
import { SubmitButton } from '../../components/SubmitButton';
import { showToast } from '../../components/toasts';
import { useAction } from '../../components/useAction';
import { formatDate, todayInLusaka } from '../../format/dates';
import { HOME_CURRENCY } from '../../format/money';
import { t } from './messages';
import { AccountPicker } from './AccountPicker';
import { getPeriods, type Account } from '../../api/ledger';
import { abs, checkBalance, type BalanceCheck } from './balance';
import { useChart } from './ChartScreen';
import { kwacha } from './display';
import { blankLine, draftProblems, entryRequest, type DraftLine, type EntryDraft } from './entryDraft';
import { LedgerFrame, type LedgerScope } from './LedgerFrame';
import { entryPath } from './paths';
import { postJournalEntry, SubmissionKey } from './post';
import { entryProblemsFrom, hasProblems, NO_PROBLEMS, type EntryProblems, type LineField } from './problems';

/** A manual journal entry with a live balance check; needs `ledger:post`. */
export default function JournalEntryScreen() {
  return (
    <LedgerFrame
      titleId="ledger-entry-title"
      title={t('ledger.entry.newTitle')}
      current="newEntry"
      permission="ledger:post"
      children={(scope) => <JournalEntryForm scope={scope} />}
    />
  );
}

function freshDraft(): EntryDraft {
  return { date: formatDate(todayInLusaka()), description: '', lines: [blankLine(), blankLine()] };
}

const fieldId = (lineId: string, field: Exclude<LineField, 'line'>): string => `${lineId}-${field}`;

function JournalEntryForm({ scope }: { readonly scope: LedgerScope }) {
  const { orgId } = scope;
  const chart = useChart(orgId);
  const loadPeriods = useCallback((signal: AbortSignal) => getPeriods(orgId, signal), [orgId]);
  const periods = useResource(loadPeriods);
  const lockDate = periods.data?.lock_date ?? null;

  const [draft, setDraft] = useState<EntryDraft>(freshDraft);
  const [problems, setProblems] = useState<EntryProblems>(NO_PROBLEMS);
  const [summary, setSummary] = useState<readonly SummaryItem[]>([]);
  const submission = useRef(new SubmissionKey());

  const postable = useMemo(
    () => (chart.data ?? []).filter((account) => !account.is_header && account.archived_at === null),
    [chart.data],
  );
  const balance = checkBalance(draft.lines);

  // The draft as last changed, for checks on leaving a field (the state may not have caught up:
  // a date or an amount is tidied on the same blur that checks it).
  const latest = useRef(draft);
  const update = (change: (draft: EntryDraft) => EntryDraft): void => {
    latest.current = change(latest.current);
    setDraft(latest.current);
  };
  /** Checks one field as it is left, as the post button would: "-100", 31/02/2026, a locked date. */
  const checkDate = (): void => {
    const found = draftProblems(latest.current, { lockDate });
    setProblems((current) => ({ ...current, date: found.date }));
  };
  const checkAmount = (lineId: string, field: 'debit' | 'credit'): void => {
    const message = draftProblems(latest.current, { lockDate }).lines[lineId]?.[field];
    setProblems((current) => ({
      ...current,
      lines: { ...current.lines, [lineId]: { ...current.lines[lineId], [field]: message } },
    }));
  };
  const setLine = (id: string, change: Partial<Omit<DraftLine, 'id'>>): void => {
    update((current) => ({ ...current, lines: current.lines.map((line) => (line.id === id ? { ...line, ...change } : line)) }));
    // A corrected field stops saying it is wrong.
    setProblems((current) => {
      const lineProblems = current.lines[id];
      if (lineProblems === undefined) {
        return current;
      }
      const remaining = { ...lineProblems };
      for (const key of Object.keys(change)) {
        delete remaining[key === 'accountId' ? 'account' : (key as LineField)];
      }
      delete remaining.line;
      return { ...current, lines: { ...current.lines, [id]: remaining } };
    });
  };
  const removeLine = (id: string): void => {
    update((current) => ({ ...current, lines: current.lines.filter((line) => line.id !== id) }));
  };

  const posting = useAction(async (request: ReturnType<typeof entryRequest>, key: string, summary: string) => {
    try {
      const outcome = await postJournalEntry(orgId, request.body, key, summary);
      submission.current.reset();
      if (outcome.status === 'posted') {
        showToast(t('ledger.entry.posted', { number: outcome.entry.entry_number }), 'success');
        navigate(entryPath(outcome.entry.id));
      } else {
        showToast(t('ledger.entry.queued'), 'info');
        update(freshDraft);
        setProblems(NO_PROBLEMS);
        setSummary([]);
      }
    } catch (error) {
      // Every refusal is shown on the lines and fields it concerns, as the server listed it.
      const codeOf = (lineId: string): string | undefined => {
        const accountId = draft.lines.find((line) => line.id === lineId)?.accountId;
        return chart.data?.find((account) => account.id === accountId)?.code;
      };
      const refused =
        error instanceof ApiProblem
          ? entryProblemsFrom(error, { sentLineIds: request.sentLineIds, accountCodeOf: codeOf })
          : { ...NO_PROBLEMS, other: [t('error.unexpected')] };
      setProblems(refused);
      setSummary(summaryItems(refused, draft.lines));
    }
  });

  const post = (event: Event): void => {
    event.preventDefault();
    if (posting.busy) {
      return;
    }
    const found = draftProblems(draft, { lockDate });
    setProblems(found);
    setSummary(summaryItems(found, draft.lines));
    if (hasProblems(found) || !balance.balanced) {
      return;
    }
    const request = entryRequest(draft);
    const key = submission.current.for(request.body);
    const summary = t('ledger.entry.outboxSummary', { description: request.body.description, amount: kwacha(balance.debits) });
    void posting.run(request, key, summary);
  };

  return (
    <form class="form entry-form" noValidate onSubmit={(event) => void post(event)}>
      <ErrorSummary items={summary} />
      {chart.data === undefined && !chart.loading && (
        <p class="notice notice--error" role="alert">
          {t('ledger.entry.noChart')}
        </p>
      )}
      <DateField
        id="entry-date"
        label={t('ledger.entry.date')}
        value={draft.date}
        error={problems.date}
        onInput={(value) => {
          update((current) => ({ ...current, date: value }));
          setProblems((current) => ({ ...current, date: undefined }));
        }}
        onBlur={checkDate}
      />
      {lockDate !== null && <p class="muted entry-form__lock">{t('ledger.entry.lockedUpTo', { date: formatDate(lockDate) })}</p>}
      <TextField
        id="entry-description"
        label={t('ledger.entry.description')}
        hint={t('ledger.entry.descriptionHint')}
        value={draft.description}
        error={problems.description}
        maxLength={500}
        onInput={(value) => {
          update((current) => ({ ...current, description: value }));
          setProblems((current) => ({ ...current, description: undefined }));
        }}
      />

      <ol class="entry-lines">
        {draft.lines.map((line, index) => (
          <EntryLine
            key={line.id}
            line={line}
            number={index + 1}
            accounts={postable}
            problems={problems.lines[line.id] ?? {}}
            canRemove={draft.lines.length > 2}
            onChange={(change) => setLine(line.id, change)}
            onAmountLeft={(field) => checkAmount(line.id, field)}
            onRemove={() => removeLine(line.id)}
          />
        ))}
      </ol>
      <div class="form__actions">
        <button type="button" class="button button--quiet" onClick={() => update((current) => ({ ...current, lines: [...current.lines, blankLine()] }))}>
          {t('ledger.entry.addLine')}
        </button>
      </div>

      <BalanceStatus balance={balance} entryProblems={problems.entry} />

      <div class="form__actions">
        <SubmitButton
          label={t('ledger.entry.post')}
          workingLabel={t('ledger.entry.posting')}
          busy={posting.busy}
          disabled={!balance.balanced}
          describedBy="entry-balance-status"
        />
      </div>
    </form>
  );
}

interface EntryLineProps {
  readonly line: DraftLine;
  readonly number: number;
  readonly accounts: readonly Account[];
  readonly problems: Partial<Record<LineField, string>>;
  readonly canRemove: boolean;
  readonly onChange: (change: Partial<Omit<DraftLine, 'id'>>) => void;
  /** The debit or credit field was left: check what it holds now. */
  readonly onAmountLeft: (field: 'debit' | 'credit') => void;
  readonly onRemove: () => void;
}

function EntryLine({ line, number, accounts, problems, canRemove, onChange, onAmountLeft, onRemove }: EntryLineProps) {
  const legendId = `${line.id}-legend`;
  return (
    <li class={problems.line === undefined ? 'entry-line' : 'entry-line entry-line--invalid'}>
      <fieldset class="entry-line__fields" aria-labelledby={legendId}>
        <legend id={legendId} class="entry-line__legend">
          {t('ledger.entry.line', { number })}
        </legend>
        {problems.line !== undefined && (
          <p class="field__error" id={`${line.id}-line-error`}>
            <span aria-hidden="true">⚠ </span>
            {problems.line}
          </p>
        )}
        <AccountPicker
          id={fieldId(line.id, 'account')}
          label={t('ledger.entry.account')}
          accounts={accounts}
          value={line.accountId}
          error={problems.account}
          onChange={(accountId) => onChange({ accountId })}
        />
        <div class="entry-line__amounts">
          <MoneyField
            id={fieldId(line.id, 'debit')}
            label={t('ledger.entry.debit')}
            currency={HOME_CURRENCY}
            optional
            value={line.debit}
            error={problems.debit}
            onInput={(debit) => onChange({ debit })}
            onBlur={() => onAmountLeft('debit')}
          />
          <MoneyField
            id={fieldId(line.id, 'credit')}
            label={t('ledger.entry.credit')}
            currency={HOME_CURRENCY}
            optional
            value={line.credit}
            error={problems.credit}
            onInput={(credit) => onChange({ credit })}
            onBlur={() => onAmountLeft('credit')}
          />
        </div>
        <TextField
          id={fieldId(line.id, 'memo')}
          label={t('ledger.entry.memo')}
          optional
          value={line.memo}
          error={problems.memo}
          maxLength={500}
          onInput={(memo) => onChange({ memo })}
        />
        {canRemove && (
          <button type="button" class="button button--quiet button--small" onClick={onRemove}>
            {t('ledger.entry.removeLine', { number })}
          </button>
        )}
      </fieldset>
    </li>
  );
}

/** Debits, credits and the difference, said in words as the amounts are typed. */
function BalanceStatus({ balance, entryProblems }: { readonly balance: BalanceCheck; readonly entryProblems: readonly string[] }) {
  const message = balanceMessage(balance);
  return (
    <div class={balance.balanced ? 'entry-balance entry-balance--ok' : 'entry-balance'}>
      <dl class="entry-balance__totals">
        <div>
          <dt>{t('ledger.entry.totalDebits')}</dt>
          <dd>{kwacha(balance.debits)}</dd>
        </div>
        <div>
          <dt>{t('ledger.entry.totalCredits')}</dt>
          <dd>{kwacha(balance.credits)}</dd>
        </div>
        <div>
          <dt>{t('ledger.entry.difference')}</dt>
          <dd>{kwacha(abs(balance.difference))}</dd>
        </div>
      </dl>
      <p id="entry-balance-status" class="entry-balance__status" role="status">
        <span aria-hidden="true">{balance.balanced ? '✓ ' : '⚠ '}</span>
        {message}
      </p>
      {entryProblems.map((problem) => (
        <p key={problem} class="field__error">
          {problem}
        </p>
      ))}
    </div>
  );
}

export function balanceMessage(balance: BalanceCheck): string {
  if (!balance.readable) {
    return t('ledger.entry.unreadable');
  }
  if (balance.debits === 0n && balance.credits === 0n) {
    return t('ledger.entry.nothingYet');
  }
  if (balance.difference > 0n) {
    return t('ledger.entry.moreDebits', { difference: kwacha(balance.difference) });
  }
  if (balance.difference < 0n) {
    return t('ledger.entry.moreCredits', { difference: kwacha(-balance.difference) });
  }
  return t('ledger.entry.balanced', { amount: kwacha(balance.debits) });
}

/**
 * The error summary: the entry's problems first, then each field's, in the order on screen.
 * Made when Post is pressed and kept until the next press, so the summary (which takes focus
 * when it changes) does not jump about while the person corrects the fields.
 */
function summaryItems(problems: EntryProblems, lines: readonly DraftLine[]): SummaryItem[] {
  const items: SummaryItem[] = [...problems.other, ...problems.entry].map((message) => ({ message }));
  if (problems.date !== undefined) {
    items.push({ fieldId: 'entry-date', message: problems.date });
  }
  if (problems.description !== undefined) {
    items.push({ fieldId: 'entry-description', message: problems.description });
  }
  lines.forEach((line, index) => {
    const lineProblems = problems.lines[line.id];
    if (lineProblems === undefined) {
      return;
    }
    const numbered = (message: string): string => t('ledger.entry.lineProblem', { number: index + 1, message });
    if (lineProblems.line !== undefined) {
      // Linked to the debit field unless that has its own problem (one link per field).
      items.push(
        lineProblems.debit === undefined
          ? { fieldId: fieldId(line.id, 'debit'), message: numbered(lineProblems.line), label: null }
          : { message: numbered(lineProblems.line) },
      );
    }
    for (const field of ['account', 'debit', 'credit', 'memo'] as const) {
      const message = lineProblems[field];
      if (message !== undefined) {
        // "Line 2, Credit: …": every line has an Account, a Debit, a Credit and a Memo.
        const label = t('ledger.entry.lineField', { number: index + 1, field: t(`ledger.entry.${field}`) });
        items.push({ fieldId: fieldId(line.id, field), message, label });
      }
    }
  });
  return items;
}
