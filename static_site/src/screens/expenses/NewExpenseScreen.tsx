import { useEffect, useId, useMemo, useState } from 'preact/hooks';
import { ApiProblem } from '../../api/client';
import {
  actOnPurchase,
  listCategories,
  listSuppliers,
  PAYMENT_METHODS,
  previewPurchase,
  uploadReceipt,
  type Category,
  type PurchaseKind,
  type PurchasePreview,
  type Supplier,
} from '../../api/purchases';
import { navigate } from '../../app/router';
import { ErrorSummary, type SummaryItem } from '../../components/ErrorSummary';
import { FileUpload } from '../../components/FileUpload';
import { ProblemNotice } from '../../components/ProblemNotice';
import { showToast } from '../../components/toasts';
import { todayInLusaka } from '../../format/dates';
import { saveChange } from '../../offline/sync';
import { bodyOf, emptyDraft, lineProblems, newLine, type Draft, type DraftLine } from './draft';
import { kwacha, methodLabel } from './display';
import { ExpensesFrame, type ExpensesScope } from './ExpensesFrame';
import { t } from './messages';
import { EXPENSE_PATHS, purchasePath } from './paths';
import { downscalePhoto } from './photo';
import { applyExtraction, loadExtraction } from './prefill';
import { keepPhoto } from './queuedPhotos';

/** `/expenses/new`: photo first, then what was bought; the server works out the VAT. */
export default function NewExpenseScreen() {
  return <PurchaseEditor kind="expenses" />;
}

const PREVIEW_PAUSE_MS = 500;

export function PurchaseEditor({ kind }: { readonly kind: PurchaseKind }) {
  const expenses = kind === 'expenses';
  return (
    <ExpensesFrame
      titleId={`${kind}-new-title`}
      title={expenses ? t('exp.new.title') : t('bills.new.title')}
      current={kind}
      permission="expenses:create"
      children={(scope) => <Editor scope={scope} kind={kind} />}
    />
  );
}

