import { useCallback, useState } from 'preact/hooks';
import { ApiProblem } from '../../api/client';
import type { DocumentRef } from '../../api/documents';
import {
  getCustomer,
  getInvoice,
  getInvoiceHistory,
  issueInvoice,
  listInvoiceCreditNotes,
  listInvoiceEmails,
  listInvoicePayments,
  voidInvoice,
  type CreditNote,
  type DocumentEmail,
  type Invoice,
  type InvoiceEvent,
  type Payment,
} from '../../api/invoices';
import { Link } from '../../app/Link';
import type { ScreenProps } from '../../app/routes';
import { useResource } from '../../app/useResource';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ProblemNotice } from '../../components/ProblemNotice';
import { Skeleton } from '../../components/States';
import { showToast } from '../../components/toasts';
import { formatDate, formatDateTime } from '../../format/dates';
import { DocumentEmails, LoadedDocumentEmails } from '../documents/DocumentEmails';
import { t as documentsT } from '../documents/messages';
import { PdfButton } from '../documents/PdfButton';
import { PdfPreview } from '../documents/PdfPreview';
import { SendDocumentDialog } from '../documents/SendDocumentDialog';
import { formatAmount, isZero } from './amounts';
import { categoryLabel, eventLabel, methodLabel, reasonLabel, statusLabel } from './display';
import { InvoicesFrame, type InvoiceScope } from './InvoicesFrame';
import { t } from './messages';
import { creditNotePath, editInvoicePath, paymentPath } from './paths';
import { TaxBreakdown } from './PreviewPanel';
import { FiscalPanel } from '../zra/FiscalPanel';
import { problemSentence } from './problems';

/** One invoice: what it says, where it stands, what was paid and credited, its history, and what can be done next. */
export default function InvoiceDetailScreen({ params }: ScreenProps) {
  const invoiceId = params.invoiceId ?? '';
  return (
    <InvoicesFrame titleId="invoice-title" title={t('invoices.detail.title')} children={(scope) => <InvoiceDetail scope={scope} invoiceId={invoiceId} />} />
  );
}

interface Loaded {
  readonly invoice: Invoice;
  readonly customerName: string | null;
  readonly history: readonly InvoiceEvent[];
  readonly payments: readonly Payment[];
  readonly creditNotes: readonly CreditNote[];
  readonly emails: readonly DocumentEmail[];
}

type Confirming = 'issue' | 'void' | null;

/** A document of this invoice being e-mailed: the invoice itself or one of its credit notes. */
interface Sending {
  readonly document: DocumentRef;
  readonly reference: string;
}

