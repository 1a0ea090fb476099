import { useCallback, useMemo, useRef, useState } from 'preact/hooks';
import { ApiProblem } from '../../api/client';
import {
  getCustomer,
  getInvoice,
  issueInvoice,
  listAllItems,
  updateInvoice,
  type Invoice,
  type Item,
} from '../../api/invoices';
import { navigate } from '../../app/router';
import type { ScreenProps } from '../../app/routes';
import { useResource } from '../../app/useResource';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { DateField } from '../../components/DateInput';
import { ErrorSummary, type SummaryItem } from '../../components/ErrorSummary';
import { Field, TextField } from '../../components/Field';
import { ProblemNotice } from '../../components/ProblemNotice';
import { SelectField } from '../../components/SelectField';
import { Skeleton } from '../../components/States';
import { showToast } from '../../components/toasts';
import { useAction } from '../../components/useAction';
import { HOME_CURRENCY } from '../../format/money';
import { formatAmount } from './amounts';
import { CustomerPicker } from './CustomerPicker';
import {
  blankDraft,
  blankLine,
  categoriesOf,
  countProblems,
  draftFromInvoice,
  INVOICE_CURRENCIES,
  readDraft,
  type DraftLine,
  type DraftProblems,
  type HeaderField,
  type InvoiceDraft,
  type LineField,
} from './draft';
import { InvoicesFrame, type InvoiceScope } from './InvoicesFrame';
import { LineCard, lineFieldId } from './LineCard';
import { t } from './messages';
import { INVOICE_PATHS, invoicePath } from './paths';
import { PreviewPanel } from './PreviewPanel';
import { draftProblemsFrom, inWords, problemSentence } from './problems';
import { saveNewDraft } from './saveDraft';
import { SubmissionKey } from './submission';
import { usePreview } from './usePreview';

const NO_PROBLEMS: DraftProblems<string> = { header: {}, lines: {}, other: [] };

const HEADER_IDS: Readonly<Record<HeaderField, string>> = {
  customer: 'invoice-customer',
  issueDate: 'invoice-issue-date',
  dueDate: 'invoice-due-date',
  currency: 'invoice-currency',
  exchangeRate: 'invoice-exchange-rate',
  lpoNumber: 'invoice-lpo',
  destinationCountry: 'invoice-destination',
  reference: 'invoice-reference',
  notes: 'invoice-notes',
};

/** A new draft invoice (`/invoices/new`) or a draft being changed (`/invoices/:invoiceId/edit`). */
export default function InvoiceEditorScreen({ params }: ScreenProps) {
  const invoiceId = params.invoiceId;
  return (
    <InvoicesFrame
      titleId="invoice-editor-title"
      title={invoiceId === undefined ? t('invoices.new.title') : t('invoices.edit.title')}
      permission="invoices:create"
      back={invoiceId === undefined ? undefined : { href: invoicePath(invoiceId), label: t('invoices.backToInvoice') }}
      children={(scope) => (invoiceId === undefined ? <NewDraft scope={scope} /> : <ExistingDraft scope={scope} invoiceId={invoiceId} />)}
    />
  );
}

/** A new draft; `?customer=<id>` (the customer page's "New invoice") starts it for that customer. */
function NewDraft({ scope }: { readonly scope: InvoiceScope }) {
  const customerId = new URLSearchParams(window.location.search).get('customer');
  const load = useCallback(
    async (signal: AbortSignal) => (customerId === null ? null : getCustomer(scope.orgId, customerId, signal).catch(() => null)),
    [scope.orgId, customerId],
  );
  const loaded = useResource(load);
  if (customerId === null) {
    return <EditorForm scope={scope} initial={null} />;
  }
  if (loaded.data === undefined && loaded.error === undefined) {
    return <Skeleton label={t('invoices.loading')} lines={6} />;
  }
  const customer = loaded.data ?? null;
  const draft = blankDraft();
  // An unknown or archived customer leaves the picker empty, as on a plain new invoice.
  return <EditorForm scope={scope} initial={null} initialDraft={customer === null ? draft : { ...draft, customer, currency: customer.currency }} />;
}

