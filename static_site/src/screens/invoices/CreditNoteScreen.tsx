import { useCallback, useRef, useState } from 'preact/hooks';
import { ApiProblem } from '../../api/client';
import { CREDIT_NOTE_REASONS, getInvoice, issueCreditNote, type Invoice } from '../../api/invoices';
import { navigate } from '../../app/router';
import type { ScreenProps } from '../../app/routes';
import { useResource } from '../../app/useResource';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { DateField } from '../../components/DateInput';
import { ErrorSummary, type SummaryItem } from '../../components/ErrorSummary';
import { TextField } from '../../components/Field';
import { ProblemNotice } from '../../components/ProblemNotice';
import { SelectField } from '../../components/SelectField';
import { Skeleton } from '../../components/States';
import { showToast } from '../../components/toasts';
import { formatAmount, isZero } from './amounts';
import { plainQuantity, readCreditNote, type CreditField, type CreditNoteForm, type CreditNoteRequest, type CreditProblem } from './creditNote';
import { reasonLabel } from './display';
import { InvoicesFrame, type InvoiceScope } from './InvoicesFrame';
import { t } from './messages';
import { invoicePath } from './paths';
import { problemSentence, salesMessage } from './problems';
import { SubmissionKey } from './submission';

const FIELD_IDS: Readonly<Record<CreditField, string>> = {
  reasonCode: 'credit-reason-code',
  reason: 'credit-reason',
  issueDate: 'credit-date',
};

const quantityId = (lineNumber: number): string => `credit-line-${lineNumber}`;

interface Problems {
  readonly fields: Partial<Record<CreditField, string>>;
  readonly lines: Readonly<Record<number, string>>;
  readonly other: readonly string[];
}

const NO_PROBLEMS: Problems = { fields: {}, lines: {}, other: [] };

/** A credit note against an issued invoice: all that remains, or some quantity of some lines, with ZRA's reason. */
export default function CreditNoteScreen({ params }: ScreenProps) {
  const invoiceId = params.invoiceId ?? '';
  return (
    <InvoicesFrame
      titleId="credit-note-title"
      title={t('invoices.creditNote.title')}
      permission="invoices:issue"
      back={{ href: invoicePath(invoiceId), label: t('invoices.backToInvoice') }}
      children={(scope) => <CreditNoteLoader scope={scope} invoiceId={invoiceId} />}
    />
  );
}

function CreditNoteLoader({ scope, invoiceId }: { readonly scope: InvoiceScope; readonly invoiceId: string }) {
  const load = useCallback((signal: AbortSignal) => getInvoice(scope.orgId, invoiceId, signal), [scope.orgId, invoiceId]);
  const loaded = useResource(load);
  if (loaded.data === undefined) {
    return loaded.error === undefined ? <Skeleton label={t('invoices.loading')} lines={6} /> : <ProblemNotice error={loaded.error} />;
  }
  const invoice = loaded.data;
  if (invoice.status === 'draft' || invoice.status === 'void' || isZero(invoice.outstanding)) {
    return <p class="notice">{t('invoices.credit.nothingToCredit')}</p>;
  }
  return <CreditNoteEditor orgId={scope.orgId} invoice={invoice} />;
}

