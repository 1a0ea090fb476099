import { useCallback, useRef, useState } from 'preact/hooks';
import { ApiProblem } from '../../api/client';
import { Link } from '../../app/Link';
import { ProblemNotice } from '../../components/ProblemNotice';
import { navigate } from '../../app/router';
import type { ScreenProps } from '../../app/routes';
import { useResource } from '../../app/useResource';
import { DateField, dateError } from '../../components/DateInput';
import { Dialog } from '../../components/Dialog';
import { Skeleton } from '../../components/States';
import { showToast } from '../../components/toasts';
import { useAction } from '../../components/useAction';
import { formatDate, formatDateTime, parseDate } from '../../format/dates';
import { t } from './messages';
import { getJournalEntry, reverseJournalEntry, type JournalEntry } from '../../api/ledger';
import { kwacha, ngwee, sideAmount } from './display';
import { SourceLink } from './SourceLink';
import { LedgerFrame, type LedgerScope } from './LedgerFrame';
import { LinesTable, type LinesColumn } from './LinesTable';
import { accountPath, entryPath } from './paths';
import { SubmissionKey } from './post';
import { ledgerMessage, problemSentence } from './problems';

const YEAR_END_CLOSE = 'year_end_close';

type Line = JournalEntry['lines'][number];

/** One posted journal entry with its lines, and its reversal. */
export default function EntryScreen({ params }: ScreenProps) {
  const entryId = params.entryId ?? null;
  return (
    <LedgerFrame
      titleId="ledger-journal-entry-title"
      title={t('ledger.journal.title')}
      children={(scope) =>
        entryId === null ? <p class="notice">{t('ledger.journal.notFound')}</p> : <EntryView key={entryId} scope={scope} entryId={entryId} />
      }
    />
  );
}

/** Whether an entry can be reversed: once, and not a reversal or a year-end closing entry. */
export function reversible(entry: JournalEntry): boolean {
  return entry.reversed_by_entry_id === null && entry.reverses_entry_id === null && entry.source_type !== YEAR_END_CLOSE;
}

function EntryView({ scope, entryId }: { readonly scope: LedgerScope; readonly entryId: string }) {
  const load = useCallback((signal: AbortSignal) => getJournalEntry(scope.orgId, entryId, signal), [scope.orgId, entryId]);
  const entry = useResource(load);
  const [reversing, setReversing] = useState(false);

  if (entry.data === undefined) {
    return entry.error !== undefined ? <ProblemNotice error={entry.error} /> : <Skeleton label={t('ledger.journal.loading')} lines={5} />;
  }
  const data = entry.data;
  const columns: LinesColumn<Line>[] = [
    {
      key: 'account',
      label: t('ledger.column.account'),
      row: 1,
      place: 'wide',
      render: (line) => (
        <Link href={accountPath(line.account_id, { to: data.entry_date })}>
          <span class="account-row__code">{line.account_code}</span> {line.account_name}
        </Link>
      ),
    },
    { key: 'memo', label: t('ledger.column.memo'), row: 2, place: 'wide', render: (line) => line.memo },
    { key: 'debit', label: t('ledger.column.debit'), row: 3, place: 'start', amount: true, render: (line) => sideAmount(line.debit) },
    { key: 'credit', label: t('ledger.column.credit'), row: 3, place: 'end', amount: true, render: (line) => sideAmount(line.credit) },
  ];
  const canReverse = scope.access.can('ledger:post') && reversible(data);

  return (
    <>
      <h2>{t('ledger.entryNumber', { number: data.entry_number })}</h2>
      <dl class="entry-facts">
        <div>
          <dt>{t('ledger.journal.date')}</dt>
          <dd>{formatDate(data.entry_date)}</dd>
        </div>
        <div>
          <dt>{t('ledger.journal.description')}</dt>
          <dd>{data.description}</dd>
        </div>
        <div>
          <dt>{t('ledger.journal.source')}</dt>
          <dd>
            <SourceLink orgId={scope.orgId} sourceType={data.source_type} sourceId={data.source_id} />
          </dd>
        </div>
        <div>
          <dt>{t('ledger.journal.total')}</dt>
          <dd>{kwacha(ngwee(data.total))}</dd>
        </div>
        <div>
          <dt>{t('ledger.journal.postedAt')}</dt>
          <dd>{formatDateTime(data.posted_at)}</dd>
        </div>
        <div>
          <dt>{t('ledger.journalList.postedBy')}</dt>
          <dd>{data.posted_by_name ?? t('ledger.journalList.unknownPoster')}</dd>
        </div>
      </dl>
      {data.reverses_entry_id !== null && (
        <p class="notice">
          {t('ledger.journal.isReversal')} <Link href={entryPath(data.reverses_entry_id)}>{t('ledger.journal.seeOriginal')}</Link>
        </p>
      )}
      {data.reversed_by_entry_id !== null && (
        <p class="notice">
          {t('ledger.journal.wasReversed')} <Link href={entryPath(data.reversed_by_entry_id)}>{t('ledger.journal.seeReversal')}</Link>
        </p>
      )}
      <LinesTable caption={t('ledger.journal.linesCaption')} columns={columns} rows={data.lines} rowKey={(line) => String(line.line_number)} />
      {canReverse && (
        <div class="form__actions">
          <button type="button" class="button button--quiet" onClick={() => setReversing(true)}>
            {t('ledger.journal.reverse')}
          </button>
        </div>
      )}
      {reversing && <ReverseDialog orgId={scope.orgId} entry={data} onClose={() => setReversing(false)} />}
    </>
  );
}