function Editor({ scope, kind }: { readonly scope: ExpensesScope; readonly kind: PurchaseKind }) {
  const ids = useId();
  const today = todayInLusaka();
  const [draft, setDraft] = useState<Draft>(() => emptyDraft(today));
  const [photo, setPhoto] = useState<File | null>(null);
  const [categories, setCategories] = useState<readonly Category[]>([]);
  const [suppliers, setSuppliers] = useState<readonly Supplier[]>([]);
  const [preview, setPreview] = useState<PurchasePreview | null>(null);
  const [previewProblem, setPreviewProblem] = useState<unknown>(undefined);
  const [shown, setShown] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(undefined);

  useEffect(() => {
    const controller = new AbortController();
    listCategories(scope.orgId, controller.signal).then(setCategories, () => undefined);
    listSuppliers(scope.orgId, { limit: 200 }, controller.signal).then((page) => setSuppliers(page.items), () => undefined);
    return () => controller.abort();
  }, [scope.orgId]);

  const body = useMemo(() => bodyOf(kind, draft), [kind, draft]);
  const fingerprint = body === null ? null : JSON.stringify(body);

  // The server computes the totals: the draft is previewed after a pause in typing.
  useEffect(() => {
    if (body === null) {
      setPreview(null);
      return undefined;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      previewPurchase(scope.orgId, kind, body, controller.signal).then(
        (answer) => {
          if (!controller.signal.aborted) {
            setPreview(answer);
            setPreviewProblem(undefined);
          }
        },
        (error: unknown) => {
          if (!controller.signal.aborted) {
            setPreview(null);
            setPreviewProblem(error);
          }
        },
      );
    }, PREVIEW_PAUSE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the fingerprint stands for the body
  }, [fingerprint, scope.orgId, kind]);

  const change = (next: Partial<Draft>): void => setDraft((current) => ({ ...current, ...next }));
  const changeLine = (key: string, next: Partial<DraftLine>): void =>
    setDraft((current) => ({ ...current, lines: current.lines.map((line) => (line.key === key ? { ...line, ...next } : line)) }));

  const choosePhoto = (file: File | null): void => {
    setPhoto(file);
    if (file !== null) {
      void loadExtraction().then((fields) => {
        if (fields !== null) {
          setDraft((current) => applyExtraction(current, fields, today));
        }
      });
    }
  };

  const problems: SummaryItem[] = shown
    ? draft.lines.flatMap((line, index) => {
        const found = lineProblems(line);
        const items: SummaryItem[] = [];
        if (found.category !== undefined) {
          items.push({ fieldId: `${ids}-${line.key}-category`, message: t('exp.form.categoryMissing'), label: t('exp.form.lineLabel', { n: String(index + 1) }) });
        }
        if (found.amount !== undefined) {
          items.push({
            fieldId: `${ids}-${line.key}-amount`,
            message: found.amount === 'missing' ? t('exp.form.amountMissing') : t('exp.form.amountInvalid'),
            label: t('exp.form.lineLabel', { n: String(index + 1) }),
          });
        }
        return items;
      })
    : [];

  const save = async (submit: boolean): Promise<void> => {
    setShown(true);
    setFailure(undefined);
    if (body === null) {
      return;
    }
    setBusy(true);
    try {
      const upload = photo === null ? null : await downscalePhoto(photo);
      const outcome = await saveChange('post', kind === 'expenses' ? '/api/v1/orgs/{org_id}/expenses' : '/api/v1/orgs/{org_id}/bills', {
        path: { org_id: scope.orgId },
        body,
        summary: kind === 'expenses' ? t('exp.outbox.summary') : t('bills.outbox.summary'),
      } as never);
      if (outcome.status === 'queued') {
        // The photo waits on this phone beside the queued expense, and follows it once it is sent.
        if (upload !== null && kind === 'expenses') {
          await keepPhoto(scope.orgId, outcome.change, upload, upload.name);
        }
        showToast(t('exp.saved.queued'), 'info');
        navigate(kind === 'expenses' ? EXPENSE_PATHS.expenses : EXPENSE_PATHS.bills);
        return;
      }
      const saved = outcome.answer as { readonly id: string };
      if (upload !== null) {
        await uploadReceipt(scope.orgId, saved.id, upload, upload.name);
      }
      if (submit) {
        await actOnPurchase(scope.orgId, kind, saved.id, 'submit');
      }
      showToast(submit ? t('exp.saved.submitted') : t('exp.saved.draft'), 'success');
      navigate(purchasePath(kind, saved.id));
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };

  const fieldErrors = failure instanceof ApiProblem ? (failure.errors ?? []) : [];

  return (
    <form
      class="expenses-form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void save(true);
      }}
    >
      <ErrorSummary items={[...problems, ...fieldErrors.map((problem) => ({ message: problem.message, label: problem.field }))]} />
      <FileUpload label={t('exp.form.photo')} file={photo} onChange={choosePhoto} optional />
      <div class="field">
        <label class="field__label" for={`${ids}-date`}>
          {t('exp.form.date')}
        </label>
        <input id={`${ids}-date`} class="input" type="date" value={draft.date} max={today} onInput={(event) => change({ date: event.currentTarget.value })} />
      </div>
      {kind === 'bills' && (
        <div class="field">
          <label class="field__label" for={`${ids}-due`}>
            {t('exp.form.dueDate')}
          </label>
          <input id={`${ids}-due`} class="input" type="date" value={draft.dueDate} onInput={(event) => change({ dueDate: event.currentTarget.value })} />
        </div>
      )}
      <div class="field">
        <label class="field__label" for={`${ids}-supplier`}>
          {t('exp.form.supplier')}
          {kind === 'expenses' && <span class="field__optional"> ({t('form.optional')})</span>}
        </label>
        <select id={`${ids}-supplier`} class="input" value={draft.supplierId} onChange={(event) => change({ supplierId: event.currentTarget.value })}>
          <option value="">{t('exp.form.noSupplier')}</option>
          {suppliers.map((supplier) => (
            <option key={supplier.id} value={supplier.id}>
              {supplier.name}
            </option>
          ))}
        </select>
      </div>
      {kind === 'expenses' && (
        <div class="field">
          <label class="field__label" for={`${ids}-method`}>
            {t('exp.form.method')}
          </label>
          <select id={`${ids}-method`} class="input" value={draft.method} onChange={(event) => change({ method: event.currentTarget.value as Draft['method'] })}>
            {PAYMENT_METHODS.map((method) => (
              <option key={method} value={method}>
                {methodLabel(method)}
              </option>
            ))}
          </select>
        </div>
      )}
      <fieldset class="field">
        <legend class="field__label">{t('exp.form.lines')}</legend>
        {draft.lines.map((line, index) => (
          <div key={line.key} class="expenses-line" role="group" aria-label={t('exp.form.lineLabel', { n: String(index + 1) })}>
            <div class="field">
              <label class="field__label" for={`${ids}-${line.key}-category`}>
                {t('exp.form.category')}
              </label>
              <select
                id={`${ids}-${line.key}-category`}
                class="input"
                value={line.categoryId}
                aria-invalid={shown && lineProblems(line).category !== undefined ? 'true' : undefined}
                onChange={(event) => changeLine(line.key, { categoryId: event.currentTarget.value })}
              >
                <option value="">{t('exp.form.chooseCategory')}</option>
                {categories.map((category) => (
                  <option key={category.id} value={category.id}>
                    {category.name}
                  </option>
                ))}
              </select>
            </div>
            <div class="field">
              <label class="field__label" for={`${ids}-${line.key}-description`}>
                {t('exp.form.description')}
                <span class="field__optional"> ({t('form.optional')})</span>
              </label>
              <input id={`${ids}-${line.key}-description`} class="input" value={line.description} onInput={(event) => changeLine(line.key, { description: event.currentTarget.value })} />
            </div>
            <div class="field">
              <label class="field__label" for={`${ids}-${line.key}-amount`}>
                {t('exp.form.amount')}
              </label>
              <input
                id={`${ids}-${line.key}-amount`}
                class="input"
                inputMode="decimal"
                autocomplete="off"
                value={line.amount}
                aria-invalid={shown && lineProblems(line).amount !== undefined ? 'true' : undefined}
                onInput={(event) => changeLine(line.key, { amount: event.currentTarget.value })}
              />
            </div>
            {draft.lines.length > 1 && (
              <button type="button" class="button button--quiet" onClick={() => change({ lines: draft.lines.filter((other) => other.key !== line.key) })}>
                {t('exp.form.removeLine', { n: String(index + 1) })}
              </button>
            )}
          </div>
        ))}
        <button type="button" class="button button--quiet" onClick={() => change({ lines: [...draft.lines, newLine()] })}>
          {t('exp.form.addLine')}
        </button>
      </fieldset>
      <label class="choice">
        <input type="checkbox" checked={draft.pricesIncludeVat} onChange={(event) => change({ pricesIncludeVat: event.currentTarget.checked })} />
        {t('exp.form.includesVat')}
      </label>
      <details class="field">
        <summary>{t('exp.form.evidence')}</summary>
        <p class="field__hint">{t('exp.form.evidenceHint')}</p>
        <div class="field">
          <label class="field__label" for={`${ids}-receipt-number`}>
            {t('exp.form.zraReceiptNumber')}
          </label>
          <input id={`${ids}-receipt-number`} class="input" value={draft.zraReceiptNumber} onInput={(event) => change({ zraReceiptNumber: event.currentTarget.value })} />
        </div>
        <div class="field">
          <label class="field__label" for={`${ids}-sdc`}>
            {t('exp.form.sdcId')}
          </label>
          <input id={`${ids}-sdc`} class="input" value={draft.sdcId} onInput={(event) => change({ sdcId: event.currentTarget.value })} />
        </div>
      </details>
      <div class="field">
        <label class="field__label" for={`${ids}-notes`}>
          {t('exp.form.notes')}
          <span class="field__optional"> ({t('form.optional')})</span>
        </label>
        <textarea id={`${ids}-notes`} class="input" rows={2} value={draft.notes} onInput={(event) => change({ notes: event.currentTarget.value })} />
      </div>
      <section aria-labelledby={`${ids}-totals`} aria-live="polite">
        <h2 id={`${ids}-totals`}>{t('exp.form.totals')}</h2>
        {preview === null ? (
          <p class="muted">{body === null ? t('exp.form.totalsWaiting') : t('exp.form.totalsLoading')}</p>
        ) : (
          <dl class="expense-totals">
            <dt>{t('exp.form.taxable')}</dt>
            <dd>{kwacha(preview.total_taxable)}</dd>
            <dt>{t('exp.form.vat')}</dt>
            <dd>{kwacha(preview.total_vat)}</dd>
            <dt>{t('exp.form.claimable')}</dt>
            <dd>{kwacha(preview.vat.input_vat_claimable)}</dd>
            <dt>{t('exp.form.total')}</dt>
            <dd>{kwacha(preview.total_amount)}</dd>
          </dl>
        )}
        {preview !== null && preview.vat.reason !== null && <p class="field__hint">{preview.vat.reason}</p>}
        {previewProblem !== undefined && <ProblemNotice error={previewProblem} />}
      </section>
      {failure !== undefined && !(failure instanceof ApiProblem && fieldErrors.length > 0) && <ProblemNotice error={failure} />}
      <div class="expenses-actions">
        <button type="submit" class="button" disabled={busy}>
          {busy ? t('exp.form.saving') : t('exp.form.submit')}
        </button>
        <button type="button" class="button button--quiet" disabled={busy} onClick={() => void save(false)}>
          {t('exp.form.saveDraft')}
        </button>
      </div>
    </form>
  );
}
