import { useCallback, useEffect, useState } from 'preact/hooks';
import { actOnPurchase, getPurchase, listReceipts, receiptFile, uploadReceipt, type Purchase, type PurchaseAction, type PurchaseKind, type Receipt } from '../../api/purchases';
import { Link } from '../../app/Link';
import type { ScreenProps } from '../../app/routes';
import { useResource } from '../../app/useResource';
import { FileUpload } from '../../components/FileUpload';
import { ProblemNotice } from '../../components/ProblemNotice';
import { Skeleton } from '../../components/States';
import { showToast } from '../../components/toasts';
import { dateLabel, kwacha, methodLabel, statusLabel } from './display';
import { ExpensesFrame, type ExpensesScope } from './ExpensesFrame';
import { t, type PlainMessageKey } from './messages';
import { entryPath } from './paths';
import { downscalePhoto } from './photo';

/** `/expenses/:expenseId`: the expense, its receipts, and what the person may do with it next. */
export default function ExpenseDetailScreen({ params }: ScreenProps) {
  return <PurchaseDetail kind="expenses" id={params.expenseId ?? ''} />;
}

export function PurchaseDetail({ kind, id }: { readonly kind: PurchaseKind; readonly id: string }) {
  return (
    <ExpensesFrame
      titleId={`${kind}-detail-title`}
      title={kind === 'expenses' ? t('exp.detail.title') : t('bills.detail.title')}
      current={kind}
      permission="expenses:read"
      children={(scope) => <Detail scope={scope} kind={kind} id={id} />}
    />
  );
}

interface ActionSpec {
  readonly action: PurchaseAction;
  readonly label: PlainMessageKey;
  readonly quiet?: boolean;
}

/** What may be done next, by status and permission (the server checks both again). */
export function actionsFor(purchase: Pick<Purchase, 'status'>, can: (permission: never) => boolean): readonly ActionSpec[] {
  const allowed = can as (permission: string) => boolean;
  switch (purchase.status) {
    case 'draft':
      return allowed('expenses:create') ? [{ action: 'submit', label: 'exp.action.submit' }] : [];
    case 'submitted':
      return allowed('expenses:approve')
        ? [
            { action: 'approve', label: 'exp.action.approve' },
            { action: 'reject', label: 'exp.action.reject', quiet: true },
          ]
        : [];
    case 'approved':
      return allowed('expenses:post') ? [{ action: 'post', label: 'exp.action.post' }] : [];
    case 'posted':
      return allowed('expenses:post') ? [{ action: 'void', label: 'exp.action.void', quiet: true }] : [];
    default:
      return [];
  }
}