/** Asks before reversing; the reversal is dated like the original unless another date is given. */
function ReverseDialog({ orgId, entry, onClose }: { readonly orgId: string; readonly entry: JournalEntry; readonly onClose: () => void }) {
  const [date, setDate] = useState(formatDate(entry.entry_date));
  const [typedDateProblem, setTypedDateProblem] = useState<string | null>(null);
  const submission = useRef(new SubmissionKey());
  const reversal = useAction(async (entryDateIso: string) => {
    const entryDate = entryDateIso === entry.entry_date ? undefined : entryDateIso;
    const idempotencyKey = submission.current.for({ entry: entry.id, date: entryDateIso });
    const reversed = await reverseJournalEntry(orgId, entry.id, entryDate === undefined ? { idempotencyKey } : { entryDate, idempotencyKey });
    showToast(t('ledger.journal.reversed', { number: entry.entry_number, reversal: reversed.entry_number }), 'success');
    onClose();
    navigate(entryPath(reversed.id));
  });

  const confirm = (): void => {
    const parsed = parseDate(date);
    setTypedDateProblem(dateError(date));
    if (parsed.ok) {
      void reversal.run(parsed.iso);
    }
  };

  // The server's refusal: about the date (a closed period), or about the entry as a whole.
  const failure = reversal.failure;
  const onDate = failure instanceof ApiProblem ? failure.errors?.find((fieldProblem) => fieldProblem.field === 'entry_date') : undefined;
  const dateProblem = typedDateProblem ?? (onDate === undefined ? null : ledgerMessage(onDate));
  const problem =
    failure === undefined || onDate !== undefined ? null : failure instanceof ApiProblem ? problemSentence(failure) : t('error.unexpected');

  return (
    <Dialog
      open
      role="alertdialog"
      title={t('ledger.journal.reverseTitle', { number: entry.entry_number })}
      onClose={onClose}
      actions={
        <>
          <button type="button" class="button button--danger" disabled={reversal.busy} onClick={confirm}>
            {t('ledger.journal.reverseConfirm')}
          </button>
          <button type="button" class="button button--quiet" onClick={onClose}>
            {t('action.cancel')}
          </button>
        </>
      }
    >
      <p>{t('ledger.journal.reverseBody')}</p>
      <DateField id="reverse-date" label={t('ledger.journal.reverseDate')} value={date} error={dateProblem} onInput={setDate} />
      {problem !== null && (
        <p class="notice notice--error" role="alert">
          {problem}
        </p>
      )}
    </Dialog>
  );
}
