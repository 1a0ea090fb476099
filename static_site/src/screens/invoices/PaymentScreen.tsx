import { useCallback, useMemo, useRef, useState } from 'preact/hooks';
import { ApiProblem } from '../../api/client';
import {
  getInvoice,
  listCustomerPayments,
  listInvoices,
  PAYMENT_METHODS,
  recordPayment,
  type Invoice,
  type InvoiceSummary,
  type Payment,
  type PaymentMethod,
} from '../../api/invoices';
import { listChart, type Account } from '../../api/ledger';
import { navigate } from '../../app/router';
import type { ScreenProps } from '../../app/routes';
import { useResource } from '../../app/useResource';
import { DateField } from '../../components/DateInput';
import { ErrorSummary, type SummaryItem } from '../../components/ErrorSummary';
import { TextField } from '../../components/Field';
import { MoneyField } from '../../components/MoneyInput';
import { ProblemNotice } from '../../components/ProblemNotice';
import { SelectField } from '../../components/SelectField';
import { Skeleton } from '../../components/States';
import { SubmitButton } from '../../components/SubmitButton';
import { showToast } from '../../components/toasts';
import { useAction } from '../../components/useAction';
import { formatDate, todayInLusaka } from '../../format/dates';
import { currencyOf, formatMoney, fromWire, HOME_CURRENCY } from '../../format/money';
import { isZero } from './amounts';
import { CustomerCredits } from './CustomerCredits';
import { methodLabel } from './display';
import { InvoicesFrame, type InvoiceScope } from './InvoicesFrame';
import { t } from './messages';
import {
  allocationOf,
  defaultAllocations,
  NO_PAYMENT_PROBLEMS,
  readPayment,
  type LocalPaymentProblems,
  type PaymentField,
  type PaymentForm,
  type PaymentProblems,
} from './payment';
import { invoicePath } from './paths';
import { problemSentence, salesMessage } from './problems';
import { SubmissionKey } from './submission';

const CASH_SUBTYPES = new Set(['cash', 'bank', 'mobile_money_wallet']);

const FIELD_IDS: Readonly<Record<PaymentField, string>> = {
  method: 'payment-method',
  amount: 'payment-amount',
  paymentDate: 'payment-date',
  reference: 'payment-reference',
  depositAccountId: 'payment-account',
  exchangeRate: 'payment-rate',
};

const allocationId = (invoiceId: string): string => `payment-apply-${invoiceId}`;

/** A payment received for an invoice, applied to it and the customer's other open invoices; the rest stays as credit. */
export default function PaymentScreen({ params }: ScreenProps) {
  const invoiceId = params.invoiceId ?? '';
  return (
    <InvoicesFrame
      titleId="payment-title"
      title={t('invoices.payment.title')}
      permission="payments:record"
      back={{ href: invoicePath(invoiceId), label: t('invoices.backToInvoice') }}
      children={(scope) => <PaymentLoader scope={scope} invoiceId={invoiceId} />}
    />
  );
}

interface Loaded {
  readonly invoice: Invoice;
  /** The customer's other open invoices in the invoice's currency. */
  readonly others: readonly InvoiceSummary[];
  /** Where the money can have been received; empty when the person cannot read the chart. */
  readonly accounts: readonly Account[];
  /** The customer's earlier payments with credit unused, in the invoice's currency. */
  readonly credits: readonly Payment[];
}