function Detail({ scope, kind, id }: { readonly scope: ExpensesScope; readonly kind: PurchaseKind; readonly id: string }) {
  const load = useCallback((signal: AbortSignal) => getPurchase(scope.orgId, kind, id, signal), [scope.orgId, kind, id]);
  const resource = useResource(load);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(undefined);
  const purchase = resource.data;

  if (purchase === undefined) {
    return resource.error === undefined ? <Skeleton label={t('screen.loading')} lines={4} /> : <ProblemNotice error={resource.error} />;
  }

  const act = async (action: PurchaseAction): Promise<void> => {
    setBusy(true);
    setFailure(undefined);
    try {
      const body = action === 'reject' ? { reason: window.prompt(t('exp.action.rejectReason')) ?? '' } : action === 'void' ? { reason: 'Voided from the app' } : {};
      await actOnPurchase(scope.orgId, kind, purchase.id, action, body);
      showToast(t('exp.action.done'), 'success');
      resource.reload();
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <dl class="expenses-details">
        <div class="expenses-details__row">
          <dt>{t('exp.col.status')}</dt>
          <dd>{statusLabel(purchase.status)}</dd>
        </div>
        <div class="expenses-details__row">
          <dt>{t('exp.col.number')}</dt>
          <dd>{purchase.number ?? t('exp.draftNumber')}</dd>
        </div>
        <div class="expenses-details__row">
          <dt>{t('exp.col.date')}</dt>
          <dd>{dateLabel(purchase.document_date)}</dd>
        </div>
        {purchase.payment_method !== null && (
          <div class="expenses-details__row">
            <dt>{t('exp.form.method')}</dt>
            <dd>{methodLabel(purchase.payment_method)}</dd>
          </div>
        )}
        <div class="expenses-details__row">
          <dt>{t('exp.form.total')}</dt>
          <dd>{kwacha(purchase.total_amount)}</dd>
        </div>
        <div class="expenses-details__row">
          <dt>{t('exp.form.vat')}</dt>
          <dd>{kwacha(purchase.total_vat)}</dd>
        </div>
        <div class="expenses-details__row">
          <dt>{t('exp.form.claimable')}</dt>
          <dd>{kwacha(purchase.vat.input_vat_claimable)}</dd>
        </div>
        <div class="expenses-details__row">
          <dt>{t('exp.col.outstanding')}</dt>
          <dd>{kwacha(purchase.outstanding)}</dd>
        </div>
      </dl>
      {purchase.vat.reason !== null && <p class="notice">{purchase.vat.reason}</p>}
      {purchase.rejection_reason !== null && (
        <p class="notice">
          {t('exp.detail.rejected')} {purchase.rejection_reason}
        </p>
      )}
      {purchase.journal_entry_id !== null && (
        <p>
          <Link href={entryPath(purchase.journal_entry_id)}>{t('exp.detail.journal')}</Link>
        </p>
      )}
      <h2>{t('exp.form.lines')}</h2>
      <ul>
        {purchase.lines.map((line) => (
          <li key={line.line_number}>
            {line.description ?? t('exp.detail.line', { n: String(line.line_number) })}: {kwacha(line.total_amount)}
          </li>
        ))}
      </ul>
      <div class="expenses-actions">
        {actionsFor(purchase, scope.can as never).map((spec) => (
          <button key={spec.action} type="button" class={spec.quiet === true ? 'button button--quiet' : 'button'} disabled={busy} onClick={() => void act(spec.action)}>
            {t(spec.label)}
          </button>
        ))}
      </div>
      <ProblemNotice error={failure} />
      {kind === 'expenses' && <Receipts scope={scope} expenseId={purchase.id} />}
    </>
  );
}

function Receipts({ scope, expenseId }: { readonly scope: ExpensesScope; readonly expenseId: string }) {
  const load = useCallback((signal: AbortSignal) => listReceipts(scope.orgId, expenseId, signal), [scope.orgId, expenseId]);
  const resource = useResource(load);
  const [open, setOpen] = useState<Receipt | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [failure, setFailure] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);

  const attach = async (): Promise<void> => {
    if (file === null) {
      return;
    }
    setBusy(true);
    setFailure(undefined);
    try {
      const upload = await downscalePhoto(file);
      await uploadReceipt(scope.orgId, expenseId, upload, upload.name);
      setFile(null);
      resource.reload();
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="receipts-title">
      <h2 id="receipts-title">{t('exp.receipts.title')}</h2>
      {resource.error !== undefined && <ProblemNotice error={resource.error} />}
      {resource.data !== undefined && resource.data.length === 0 && <p class="muted">{t('exp.receipts.none')}</p>}
      <ul>
        {(resource.data ?? []).map((receipt) => (
          <li key={receipt.id}>
            <button type="button" class="button button--quiet" onClick={() => setOpen(receipt)}>
              {t('exp.receipts.view', { name: receipt.file_name })}
            </button>
          </li>
        ))}
      </ul>
      {open !== null && <ReceiptViewer scope={scope} expenseId={expenseId} receipt={open} />}
      <FileUpload label={t('exp.receipts.add')} file={file} onChange={setFile} optional />
      {file !== null && (
        <button type="button" class="button" disabled={busy} onClick={() => void attach()}>
          {busy ? t('exp.form.saving') : t('exp.receipts.upload')}
        </button>
      )}
      <ProblemNotice error={failure} />
    </section>
  );
}

/** The receipt, fetched with the session: a photo as an image, a PDF in a frame, both from a blob URL. */
export function ReceiptViewer({ scope, expenseId, receipt }: { readonly scope: ExpensesScope; readonly expenseId: string; readonly receipt: Receipt }) {
  const [url, setUrl] = useState<string | null>(null);
  const [failure, setFailure] = useState<unknown>(undefined);

  useEffect(() => {
    let made: string | null = null;
    let live = true;
    setUrl(null);
    receiptFile(scope.orgId, expenseId, receipt.id).then(
      (downloaded) => {
        if (live && typeof URL.createObjectURL === 'function') {
          made = URL.createObjectURL(downloaded.blob);
          setUrl(made);
        }
      },
      (error: unknown) => live && setFailure(error),
    );
    return () => {
      live = false;
      if (made !== null) {
        URL.revokeObjectURL(made);
      }
    };
  }, [scope.orgId, expenseId, receipt.id]);

  return (
    <figure class="receipt-view">
      {failure !== undefined ? (
        <ProblemNotice error={failure} />
      ) : url === null ? (
        <Skeleton label={t('exp.receipts.loading')} lines={2} />
      ) : receipt.content_type === 'application/pdf' ? (
        <iframe src={url} title={receipt.file_name} />
      ) : (
        <img src={url} alt={t('exp.receipts.alt', { name: receipt.file_name })} />
      )}
      <figcaption>{receipt.file_name}</figcaption>
    </figure>
  );
}
