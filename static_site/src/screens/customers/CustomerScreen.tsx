import { useCallback, useMemo, useState } from 'preact/hooks';
import { ApiProblem } from '../../api/client';
import { getCustomer, getStatement, AGING_BUCKETS, type Customer, type Statement, type StatementLine } from '../../api/customers';
import { Link } from '../../app/Link';
import type { ScreenProps } from '../../app/routes';
import { useResource } from '../../app/useResource';
import { DataTable, type Column } from '../../components/DataTable';
import { DateField, dateError } from '../../components/DateInput';
import { ErrorSummary } from '../../components/ErrorSummary';
import { ProblemNotice } from '../../components/ProblemNotice';
import { Skeleton } from '../../components/States';
import { useForm, type FormSpec } from '../../components/useForm';
import { formatDate, formatDateTime, parseDate } from '../../format/dates';
import { showToast } from '../../components/toasts';
import { recentKey } from '../../offline/recent';
import { LoadedDocumentEmails } from '../documents/DocumentEmails';
import { t as documentsT } from '../documents/messages';
import { PdfButton } from '../documents/PdfButton';
import { SendDocumentDialog } from '../documents/SendDocumentDialog';
import { kindLabel, moneyLabel, phoneLabel, signOf, termsLabel } from './display';
import { t } from './messages';
import { editCustomerPath, invoicePath, newInvoicePath } from './paths';
import { SalesFrame, type SalesScope } from './SalesFrame';

/** A customer's page seen lately is kept on the phone for a week, to be read without a connection. */
export const CUSTOMER_TTL_MS = 7 * 24 * 3_600_000;

/** `/customers/:customerId`: the customer's details, and its statement with the aging of what it owes. */
export default function CustomerScreen({ params }: ScreenProps) {
  const customerId = params.customerId ?? '';
  return (
    <SalesFrame
      titleId="customer-title"
      title={t('customers.detail.title')}
      current="customers"
      permission="customers:read"
      children={(scope) => <CustomerDetail scope={scope} customerId={customerId} />}
    />
  );
}

function CustomerDetail({ scope, customerId }: { readonly scope: SalesScope; readonly customerId: string }) {
  const load = useCallback((signal: AbortSignal) => getCustomer(scope.orgId, customerId, signal), [scope.orgId, customerId]);
  const saved = useMemo(() => recentKey<Customer>(`customers.customer.${customerId}`, scope.orgId, CUSTOMER_TTL_MS), [scope.orgId, customerId]);
  const customer = useResource(load, saved);
  if (customer.data === undefined) {
    if (customer.error === undefined) {
      return <Skeleton label={t('screen.loading')} lines={6} />;
    }
    return customer.error instanceof ApiProblem && customer.error.status === 404 ? (
      <p class="notice">{t('customers.error.notFound')}</p>
    ) : (
      <ProblemNotice error={customer.error} />
    );
  }
  return (
    <>
      {customer.savedAt !== undefined && !customer.loading && (
        <>
          <p class="muted">{t('offline.savedCopy', { time: formatDateTime(customer.savedAt) })}</p>
          <ProblemNotice error={customer.error} />
        </>
      )}
      <Profile scope={scope} customer={customer.data} />
      <CustomerStatement scope={scope} customer={customer.data} />
    </>
  );
}

