import { useRef, useState } from 'preact/hooks';
import { ApiProblem } from '../../api/client';
import { applyCredit, type Invoice, type Payment } from '../../api/invoices';
import { navigate } from '../../app/router';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { showToast } from '../../components/toasts';
import { formatDate } from '../../format/dates';
import { formatMoney, fromWire, toWire } from '../../format/money';
import { methodLabel } from './display';
import { t } from './messages';
import { invoicePath } from './paths';
import { problemSentence, salesMessage } from './problems';
import { SubmissionKey } from './submission';

interface CustomerCreditsProps {
  readonly orgId: string;
  readonly invoice: Invoice;
  /** The customer's earlier payments with credit unused, in the invoice's currency. */
  readonly credits: readonly Payment[];
}

/** The most of a credit that this invoice can take: the credit, or what the invoice owes if less. */
export function applicable(credit: Payment, invoice: Invoice): bigint {
  const unused = fromWire(credit.unallocated, invoice.currency);
  const owed = fromWire(invoice.outstanding, invoice.currency);
  return unused < owed ? unused : owed;
}

/**
 * Credit the customer already has (an earlier over-payment), offered before a new payment is
 * recorded: each applied to this invoice in one tap, after a confirmation, once.
 */
export function CustomerCredits({ orgId, invoice, credits }: CustomerCreditsProps) {
  const [applying, setApplying] = useState<Payment | null>(null);
  const keys = useRef(new Map<string, SubmissionKey>());
  const money = (minor: bigint): string => formatMoney(minor, invoice.currency);
  if (credits.length === 0) {
    return null;
  }

  const apply = async (credit: Payment): Promise<void> => {
    const body = { invoice_id: invoice.id, amount: toWire(applicable(credit, invoice), invoice.currency) };
    const key = keys.current.get(credit.id) ?? new SubmissionKey();
    keys.current.set(credit.id, key);
    await applyCredit(orgId, credit.id, body, key.for(body));
    setApplying(null);
    showToast(t('invoices.credits.applied', { amount: money(applicable(credit, invoice)) }), 'success');
    navigate(invoicePath(invoice.id));
  };

  return (
    <section class="customer-credits" aria-labelledby="customer-credits-title">
      <h2 id="customer-credits-title">{t('invoices.credits.title')}</h2>
      <ul class="allocations">
        {credits.map((credit) => (
          <li key={credit.id} class="allocation">
            <p>
              {t('invoices.credits.unused', {
                amount: money(fromWire(credit.unallocated, invoice.currency)),
                date: formatDate(credit.payment_date),
                method: methodLabel(credit.method),
              })}
              {credit.reference !== '' && ` (${credit.reference})`}
            </p>
            <button type="button" class="button button--quiet" onClick={() => setApplying(credit)}>
              {t('invoices.credits.apply', { amount: money(applicable(credit, invoice)) })}
            </button>
          </li>
        ))}
      </ul>
      {applying !== null && (
        <ConfirmDialog
          title={t('invoices.credits.confirmTitle')}
          confirmLabel={t('invoices.credits.confirm')}
          tone="primary"
          explain={(failure) =>
            failure instanceof ApiProblem
              ? (failure.errors ?? []).length > 0
                ? (failure.errors ?? []).map((error) => salesMessage(error, (wire) => money(fromWire(wire, invoice.currency)))).join(' ')
                : problemSentence(failure)
              : t('error.unexpected')
          }
          onConfirm={() => apply(applying)}
          onClose={() => setApplying(null)}
        >
          <p>{t('invoices.credits.confirmBody', { amount: money(applicable(applying, invoice)), number: invoice.number ?? '' })}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