function PaymentLoader({ scope, invoiceId }: { readonly scope: InvoiceScope; readonly invoiceId: string }) {
  const { orgId } = scope;
  const readsChart = scope.access.can('ledger:read');
  const load = useCallback(
    async (signal: AbortSignal): Promise<Loaded> => {
      const invoice = await getInvoice(orgId, invoiceId, signal);
      const [open, chart, payments] = await Promise.all([
        listInvoices(orgId, { customerId: invoice.customer_id, status: 'unpaid', limit: 200 }, signal),
        readsChart ? listChart(orgId, signal).catch(() => []) : Promise.resolve([]),
        listCustomerPayments(orgId, invoice.customer_id, signal),
      ]);
      return {
        invoice,
        others: open.items.filter((other) => other.id !== invoice.id && other.currency === invoice.currency),
        accounts: chart.filter((account) => account.account_type === 'asset' && CASH_SUBTYPES.has(account.subtype) && !account.is_header && account.archived_at === null),
        credits: payments.items.filter((payment) => payment.kind === 'receipt' && payment.currency === invoice.currency && !isZero(payment.unallocated)),
      };
    },
    [orgId, invoiceId, readsChart],
  );
  const loaded = useResource(load);
  if (loaded.data === undefined) {
    return loaded.error === undefined ? <Skeleton label={t('invoices.loading')} lines={6} /> : <ProblemNotice error={loaded.error} />;
  }
  const { invoice } = loaded.data;
  if (invoice.status === 'draft' || invoice.status === 'void' || isZero(invoice.outstanding)) {
    return <p class="notice">{t('invoices.payment.nothingOwed')}</p>;
  }
  return (
    <>
      <CustomerCredits orgId={orgId} invoice={invoice} credits={loaded.data.credits} />
      <PaymentEditor orgId={orgId} {...loaded.data} />
    </>
  );
}

function summaryOf(invoice: Invoice): InvoiceSummary {
  return {
    id: invoice.id,
    status: invoice.status,
    number: invoice.number,
    customer_id: invoice.customer_id,
    issue_date: invoice.issue_date,
    due_date: invoice.due_date,
    currency: invoice.currency,
    amount_due: invoice.totals.amount_due,
    outstanding: invoice.outstanding,
  };
}