function Profile({ scope, customer }: { readonly scope: SalesScope; readonly customer: Customer }) {
  const none = t('customers.none');
  const rows: readonly [string, string][] = [
    [t('customers.col.kind'), kindLabel(customer.kind)],
    [t('customers.form.tpin'), customer.tpin ?? none],
    [t('customers.form.contactPerson'), customer.contact_person ?? none],
    [t('customers.form.phone'), phoneLabel(customer.phone)],
    [t('customers.form.email'), customer.email ?? none],
    [t('customers.form.address'), customer.address ?? none],
    [t('customers.col.terms'), termsLabel(customer.payment_terms_days)],
    [t('customers.form.currency'), customer.currency],
  ];
  return (
    <section class="card sales-profile" aria-labelledby="customer-profile-title">
      <h2 id="customer-profile-title">
        {customer.name}
        {customer.archived_at !== null && customer.archived_at !== undefined && <span class="muted"> ({t('customers.archived')})</span>}
      </h2>
      <dl class="sales-details">
        {rows.map(([label, value]) => (
          <div key={label} class="sales-details__row">
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <div class="form__actions">
        {scope.can('customers:manage') && (
          <Link href={editCustomerPath(customer.id)} class="button button--quiet">
            {t('customers.detail.edit')}
          </Link>
        )}
        {scope.can('invoices:create') && customer.archived_at == null && (
          <Link href={newInvoicePath(customer.id)} class="button button--quiet">
            {t('customers.detail.newInvoice')}
          </Link>
        )}
      </div>
    </section>
  );
}

interface AsOfValues {
  readonly asOf: string;
}

const AS_OF_FIELDS: FormSpec<AsOfValues> = { asOf: { initial: '', validate: (value) => dateError(value, { optional: true }) } };
const AS_OF_OPTIONS = { idPrefix: 'statement' } as const;

function CustomerStatement({ scope, customer }: { readonly scope: SalesScope; readonly customer: Customer }) {
  const [asOf, setAsOf] = useState<string | undefined>(undefined);
  const form = useForm(AS_OF_FIELDS, AS_OF_OPTIONS);
  const load = useCallback(
    (signal: AbortSignal) => getStatement(scope.orgId, customer.id, asOf, signal),
    [scope.orgId, customer.id, asOf],
  );
  // Today's statement is kept on the phone; one as of another date is asked for when wanted.
  const saved = useMemo(
    () => (asOf === undefined ? recentKey<Statement>(`customers.statement.${customer.id}`, scope.orgId, CUSTOMER_TTL_MS) : undefined),
    [scope.orgId, customer.id, asOf],
  );
  const statement = useResource(load, saved);
  const [sending, setSending] = useState(false);
  // Bumped after the statement is e-mailed, so its e-mail history is asked again.
  const [emailsVersion, setEmailsVersion] = useState(0);
  const statementDocument = { kind: 'statement', id: customer.id, asOf } as const;
  const sent = (): void => {
    setSending(false);
    showToast(documentsT('documents.send.sent'), 'success');
    setEmailsVersion((version) => version + 1);
  };

  const show = (event: Event): void => {
    event.preventDefault();
    void form.submit(async (values) => {
      const parsed = parseDate(values.asOf);
      setAsOf(parsed.ok ? parsed.iso : undefined);
    });
  };

  return (
    <section class="sales-statement" aria-labelledby="statement-title">
      <h2 id="statement-title">{t('customers.statement.title')}</h2>
      <form class="sales-toolbar" noValidate onSubmit={show}>
        <ErrorSummary items={form.summary} />
        <DateField {...form.field('asOf')} label={t('customers.statement.asOf')} optional />
        <button type="submit" class="button button--quiet">
          {t('customers.statement.show')}
        </button>
      </form>
      <div class="document-actions">
        <PdfButton orgId={scope.orgId} document={statementDocument} label={documentsT('documents.pdf.statement')} />
        {scope.can('invoices:issue') && (
          <button type="button" class="button button--quiet" onClick={() => setSending(true)}>
            {documentsT('documents.send.statement')}
          </button>
        )}
      </div>
      {statement.error !== undefined && <ProblemNotice error={statement.error} />}
      {statement.savedAt !== undefined && !statement.loading && (
        <p class="muted">{t('offline.savedCopy', { time: formatDateTime(statement.savedAt) })}</p>
      )}
      {statement.data === undefined ? (
        statement.error === undefined && <Skeleton label={t('screen.loading')} lines={4} />
      ) : (
        <StatementBody statement={statement.data} loading={statement.loading} />
      )}
      <LoadedDocumentEmails
        orgId={scope.orgId}
        document={statementDocument}
        version={emailsVersion}
        titleId="statement-emails-title"
        title={documentsT('documents.emails.statements')}
        level={3}
      />
      {sending && (
        <SendDocumentDialog
          orgId={scope.orgId}
          document={statementDocument}
          reference={statement.data?.as_of ?? asOf ?? ''}
          onSent={sent}
          onClose={() => setSending(false)}
        />
      )}
    </section>
  );
}

/** What the balance means, in words as well as figures. */
function balanceWords(statement: Statement): string {
  const sign = signOf(statement.balance);
  if (sign === 0) {
    return t('customers.statement.settled');
  }
  const amount = moneyLabel(sign < 0 ? statement.balance.slice(1) : statement.balance, statement.currency);
  return sign > 0 ? t('customers.statement.owes', { amount }) : t('customers.statement.inCredit', { amount });
}

const DOCUMENT_KEYS = {
  invoice: 'customers.doc.invoice',
  credit_note: 'customers.doc.credit_note',
  debit_note: 'customers.doc.debit_note',
  receipt: 'customers.doc.receipt',
  refund: 'customers.doc.refund',
} as const;

/** `Invoice INV-2026-0001`; a kind of document this version does not know shows its reference. */
function documentLabel(line: StatementLine): string {
  const key = DOCUMENT_KEYS[line.document_type as keyof typeof DOCUMENT_KEYS] ?? 'customers.doc.other';
  return t(key, { reference: line.reference });
}

function StatementBody({ statement, loading }: { readonly statement: Statement; readonly loading: boolean }) {
  const amount = (value: string, currency: string): string => (signOf(value) === 0 ? '' : moneyLabel(value, currency));
  const columns: Column<StatementLine>[] = [
    { key: 'date', label: t('customers.statement.col.date'), render: (line) => formatDate(line.day) },
    {
      key: 'document',
      label: t('customers.statement.col.document'),
      render: (line) => (
        <>
          {line.document_type === 'invoice' ? <Link href={invoicePath(line.document_id)}>{documentLabel(line)}</Link> : documentLabel(line)}
          {line.currency !== statement.currency && (
            <span class="muted sales-statement__note">{t('customers.statement.otherCurrency', { currency: line.currency })}</span>
          )}
        </>
      ),
    },
    { key: 'debit', label: t('customers.statement.col.debit'), numeric: true, render: (line) => amount(line.debit, line.currency) },
    { key: 'credit', label: t('customers.statement.col.credit'), numeric: true, render: (line) => amount(line.credit, line.currency) },
    { key: 'balance', label: t('customers.statement.col.balance'), numeric: true, render: (line) => moneyLabel(line.balance, statement.currency) },
  ];
  const asOf = formatDate(statement.as_of);
  return (
    <>
      <dl class="figures sales-balance">
        <div class="figures__row figures__row--total">
          <dt>{t('customers.statement.balance', { date: asOf })}</dt>
          <dd>
            {moneyLabel(statement.balance, statement.currency)} <span class="muted">({balanceWords(statement)})</span>
          </dd>
        </div>
      </dl>
      <h3 id="statement-aging-title">{t('customers.statement.aging')}</h3>
      <dl class="figures sales-aging" aria-labelledby="statement-aging-title">
        {AGING_BUCKETS.map((bucket) => (
          <div key={bucket} class="figures__row">
            <dt>{t(`customers.statement.aging.${bucket}`)}</dt>
            <dd>{moneyLabel(statement.aging[bucket] ?? '0.00', statement.currency)}</dd>
          </div>
        ))}
      </dl>
      <DataTable
        caption={t('customers.statement.caption', { date: asOf })}
        columns={columns}
        rows={statement.lines}
        rowKey={(line) => `${line.document_type}-${line.document_id}`}
        loading={loading}
        empty={<p class="notice">{t('customers.statement.empty', { date: asOf })}</p>}
      />
    </>
  );
}