function ExistingDraft({ scope, invoiceId }: { readonly scope: InvoiceScope; readonly invoiceId: string }) {
  const load = useCallback(
    async (signal: AbortSignal) => {
      const invoice = await getInvoice(scope.orgId, invoiceId, signal);
      const customer = await getCustomer(scope.orgId, invoice.customer_id, signal).catch(() => null);
      return { invoice, customer };
    },
    [scope.orgId, invoiceId],
  );
  const loaded = useResource(load);
  if (loaded.data === undefined) {
    return loaded.error === undefined ? <Skeleton label={t('invoices.loading')} lines={6} /> : <ProblemNotice error={loaded.error} />;
  }
  if (loaded.data.invoice.status !== 'draft') {
    return <p class="notice">{t('invoices.edit.notDraft')}</p>;
  }
  return <EditorForm scope={scope} initial={loaded.data.invoice} initialDraft={draftFromInvoice(loaded.data.invoice, loaded.data.customer)} />;
}

interface EditorFormProps {
  readonly scope: InvoiceScope;
  /** The saved draft being changed; `null` for a new one. */
  readonly initial: Invoice | null;
  readonly initialDraft?: InvoiceDraft;
}

function EditorForm({ scope, initial, initialDraft }: EditorFormProps) {
  const { orgId, access } = scope;
  const loadItems = useCallback((signal: AbortSignal) => listAllItems(orgId, signal), [orgId]);
  const items = useResource(loadItems);
  const itemList: readonly Item[] = items.data ?? [];

  const [draft, setDraft] = useState<InvoiceDraft>(() => initialDraft ?? blankDraft());
  const [refused, setRefused] = useState<DraftProblems<string>>(NO_PROBLEMS);
  const [summary, setSummary] = useState<readonly SummaryItem[]>([]);
  const [confirmIssue, setConfirmIssue] = useState(false);
  const submission = useRef(new SubmissionKey());
  /** Once saved, the draft's id: a second press updates it instead of creating another. */
  const savedId = useRef<string | null>(initial?.id ?? null);

  const read = useMemo(() => readDraft(draft), [draft]);
  const preview = usePreview(orgId, read.request);
  const itemCategory = (itemId: string) => itemList.find((item) => item.id === itemId)?.tax_category;
  const categories = categoriesOf(draft, itemCategory);
  const needsLpo = categories.has('C2');
  const isExport = categories.has('C1');

  // What each field says: the last refusal (until the field is changed), else the live preview's.
  const headerProblem = (field: HeaderField): string | undefined => refused.header[field] ?? preview.problems?.header[field];
  const lineProblems = (lineId: string): Partial<Record<LineField, string>> => ({
    ...(preview.problems?.lines[lineId] ?? {}),
    ...(refused.lines[lineId] ?? {}),
  });
  const previewLine = (lineId: string) => {
    const index = preview.preview?.sentLineIds.indexOf(lineId) ?? -1;
    return index < 0 ? undefined : preview.preview?.answer.lines[index];
  };

  const setHeader = <K extends keyof InvoiceDraft>(field: K, value: InvoiceDraft[K], problemField?: HeaderField): void => {
    setDraft((current) => ({ ...current, [field]: value }));
    if (problemField !== undefined) {
      setRefused((current) => ({ ...current, header: { ...current.header, [problemField]: undefined } }));
    }
  };
  const setLine = (id: string, change: Partial<Omit<DraftLine, 'id'>>): void => {
    setDraft((current) => ({ ...current, lines: current.lines.map((line) => (line.id === id ? { ...line, ...change } : line)) }));
    setRefused((current) => {
      const problems = current.lines[id];
      if (problems === undefined) {
        return current;
      }
      const remaining = { ...problems };
      for (const key of Object.keys(change)) {
        delete remaining[key === 'itemId' ? 'item' : (key as LineField)];
      }
      delete remaining.line;
      return { ...current, lines: { ...current.lines, [id]: remaining } };
    });
  };

  /**
   * Checks the draft, then saves it: the saved invoice; `queued` when there is no connection
   * and the new draft waits on the phone; null when it was refused.
   */
  const save = async (): Promise<Invoice | 'queued' | null> => {
    const local = inWords(read.problems);
    if (countProblems(read.problems) > 0 || read.request === null) {
      const problems = read.request === null && countProblems(read.problems) === 0 ? { ...local, other: [t('invoices.problem.linesRequired')] } : local;
      setRefused(problems);
      setSummary(summaryItems(problems, draft.lines));
      return null;
    }
    const request = read.request;
    try {
      if (savedId.current !== null) {
        const updated = await updateInvoice(orgId, savedId.current, request.body);
        setRefused(NO_PROBLEMS);
        setSummary([]);
        return updated;
      }
      const summaryText = t('invoices.editor.outboxSummary', { customer: draft.customer?.name ?? '' });
      const outcome = await saveNewDraft(orgId, request.body, submission.current.for(request.body), summaryText);
      setRefused(NO_PROBLEMS);
      setSummary([]);
      if (outcome.status === 'queued') {
        return 'queued';
      }
      savedId.current = outcome.invoice.id;
      return outcome.invoice;
    } catch (error) {
      if (error instanceof ApiProblem) {
        const problems = draftProblemsFrom(error, request.sentLineIds);
        setRefused(problems);
        setSummary(summaryItems(problems, draft.lines));
        return null;
      }
      throw error;
    }
  };

  const queued = (): void => {
    showToast(t('invoices.editor.queued'), 'info');
    navigate(INVOICE_PATHS.list);
  };

  const saving = useAction(async () => {
    const saved = await save();
    if (saved === 'queued') {
      queued();
    } else if (saved !== null) {
      showToast(t('invoices.editor.saved'), 'success');
      navigate(invoicePath(saved.id));
    }
  });

  const submit = (event: Event): void => {
    event.preventDefault();
    void saving.run();
  };

  const issue = async (): Promise<void> => {
    const saved = await save();
    if (saved === null || saved === 'queued') {
      setConfirmIssue(false);
      if (saved === 'queued') {
        queued();
      }
      return;
    }
    const issued = await issueInvoice(orgId, saved.id);
    setConfirmIssue(false);
    showToast(t('invoices.issued', { number: issued.number ?? '' }), 'success');
    navigate(invoicePath(issued.id));
  };

  const totals = preview.preview?.answer.totals ?? null;
  const waitingFor = read.request === null ? 'lines' : preview.problems !== null ? 'problems' : null;

  return (
    <form class="form invoice-editor" noValidate onSubmit={submit}>
      <ErrorSummary items={summary} />
      <ProblemNotice error={saving.failure} />
      {items.error !== undefined && items.data === undefined && <p class="notice notice--error">{t('invoices.editor.noItems')}</p>}

      <CustomerPicker
        id={HEADER_IDS.customer}
        orgId={orgId}
        value={draft.customer}
        error={headerProblem('customer')}
        onChange={(customer) => {
          setHeader('customer', customer, 'customer');
          if (customer !== null && draft.lines.every((line) => line.itemId === '' && line.unitPrice === '')) {
            setHeader('currency', customer.currency);
          }
        }}
      />

      <div class="invoice-editor__header">
        <DateField id={HEADER_IDS.issueDate} label={t('invoices.editor.issueDate')} optional value={draft.issueDate} error={headerProblem('issueDate')} onInput={(value) => setHeader('issueDate', value, 'issueDate')} />
        <DateField id={HEADER_IDS.dueDate} label={t('invoices.editor.dueDate')} optional value={draft.dueDate} error={headerProblem('dueDate')} onInput={(value) => setHeader('dueDate', value, 'dueDate')} />
        <SelectField
          id={HEADER_IDS.currency}
          label={t('invoices.editor.currency')}
          value={draft.currency}
          error={headerProblem('currency')}
          options={[...new Set([...INVOICE_CURRENCIES, draft.currency])].map((code) => ({ value: code, label: code }))}
          onInput={(value) => setHeader('currency', value, 'currency')}
        />
        {draft.currency !== HOME_CURRENCY && (
          <TextField
            id={HEADER_IDS.exchangeRate}
            label={t('invoices.editor.exchangeRate', { currency: draft.currency })}
            hint={t('invoices.editor.exchangeRateHint', { currency: draft.currency })}
            inputMode="decimal"
            value={draft.exchangeRate}
            error={headerProblem('exchangeRate')}
            onInput={(value) => setHeader('exchangeRate', value, 'exchangeRate')}
          />
        )}
      </div>
      <div class="field field--checkbox">
        <input
          id="invoice-prices-include-vat"
          type="checkbox"
          checked={draft.pricesIncludeVat}
          onChange={(event) => setHeader('pricesIncludeVat', event.currentTarget.checked)}
        />
        <label for="invoice-prices-include-vat">{t('invoices.editor.pricesIncludeVat')}</label>
      </div>

      <h2 class="invoice-editor__section">{t('invoices.editor.lines')}</h2>
      <ol class="invoice-lines">
        {draft.lines.map((line, index) => (
          <LineCard
            key={line.id}
            line={line}
            number={index + 1}
            items={itemList}
            problems={lineProblems(line.id)}
            amounts={previewLine(line.id)}
            currency={draft.currency}
            canRemove={draft.lines.length > 1}
            onChange={(change) => setLine(line.id, change)}
            onRemove={() => setDraft((current) => ({ ...current, lines: current.lines.filter((candidate) => candidate.id !== line.id) }))}
          />
        ))}
      </ol>
      <div class="form__actions">
        <button type="button" class="button button--quiet" onClick={() => setDraft((current) => ({ ...current, lines: [...current.lines, blankLine()] }))}>
          {t('invoices.editor.addLine')}
        </button>
      </div>

      <h2 class="invoice-editor__section">{t('invoices.editor.details')}</h2>
      <TextField
        id={HEADER_IDS.lpoNumber}
        label={t('invoices.editor.lpoNumber')}
        optional={!needsLpo}
        hint={needsLpo ? t('invoices.editor.lpoNeeded') : t('invoices.editor.lpoHint')}
        value={draft.lpoNumber}
        error={headerProblem('lpoNumber')}
        maxLength={50}
        onInput={(value) => setHeader('lpoNumber', value, 'lpoNumber')}
      />
      <TextField
        id={HEADER_IDS.destinationCountry}
        label={t('invoices.editor.destination')}
        optional={!isExport}
        hint={t('invoices.editor.destinationHint')}
        value={draft.destinationCountry}
        error={headerProblem('destinationCountry')}
        maxLength={2}
        onInput={(value) => setHeader('destinationCountry', value, 'destinationCountry')}
      />
      <TextField id={HEADER_IDS.reference} label={t('invoices.editor.reference')} optional value={draft.reference} error={headerProblem('reference')} maxLength={100} onInput={(value) => setHeader('reference', value, 'reference')} />
      <Field id={HEADER_IDS.notes} label={t('invoices.editor.notes')} optional error={headerProblem('notes')}>
        {(control) => (
          <textarea {...control} class="input" name={HEADER_IDS.notes} rows={3} maxLength={2000} value={draft.notes} onInput={(event) => setHeader('notes', event.currentTarget.value, 'notes')} />
        )}
      </Field>

      {(preview.problems?.other.length ?? 0) > 0 && (
        <ul class="invoice-editor__other">
          {preview.problems?.other.map((message) => (
            <li key={message} class="field__error">
              {message}
            </li>
          ))}
        </ul>
      )}
      <PreviewPanel totals={totals} currency={draft.currency} pending={preview.pending} waitingFor={waitingFor} failure={preview.failure} />

      <div class="form__actions invoice-editor__actions">
        <button type="submit" class="button button--quiet" disabled={saving.busy}>
          {saving.busy ? t('invoices.editor.saving') : t('invoices.editor.saveDraft')}
        </button>
        {access.can('invoices:issue') && (
          <button type="button" class="button" disabled={saving.busy} onClick={() => setConfirmIssue(true)}>
            {t('invoices.editor.issue')}
          </button>
        )}
      </div>
      {confirmIssue && (
        <ConfirmDialog
          title={t('invoices.issueConfirm.title')}
          confirmLabel={t('invoices.issueConfirm.confirm')}
          tone="primary"
          explain={(failure) => (failure instanceof ApiProblem ? problemSentence(failure) : t('error.unexpected'))}
          onConfirm={issue}
          onClose={() => setConfirmIssue(false)}
        >
          <p>{t('invoices.issueConfirm.body', { total: totals === null ? '—' : formatAmount(totals.amount_due, draft.currency) })}</p>
        </ConfirmDialog>
      )}
    </form>
  );
}

/**
 * The error summary: the invoice's problems first, then each field's, in the order on screen.
 * Made when Save or Issue is pressed, so it does not jump about while the person corrects.
 */
function summaryItems(problems: DraftProblems<string>, lines: readonly DraftLine[]): SummaryItem[] {
  const items: SummaryItem[] = problems.other.map((message) => ({ message }));
  for (const [field, id] of Object.entries(HEADER_IDS) as [HeaderField, string][]) {
    const message = problems.header[field];
    if (message !== undefined) {
      items.push({ fieldId: id, message });
    }
  }
  lines.forEach((line, index) => {
    const lineProblems = problems.lines[line.id];
    if (lineProblems === undefined) {
      return;
    }
    const numbered = (message: string): string => t('invoices.line.problem', { number: index + 1, message });
    if (lineProblems.line !== undefined) {
      items.push({ message: numbered(lineProblems.line) });
    }
    for (const field of ['item', 'description', 'quantity', 'unitPrice', 'discount', 'taxCategory'] as const) {
      const message = lineProblems[field];
      if (message !== undefined) {
        items.push({ fieldId: lineFieldId(line.id, field), message: numbered(message) });
      }
    }
  });
  return items;
}