function PaymentEditor({ orgId, invoice, others, accounts }: Omit<Loaded, 'credits'> & { readonly orgId: string }) {
  const currency = invoice.currency;
  const paid = useMemo(() => summaryOf(invoice), [invoice]);
  const money = (minor: bigint): string => formatMoney(minor, currency);
  const [form, setForm] = useState<PaymentForm>(() => ({
    method: 'cash',
    amount: formatMoney(fromWire(invoice.outstanding, currency), currency, 'none'),
    paymentDate: formatDate(todayInLusaka()),
    reference: '',
    depositAccountId: '',
    exchangeRate: currency === HOME_CURRENCY ? '' : invoice.exchange_rate,
    allocations: defaultAllocations(fromWire(invoice.outstanding, currency), paid, others, currency),
  }));
  /** Until the person changes an amount applied, the amounts follow the amount received. */
  const [allocationsTouched, setAllocationsTouched] = useState(false);
  const [problems, setProblems] = useState<PaymentProblems>(NO_PAYMENT_PROBLEMS);
  const [summary, setSummary] = useState<readonly SummaryItem[]>([]);
  const submission = useRef(new SubmissionKey());

  const allocation = allocationOf(form, currency);
  const setField = (field: PaymentField, value: string): void => {
    setForm((current) => {
      const next = { ...current, [field]: value };
      if (field === 'amount' && !allocationsTouched) {
        const received = allocationOf({ ...next, allocations: {} }, currency)?.received;
        if (received !== undefined) {
          return { ...next, allocations: defaultAllocations(received, paid, others, currency) };
        }
      }
      return next;
    });
    setProblems((current) => ({ ...current, fields: { ...current.fields, [field]: undefined } }));
  };
  const setAllocation = (invoiceId: string, value: string): void => {
    setAllocationsTouched(true);
    setForm((current) => ({ ...current, allocations: { ...current.allocations, [invoiceId]: value } }));
    setProblems((current) => ({ ...current, allocations: { ...current.allocations, [invoiceId]: '' } }));
  };

  const recording = useAction(async () => {
    const { request, problems: local } = readPayment(form, { customerId: invoice.customer_id, currency });
    if (request === null) {
      const found = inWords(local, currency);
      setProblems(found);
      setSummary(summaryItems(found, [paid, ...others]));
      return;
    }
    try {
      const payment = await recordPayment(orgId, request.body, submission.current.for(request.body));
      const credit = fromWire(payment.unallocated, currency);
      showToast(
        credit > 0n
          ? t('invoices.payment.recordedWithCredit', { amount: money(fromWire(payment.amount, currency)), credit: money(credit) })
          : t('invoices.payment.recorded', { amount: money(fromWire(payment.amount, currency)) }),
        'success',
      );
      navigate(invoicePath(invoice.id));
    } catch (error) {
      if (!(error instanceof ApiProblem)) {
        throw error;
      }
      const refused = refusedPayment(error, request.sentInvoiceIds, currency);
      setProblems(refused);
      setSummary(summaryItems(refused, [paid, ...others]));
    }
  });

  const accountOptions = [
    ...(form.method === 'mobile_money' ? [] : [{ value: '', label: t('invoices.payment.usualAccount') }]),
    ...accounts.map((account) => ({ value: account.id, label: `${account.code} · ${account.name}` })),
  ];

  return (
    <form
      class="form payment-form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void recording.run();
      }}
    >
      <ErrorSummary items={summary} />
      <ProblemNotice error={recording.failure} />
      <p>{t('invoices.payment.for', { number: invoice.number ?? '', owed: money(fromWire(invoice.outstanding, currency)) })}</p>
      <SelectField
        id={FIELD_IDS.method}
        label={t('invoices.payment.method')}
        value={form.method}
        error={problems.fields.method}
        options={PAYMENT_METHODS.map((method) => ({ value: method, label: methodLabel(method) }))}
        onInput={(value) => {
          setField('method', value as PaymentMethod);
          if (value === 'mobile_money' && form.depositAccountId === '') {
            const wallet = accounts.find((account) => account.subtype === 'mobile_money_wallet');
            if (wallet !== undefined) {
              setField('depositAccountId', wallet.id);
            }
          }
        }}
      />
      <MoneyField id={FIELD_IDS.amount} label={t('invoices.payment.amount')} currency={currency} value={form.amount} error={problems.fields.amount} onInput={(value) => setField('amount', value)} />
      <DateField id={FIELD_IDS.paymentDate} label={t('invoices.payment.date')} value={form.paymentDate} error={problems.fields.paymentDate} onInput={(value) => setField('paymentDate', value)} />
      {currency !== HOME_CURRENCY && (
        <TextField
          id={FIELD_IDS.exchangeRate}
          label={t('invoices.editor.exchangeRate', { currency })}
          inputMode="decimal"
          value={form.exchangeRate}
          error={problems.fields.exchangeRate}
          onInput={(value) => setField('exchangeRate', value)}
        />
      )}
      {(accounts.length > 0 || form.method === 'mobile_money') && (
        <SelectField
          id={FIELD_IDS.depositAccountId}
          label={t('invoices.payment.account')}
          value={form.depositAccountId}
          error={problems.fields.depositAccountId}
          placeholder={form.method === 'mobile_money' ? t('invoices.choose') : undefined}
          hint={form.method === 'mobile_money' ? t('invoices.payment.walletHint') : undefined}
          options={accountOptions}
          onInput={(value) => setField('depositAccountId', value)}
        />
      )}
      <TextField
        id={FIELD_IDS.reference}
        label={t('invoices.payment.reference')}
        hint={t('invoices.payment.referenceHint')}
        optional
        maxLength={100}
        value={form.reference}
        error={problems.fields.reference}
        onInput={(value) => setField('reference', value)}
      />

      <fieldset class="payment-allocations">
        <legend>{t('invoices.payment.allocations')}</legend>
        <ul class="allocations">
          {[paid, ...others].map((open) => (
            <li key={open.id} class="allocation">
              <MoneyField
                id={allocationId(open.id)}
                label={t('invoices.payment.applyTo', { number: open.number ?? '' })}
                hint={t('invoices.payment.owes', { owed: money(fromWire(open.outstanding, currency)), due: formatDate(open.due_date) })}
                currency={currency}
                optional
                value={form.allocations[open.id] ?? ''}
                error={problems.allocations[open.id] || undefined}
                onInput={(value) => setAllocation(open.id, value)}
              />
            </li>
          ))}
        </ul>
      </fieldset>
      <p id="payment-balance" class="payment-balance" role="status">
        {allocation === null
          ? t('invoices.payment.unreadable')
          : allocation.credit < 0n
            ? t('invoices.payment.overApplied', { applied: money(allocation.applied), received: money(allocation.received) })
            : allocation.credit > 0n
              ? t('invoices.payment.leftAsCredit', { applied: money(allocation.applied), credit: money(allocation.credit) })
              : t('invoices.payment.allApplied', { applied: money(allocation.applied) })}
      </p>

      <div class="form__actions">
        <SubmitButton label={t('invoices.payment.record')} workingLabel={t('invoices.payment.recording')} busy={recording.busy} describedBy="payment-balance" />
      </div>
    </form>
  );
}