function InvoiceDetail({ scope, invoiceId }: { readonly scope: InvoiceScope; readonly invoiceId: string }) {
  const { orgId, access } = scope;
  const load = useCallback(
    async (signal: AbortSignal): Promise<Loaded> => {
      const invoice = await getInvoice(orgId, invoiceId, signal);
      const issued = invoice.status !== 'draft' && invoice.status !== 'void';
      const [customer, history, payments, creditNotes, emails] = await Promise.all([
        access.can('customers:read') ? getCustomer(orgId, invoice.customer_id, signal).catch(() => null) : Promise.resolve(null),
        getInvoiceHistory(orgId, invoiceId, signal),
        issued ? listInvoicePayments(orgId, invoiceId, signal) : Promise.resolve({ items: [], next_cursor: null }),
        issued ? listInvoiceCreditNotes(orgId, invoiceId, signal) : Promise.resolve({ items: [], next_cursor: null }),
        issued ? listInvoiceEmails(orgId, invoiceId, signal) : Promise.resolve({ items: [] }),
      ]);
      return {
        invoice,
        customerName: customer?.name ?? null,
        history: history.items,
        payments: payments.items,
        creditNotes: creditNotes.items,
        emails: emails.items,
      };
    },
    // `access` changes identity each render; the organization decides what may be read.
    [orgId, invoiceId],
  );
  const loaded = useResource(load);
  const [confirming, setConfirming] = useState<Confirming>(null);
  const [sending, setSending] = useState<Sending | null>(null);
  // Bumped after a credit note is e-mailed, so its e-mail history is asked again.
  const [creditEmailsVersion, setCreditEmailsVersion] = useState(0);

  if (loaded.data === undefined) {
    return loaded.error === undefined ? <Skeleton label={t('invoices.loading')} lines={8} /> : <ProblemNotice error={loaded.error} />;
  }
  const { invoice, customerName, history, payments, creditNotes, emails } = loaded.data;
  const money = (wire: string): string => formatAmount(wire, invoice.currency);
  const isDraft = invoice.status === 'draft';
  const isIssued = !isDraft && invoice.status !== 'void';
  const owed = isIssued && !isZero(invoice.outstanding);

  const invoiceDocument: DocumentRef = { kind: 'invoice', id: invoice.id };
  const sent = (): void => {
    const what = sending?.document.kind;
    setSending(null);
    if (what === 'invoice') {
      showToast(t('invoices.detail.sent'), 'success');
      loaded.reload();
    } else {
      showToast(documentsT('documents.send.sent'), 'success');
      setCreditEmailsVersion((version) => version + 1);
    }
  };
  const canSend = access.can('invoices:issue');

  const act = async (what: Exclude<Confirming, null>): Promise<void> => {
    let done: string;
    if (what === 'issue') {
      done = t('invoices.issued', { number: (await issueInvoice(orgId, invoice.id)).number ?? '' });
    } else {
      await voidInvoice(orgId, invoice.id);
      done = t('invoices.detail.voided');
    }
    setConfirming(null);
    showToast(done, 'success');
    loaded.reload();
  };

  return (
    <div class="invoice-detail">
      <header class="invoice-detail__head">
        <p class="invoice-detail__number">
          <span class="invoice-detail__number-text">{invoice.number ?? t('invoices.list.draftNumber')}</span>{' '}
          <span class={`status-badge status-badge--${invoice.status}`}>{statusLabel(invoice.status)}</span>
        </p>
        <dl class="facts">
          <div>
            <dt>{t('invoices.editor.customer')}</dt>
            <dd>{customerName ?? '—'}</dd>
          </div>
          <div>
            <dt>{t('invoices.editor.issueDate')}</dt>
            <dd>{formatDate(invoice.issue_date)}</dd>
          </div>
          <div>
            <dt>{t('invoices.editor.dueDate')}</dt>
            <dd>
              {formatDate(invoice.due_date)}
              {invoice.status === 'overdue' && <strong class="invoice-detail__overdue"> · {t('invoices.status.overdue')}</strong>}
            </dd>
          </div>
          {invoice.currency !== 'ZMW' && (
            <div>
              <dt>{t('invoices.editor.currency')}</dt>
              <dd>{t('invoices.detail.rate', { currency: invoice.currency, rate: invoice.exchange_rate })}</dd>
            </div>
          )}
          <div>
            <dt>{t('invoices.detail.prices')}</dt>
            <dd>{invoice.prices_include_vat ? t('invoices.detail.pricesInclusive') : t('invoices.detail.pricesExclusive')}</dd>
          </div>
          {invoice.lpo_number !== null && (
            <div>
              <dt>{t('invoices.editor.lpoNumber')}</dt>
              <dd>{invoice.lpo_number}</dd>
            </div>
          )}
          {invoice.destination_country !== null && (
            <div>
              <dt>{t('invoices.editor.destination')}</dt>
              <dd>{invoice.destination_country}</dd>
            </div>
          )}
          {invoice.reference !== '' && (
            <div>
              <dt>{t('invoices.editor.reference')}</dt>
              <dd>{invoice.reference}</dd>
            </div>
          )}
        </dl>
      </header>

      <div class="invoice-actions">
        {isDraft && access.can('invoices:create') && (
          <Link href={editInvoicePath(invoice.id)} class="button button--quiet">
            {t('invoices.detail.edit')}
          </Link>
        )}
        {isDraft && access.can('invoices:issue') && (
          <button type="button" class="button" onClick={() => setConfirming('issue')}>
            {t('invoices.issueConfirm.confirm')}
          </button>
        )}
        {isDraft && access.can('invoices:void') && (
          <button type="button" class="button button--danger" onClick={() => setConfirming('void')}>
            {t('invoices.detail.void')}
          </button>
        )}
        {owed && access.can('payments:record') && (
          <Link href={paymentPath(invoice.id)} class="button">
            {t('invoices.detail.recordPayment')}
          </Link>
        )}
        {owed && access.can('invoices:issue') && (
          <Link href={creditNotePath(invoice.id)} class="button button--quiet">
            {t('invoices.detail.creditNote')}
          </Link>
        )}
        {isIssued && <PdfButton orgId={orgId} document={invoiceDocument} />}
        {isIssued && canSend && (
          <button type="button" class="button button--quiet" onClick={() => setSending({ document: invoiceDocument, reference: invoice.number ?? '' })}>
            {invoice.status === 'sent' || history.some((event) => event.event === 'sent') ? t('invoices.detail.sendAgain') : t('invoices.detail.send')}
          </button>
        )}
      </div>

      {isIssued && <PdfPreview orgId={orgId} document={invoiceDocument} version={invoiceVersion(invoice)} titleId="invoice-pdf-title" />}

      <section aria-labelledby="invoice-lines-title">
        <h2 id="invoice-lines-title">{t('invoices.editor.lines')}</h2>
        <ol class="invoice-detail__lines">
          {invoice.lines.map((line) => (
            <li key={line.line_number} class="invoice-detail__line">
              <p class="invoice-detail__line-description">{line.description}</p>
              <p class="muted">
                {t('invoices.detail.lineQuantity', { quantity: trimmed(line.quantity), price: money(line.unit_price) })}
                {!isZero(line.discount_rate) && ` · ${t('invoices.detail.lineDiscount', { rate: trimmed(line.discount_rate) })}`} · {categoryLabel(line.tax_category)}
              </p>
              <p class="invoice-detail__line-amount">
                {t('invoices.line.amount', { total: money(line.total_amount), tax: money(line.vat_amount), category: line.tax_category })}
              </p>
            </li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="invoice-totals-title">
        <h2 id="invoice-totals-title">{t('invoices.preview.title')}</h2>
        <TaxBreakdown totals={invoice.totals} currency={invoice.currency} captionId="invoice-tax-caption" caption={t('invoices.preview.caption')} />
        {isIssued && (
          <dl class="totals totals--settlement">
            <div>
              <dt>{t('invoices.detail.paid')}</dt>
              <dd>{money(invoice.amount_paid)}</dd>
            </div>
            <div>
              <dt>{t('invoices.detail.credited')}</dt>
              <dd>{money(invoice.amount_credited)}</dd>
            </div>
            {!isZero(invoice.amount_debited) && (
              <div>
                <dt>{t('invoices.detail.debited')}</dt>
                <dd>{money(invoice.amount_debited)}</dd>
              </div>
            )}
            <div class="totals__due">
              <dt>{t('invoices.list.outstanding')}</dt>
              <dd data-testid="outstanding">{money(invoice.outstanding)}</dd>
            </div>
          </dl>
        )}
      </section>

      <FiscalPanel orgId={orgId} invoiceId={invoice.id} fiscal={invoice.fiscal} onRequeued={loaded.reload} />

      {invoice.notes !== '' && (
        <section aria-labelledby="invoice-notes-title">
          <h2 id="invoice-notes-title">{t('invoices.editor.notes')}</h2>
          <p class="invoice-detail__notes">{invoice.notes}</p>
        </section>
      )}

      {isIssued && (
        <section aria-labelledby="invoice-payments-title">
          <h2 id="invoice-payments-title">{t('invoices.detail.payments')}</h2>
          {payments.length === 0 ? (
            <p class="muted">{t('invoices.detail.noPayments')}</p>
          ) : (
            <ul class="invoice-detail__records">
              {payments.map((payment) => {
                const applied = payment.allocations.find((allocation) => allocation.invoice_id === invoice.id)?.amount ?? '0';
                const labelId = `payment-${payment.id}`;
                return (
                  <li key={payment.id}>
                    <span id={labelId}>
                      <strong>{money(applied)}</strong> · {formatDate(payment.payment_date)} · {methodLabel(payment.method)}
                      {payment.reference !== '' && ` · ${payment.reference}`}
                    </span>
                    {payment.kind === 'receipt' && (
                      <div class="document-actions">
                        <PdfButton
                          orgId={orgId}
                          document={{ kind: 'receipt', id: payment.id }}
                          label={documentsT('documents.pdf.receipt')}
                          describedBy={labelId}
                          class="button button--quiet"
                        />
                      </div>
                    )}
                  </li>
                );
              })}
            </ul>
          )}
          <h2 id="invoice-credit-notes-title">{t('invoices.detail.creditNotes')}</h2>
          {creditNotes.length === 0 ? (
            <p class="muted">{t('invoices.detail.noCreditNotes')}</p>
          ) : (
            <ul class="invoice-detail__records" aria-labelledby="invoice-credit-notes-title">
              {creditNotes.map((note) => {
                const labelId = `credit-note-${note.id}`;
                const noteDocument: DocumentRef = { kind: 'credit_note', id: note.id };
                return (
                  <li key={note.id} class="invoice-detail__credit-note">
                    <span id={labelId}>
                      <strong>{note.number}</strong> · {money(note.amount)} · {formatDate(note.issue_date)} · {reasonLabel(note.reason_code)}
                      {note.reason !== '' && ` (${note.reason})`}
                    </span>
                    <div class="document-actions">
                      <PdfButton orgId={orgId} document={noteDocument} describedBy={labelId} class="button button--quiet" />
                      {canSend && (
                        <button
                          type="button"
                          class="button button--quiet"
                          aria-describedby={labelId}
                          onClick={() => setSending({ document: noteDocument, reference: note.number })}
                        >
                          {documentsT('documents.send.button')}
                        </button>
                      )}
                    </div>
                    <LoadedDocumentEmails
                      orgId={orgId}
                      document={noteDocument}
                      version={creditEmailsVersion}
                      titleId={`credit-note-emails-${note.id}`}
                      title={documentsT('documents.emails.titleOf', { reference: note.number })}
                      level={3}
                    />
                  </li>
                );
              })}
            </ul>
          )}
        </section>
      )}

      {isIssued && <DocumentEmails emails={emails} titleId="invoice-emails-title" />}

      <section aria-labelledby="invoice-history-title">
        <h2 id="invoice-history-title">{t('invoices.detail.history')}</h2>
        <ol class="invoice-history">
          {history.map((event, index) => (
            <li key={`${event.occurred_at}-${index}`}>
              <time dateTime={event.occurred_at}>{formatDateTime(event.occurred_at)}</time> <strong>{eventLabel(event.event)}</strong>
              {event.amount !== null && ` · ${money(event.amount)}`}
              {event.reference !== null && event.reference !== '' && ` · ${event.reference}`}
              {event.actor_name !== null && <span class="muted"> · {t('invoices.detail.by', { name: event.actor_name })}</span>}
            </li>
          ))}
        </ol>
      </section>

      {sending !== null && (
        <SendDocumentDialog orgId={orgId} document={sending.document} reference={sending.reference} onSent={sent} onClose={() => setSending(null)} />
      )}
      {confirming !== null && (
        <ConfirmDialog
          title={confirming === 'issue' ? t('invoices.issueConfirm.title') : t('invoices.voidConfirm.title')}
          confirmLabel={confirming === 'issue' ? t('invoices.issueConfirm.confirm') : t('invoices.voidConfirm.confirm')}
          tone={confirming === 'void' ? 'danger' : 'primary'}
          explain={(failure) => (failure instanceof ApiProblem ? problemSentence(failure) : t('error.unexpected'))}
          onConfirm={() => act(confirming)}
          onClose={() => setConfirming(null)}
        >
          <p>{confirming === 'issue' ? t('invoices.issueConfirm.body', { total: money(invoice.totals.amount_due) }) : t('invoices.voidConfirm.body')}</p>
        </ConfirmDialog>
      )}
    </div>
  );
}

/** What the invoice's PDF shows that can change once it is issued: what was paid, credited and is owed. */
function invoiceVersion(invoice: Invoice): string {
  return [invoice.status, invoice.amount_paid, invoice.amount_credited, invoice.amount_debited, invoice.outstanding].join('|');
}

/** `"2.5000"` → `"2.5"`. */
function trimmed(wire: string): string {
  return wire.includes('.') ? wire.replace(/0+$/, '').replace(/\.$/, '') : wire;
}