function CreditNoteEditor({ orgId, invoice }: { readonly orgId: string; readonly invoice: Invoice }) {
  const money = (wire: string): string => formatAmount(wire, invoice.currency);
  const [form, setForm] = useState<CreditNoteForm>({ scope: 'all', reasonCode: '', reason: '', issueDate: '', quantities: {} });
  const [problems, setProblems] = useState<Problems>(NO_PROBLEMS);
  const [summary, setSummary] = useState<readonly SummaryItem[]>([]);
  const [confirming, setConfirming] = useState<CreditNoteRequest | null>(null);
  const submission = useRef(new SubmissionKey());

  const setField = (field: CreditField, value: string): void => {
    setForm((current) => ({ ...current, [field]: value }));
    setProblems((current) => ({ ...current, fields: { ...current.fields, [field]: undefined } }));
  };
  const setQuantity = (lineNumber: number, value: string): void => {
    setForm((current) => ({ ...current, quantities: { ...current.quantities, [lineNumber]: value } }));
    setProblems((current) => ({ ...current, lines: { ...current.lines, [lineNumber]: '' } }));
  };
  const show = (found: Problems): void => {
    setProblems(found);
    setSummary(summaryItems(found, invoice));
  };

  const check = (event: Event): void => {
    event.preventDefault();
    const { request, problems: local } = readCreditNote(form, invoice);
    if (request === null) {
      show(inWords(local));
      return;
    }
    show(NO_PROBLEMS);
    setConfirming(request);
  };

  const issue = async (request: CreditNoteRequest): Promise<void> => {
    try {
      const note = await issueCreditNote(orgId, request.body, submission.current.for(request.body));
      setConfirming(null);
      showToast(t('invoices.credit.issued', { number: note.number, amount: money(note.amount) }), 'success');
      navigate(invoicePath(invoice.id));
    } catch (error) {
      if (!(error instanceof ApiProblem) || error.status !== 422) {
        throw error;
      }
      setConfirming(null);
      show(refused(error, request.sentLineNumbers, money));
    }
  };

  return (
    <form class="form credit-note-form" noValidate onSubmit={check}>
      <ErrorSummary items={summary} />
      <p>{t('invoices.credit.for', { number: invoice.number ?? '', owed: money(invoice.outstanding) })}</p>
      <fieldset class="credit-scope">
        <legend>{t('invoices.credit.scope')}</legend>
        <div class="field field--checkbox">
          <input id="credit-scope-all" type="radio" name="credit-scope" checked={form.scope === 'all'} onChange={() => setForm((current) => ({ ...current, scope: 'all' }))} />
          <label for="credit-scope-all">{t('invoices.credit.all')}</label>
        </div>
        <div class="field field--checkbox">
          <input id="credit-scope-lines" type="radio" name="credit-scope" checked={form.scope === 'lines'} onChange={() => setForm((current) => ({ ...current, scope: 'lines' }))} />
          <label for="credit-scope-lines">{t('invoices.credit.some')}</label>
        </div>
      </fieldset>
      {form.scope === 'lines' && (
        <ul class="allocations">
          {invoice.lines.map((line) => (
            <li key={line.line_number} class="allocation">
              <TextField
                id={quantityId(line.line_number)}
                label={t('invoices.credit.quantity', { description: line.description })}
                hint={t('invoices.credit.invoiced', { quantity: plainQuantity(line.quantity), price: money(line.unit_price), total: money(line.total_amount) })}
                optional
                inputMode="decimal"
                value={form.quantities[line.line_number] ?? ''}
                error={problems.lines[line.line_number] || undefined}
                onInput={(value) => setQuantity(line.line_number, value)}
              />
            </li>
          ))}
        </ul>
      )}
      <SelectField
        id={FIELD_IDS.reasonCode}
        label={t('invoices.credit.reasonCode')}
        value={form.reasonCode}
        placeholder={t('invoices.choose')}
        error={problems.fields.reasonCode}
        options={CREDIT_NOTE_REASONS.map((code) => ({ value: code, label: reasonLabel(code) }))}
        onInput={(value) => setField('reasonCode', value)}
      />
      <TextField
        id={FIELD_IDS.reason}
        label={t('invoices.credit.reason')}
        optional={form.reasonCode !== '07'}
        maxLength={500}
        value={form.reason}
        error={problems.fields.reason}
        onInput={(value) => setField('reason', value)}
      />
      <DateField id={FIELD_IDS.issueDate} label={t('invoices.credit.date')} optional value={form.issueDate} error={problems.fields.issueDate} onInput={(value) => setField('issueDate', value)} />
      <div class="form__actions">
        <button type="submit" class="button">
          {t('invoices.credit.issue')}
        </button>
      </div>
      {confirming !== null && (
        <ConfirmDialog
          title={t('invoices.credit.confirmTitle')}
          confirmLabel={t('invoices.credit.issue')}
          explain={(failure) => (failure instanceof ApiProblem ? problemSentence(failure) : t('error.unexpected'))}
          onConfirm={() => issue(confirming)}
          onClose={() => setConfirming(null)}
        >
          <p>{form.scope === 'all' ? t('invoices.credit.confirmAll', { owed: money(invoice.outstanding) }) : t('invoices.credit.confirmLines')}</p>
        </ConfirmDialog>
      )}
    </form>
  );
}

function word(problem: CreditProblem): string {
  switch (problem.kind) {
    case 'required':
      return t('form.required');
    case 'date':
      return t('date.invalid');
    case 'noLines':
      return t('invoices.credit.noLines');
    case 'moreThanInvoiced':
      return t('invoices.credit.moreThanInvoiced', { quantity: problem.invoiced });
    case 'quantity':
      return problem.error === 'tooManyDecimals'
        ? t('invoices.problem.quantityPrecision')
        : problem.error === 'zero'
          ? t('invoices.problem.quantityZero')
          : t('invoices.problem.numberInvalid');
  }
}

function inWords(local: ReturnType<typeof readCreditNote>['problems']): Problems {
  const fields: Partial<Record<CreditField, string>> = {};
  for (const [field, problem] of Object.entries(local.fields) as [CreditField, CreditProblem][]) {
    fields[field] = word(problem);
  }
  const lines: Record<number, string> = {};
  for (const [lineNumber, problem] of Object.entries(local.lines)) {
    lines[Number(lineNumber)] = word(problem);
  }
  return { fields, lines, other: local.other.map(word) };
}

const CREDIT_FIELDS: Readonly<Record<string, CreditField>> = { reason_code: 'reasonCode', reason: 'reason', issue_date: 'issueDate' };

/** The server's refusal, on its fields and lines; "more than remains" says how much does. */
function refused(problem: ApiProblem, sentLineNumbers: readonly number[], money: (wire: string) => string): Problems {
  const fields: Partial<Record<CreditField, string>> = {};
  const lines: Record<number, string> = {};
  const other: string[] = [];
  for (const fieldProblem of problem.errors ?? []) {
    const message = salesMessage(fieldProblem, fieldProblem.field === 'lines' ? money : (wire) => plainQuantity(wire));
    const field = CREDIT_FIELDS[fieldProblem.field];
    const line = /^lines\.(\d+)/.exec(fieldProblem.field);
    const lineNumber = line === null ? undefined : sentLineNumbers[Number(line[1])];
    if (field !== undefined) {
      fields[field] ??= message;
    } else if (lineNumber !== undefined) {
      lines[lineNumber] ??= message;
    } else {
      other.push(message);
    }
  }
  if (problem.errors === undefined || problem.errors.length === 0) {
    other.push(problemSentence(problem));
  }
  return { fields, lines, other };
}

function summaryItems(problems: Problems, invoice: Invoice): SummaryItem[] {
  const items: SummaryItem[] = problems.other.map((message) => ({ message }));
  for (const line of invoice.lines) {
    const message = problems.lines[line.line_number];
    if (message !== undefined && message !== '') {
      items.push({ fieldId: quantityId(line.line_number), message: t('invoices.line.problem', { number: line.line_number, message }) });
    }
  }
  for (const [field, id] of Object.entries(FIELD_IDS) as [CreditField, string][]) {
    const message = problems.fields[field];
    if (message !== undefined) {
      items.push({ fieldId: id, message });
    }
  }
  return items;
}