function inWords(local: LocalPaymentProblems, currency: string): PaymentProblems {
  const word = (problem: string): string => {
    switch (problem) {
      case 'required':
        return t('form.required');
      case 'zero':
        return t('invoices.problem.amountNotPositive');
      case 'tooManyDecimals':
        return t('money.tooManyDecimals', { digits: currencyOf(currency).minorDigits });
      case 'negative':
        return t('money.negative');
      case 'date':
        return t('date.invalid');
      case 'moreThanReceived':
        return t('invoices.problem.allocationsExceedAmount');
      default:
        return t('money.invalid');
    }
  };
  const fields: Partial<Record<PaymentField, string>> = {};
  for (const [field, problem] of Object.entries(local.fields) as [PaymentField, string][]) {
    fields[field] = word(problem);
  }
  const allocations: Record<string, string> = {};
  for (const [invoiceId, problem] of Object.entries(local.allocations)) {
    allocations[invoiceId] = word(problem);
  }
  return { fields, allocations, other: [] };
}

const PAYMENT_FIELDS: Readonly<Record<string, PaymentField>> = {
  method: 'method',
  amount: 'amount',
  payment_date: 'paymentDate',
  reference: 'reference',
  deposit_account_id: 'depositAccountId',
  exchange_rate: 'exchangeRate',
};

/** The server's refusal of a payment, on its fields and on the invoices it was applied to. */
function refusedPayment(problem: ApiProblem, sentInvoiceIds: readonly string[], currency: string): PaymentProblems {
  const formatLimit = (wire: string): string => formatMoney(fromWire(wire, currency), currency);
  const fields: Partial<Record<PaymentField, string>> = {};
  const allocations: Record<string, string> = {};
  const other: string[] = [];
  for (const fieldProblem of problem.errors ?? []) {
    const message = salesMessage(fieldProblem, formatLimit);
    const field = PAYMENT_FIELDS[fieldProblem.field];
    const allocation = /^allocations\.(\d+)/.exec(fieldProblem.field);
    const invoiceId = allocation === null ? undefined : sentInvoiceIds[Number(allocation[1])];
    if (field !== undefined) {
      fields[field] ??= message;
    } else if (invoiceId !== undefined) {
      allocations[invoiceId] ??= message;
    } else {
      other.push(message);
    }
  }
  if (problem.errors === undefined || problem.errors.length === 0) {
    other.push(problemSentence(problem));
  }
  return { fields, allocations, other };
}

function summaryItems(problems: PaymentProblems, invoices: readonly InvoiceSummary[]): SummaryItem[] {
  const items: SummaryItem[] = problems.other.map((message) => ({ message }));
  for (const [field, id] of Object.entries(FIELD_IDS) as [PaymentField, string][]) {
    const message = problems.fields[field];
    if (message !== undefined) {
      items.push({ fieldId: id, message });
    }
  }
  for (const invoice of invoices) {
    const message = problems.allocations[invoice.id];
    if (message !== undefined && message !== '') {
      items.push({ fieldId: allocationId(invoice.id), message: t('invoices.payment.allocationProblem', { number: invoice.number ?? '', message }) });
    }
  }
  return items;
}
