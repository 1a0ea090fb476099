import { useEffect, useId, useState } from 'preact/hooks';
import { ApiProblem } from '../../api/client';
import { api } from '../../api/client';
import { listPurchases, listSuppliers, PAYMENT_METHODS, type PaymentMethod, type PurchaseSummary, type Supplier, type SupplierPaymentBody } from '../../api/purchases';
import { Link } from '../../app/Link';
import { ErrorSummary } from '../../components/ErrorSummary';
import { ProblemNotice } from '../../components/ProblemNotice';
import { todayInLusaka } from '../../format/dates';
import { newIdempotencyKey } from '../../offline/outbox';
import { amountOf } from '../expenses/draft';
import { dateLabel, kwacha, methodLabel } from '../expenses/display';
import { ExpensesFrame, type ExpensesScope } from '../expenses/ExpensesFrame';
import { t } from '../expenses/messages';
import { entryPath } from '../expenses/paths';

interface Paid {
  readonly number: string;
  readonly amount_paid: string;
  readonly wht_amount: string;
  readonly journal_entry_id: string;
}

/** `/suppliers/pay`: one payment across a supplier's open bills; WHT withheld as the supplier's type says. */
export default function SupplierPaymentScreen() {
  return (
    <ExpensesFrame titleId="supplier-pay-title" title={t('sup.pay.title')} current="suppliers" permission="expenses:post" children={(scope) => <Payment scope={scope} />} />
  );
}

/** The allocations worth sending: bills with an amount typed, as decimal strings. */
export function allocationsOf(amounts: Readonly<Record<string, string>>): SupplierPaymentBody['allocations'] | null {
  const entries = Object.entries(amounts).filter(([, text]) => text.trim() !== '');
  if (entries.length === 0) return null;
  const allocations = entries.map(([billId, text]) => ({ bill_id: billId, amount: amountOf(text) }));
  return allocations.every((allocation) => allocation.amount !== null) ? allocations.map((allocation) => ({ bill_id: allocation.bill_id, amount: allocation.amount as string })) : null;
}

function Payment({ scope }: { readonly scope: ExpensesScope }) {
  const ids = useId();
  const [suppliers, setSuppliers] = useState<readonly Supplier[]>([]);
  const [supplierId, setSupplierId] = useState('');
  const [bills, setBills] = useState<readonly PurchaseSummary[]>([]);
  const [amounts, setAmounts] = useState<Record<string, string>>({});
  const [method, setMethod] = useState<PaymentMethod>('bank');
  const [withhold, setWithhold] = useState(true);
  const [reference, setReference] = useState('');
  const [shown, setShown] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(undefined);
  const [paid, setPaid] = useState<Paid | null>(null);
  const [key] = useState(newIdempotencyKey);

  useEffect(() => {
    const controller = new AbortController();
    listSuppliers(scope.orgId, { limit: 200 }, controller.signal).then((page) => setSuppliers(page.items), setFailure);
    return () => controller.abort();
  }, [scope.orgId]);

  useEffect(() => {
    setBills([]);
    setAmounts({});
    if (supplierId === '') return undefined;
    const controller = new AbortController();
    listPurchases(scope.orgId, 'bills', { supplier_id: supplierId, limit: 100 }, controller.signal).then(
      (page) => setBills(page.items.filter((bill) => (bill.status === 'posted' || bill.status === 'partly_paid') && bill.outstanding !== '0.00')),
      setFailure,
    );
    return () => controller.abort();
  }, [scope.orgId, supplierId]);

  const allocations = allocationsOf(amounts);
  const pay = async (): Promise<void> => {
    setShown(true);
    if (allocations === null || supplierId === '') return;
    setBusy(true);
    setFailure(undefined);
    try {
      const body: SupplierPaymentBody = { supplier_id: supplierId, method, allocations, withhold_tax: withhold, reference: reference.trim(), payment_date: todayInLusaka(), paid_from_account_id: null };
      setPaid(await api.request<Paid>(`/api/v1/orgs/${encodeURIComponent(scope.orgId)}/supplier-payments`, { method: 'POST', body, headers: { 'Idempotency-Key': key } }));
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };

  if (paid !== null) {
    return (
      <section aria-live="polite">
        <p>{t('sup.pay.done', { number: paid.number, amount: kwacha(paid.amount_paid), wht: kwacha(paid.wht_amount) })}</p>
        <Link href={entryPath(paid.journal_entry_id)}>{t('exp.detail.journal')}</Link>
      </section>
    );
  }
  const serverErrors = failure instanceof ApiProblem ? (failure.errors ?? []) : [];

  return (
    <form
      class="expenses-form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void pay();
      }}
    >
      <ErrorSummary
        items={[
          ...(shown && allocations === null ? [{ message: t('sup.pay.noAmounts') }] : []),
          ...serverErrors.map((problem) => ({ message: problem.message, label: problem.field })),
        ]}
      />
      <div class="field">
        <label class="field__label" for={`${ids}-supplier`}>
          {t('exp.form.supplier')}
        </label>
        <select id={`${ids}-supplier`} class="input" value={supplierId} onChange={(event) => setSupplierId(event.currentTarget.value)}>
          <option value="">{t('sup.pay.chooseSupplier')}</option>
          {suppliers.map((supplier) => (
            <option key={supplier.id} value={supplier.id}>
              {supplier.name}
            </option>
          ))}
        </select>
      </div>
      {supplierId !== '' && bills.length === 0 && <p class="muted">{t('sup.pay.noBills')}</p>}
      {bills.map((bill) => (
        <div key={bill.id} class="field">
          <label class="field__label" for={`${ids}-${bill.id}`}>
            {t('sup.pay.bill', { number: bill.number ?? '', due: dateLabel(bill.due_date), outstanding: kwacha(bill.outstanding) })}
          </label>
          <input
            id={`${ids}-${bill.id}`}
            class="input"
            inputMode="decimal"
            autocomplete="off"
            value={amounts[bill.id] ?? ''}
            onInput={(event) => {
              const value = event.currentTarget.value;
              setAmounts((current) => ({ ...current, [bill.id]: value }));
            }}
          />
        </div>
      ))}
      <div class="field">
        <label class="field__label" for={`${ids}-method`}>
          {t('exp.form.method')}
        </label>
        <select id={`${ids}-method`} class="input" value={method} onChange={(event) => setMethod(event.currentTarget.value as PaymentMethod)}>
          {PAYMENT_METHODS.filter((each) => each !== 'staff').map((each) => (
            <option key={each} value={each}>
              {methodLabel(each)}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label class="field__label" for={`${ids}-reference`}>
          {t('sup.pay.reference')}
          <span class="field__optional"> ({t('form.optional')})</span>
        </label>
        <input id={`${ids}-reference`} class="input" value={reference} onInput={(event) => setReference(event.currentTarget.value)} />
      </div>
      <label class="choice">
        <input type="checkbox" checked={withhold} onChange={(event) => setWithhold(event.currentTarget.checked)} />
        {t('sup.pay.withhold')}
      </label>
      {failure !== undefined && serverErrors.length === 0 && <ProblemNotice error={failure} />}
      <button type="submit" class="button" disabled={busy}>
        {busy ? t('exp.form.saving') : t('sup.pay.submit')}
      </button>
    </form>
  );
}
