import { useState } from 'preact/hooks';
import { OrganizationSwitcher } from '../../app/OrganizationSwitcher';
import { DataTable, type Column } from '../../components/DataTable';
import { DateField, dateError } from '../../components/DateInput';
import { Dialog } from '../../components/Dialog';
import { ErrorSummary } from '../../components/ErrorSummary';
import { TextField } from '../../components/Field';
import { FileUpload } from '../../components/FileUpload';
import { MoneyField, moneyError } from '../../components/MoneyInput';
import { EmptyState, Skeleton } from '../../components/States';
import { showToast } from '../../components/toasts';
import { useCursorPages } from '../../components/useCursorPages';
import { required, useForm, type FormSpec } from '../../components/useForm';
import { formatDate, parseDate } from '../../format/dates';
import { formatMoney, HOME_CURRENCY, parseMoney } from '../../format/money';
import { t } from './messages';
import { loadSampleInvoices, type SampleInvoice } from './sampleInvoices';

interface SampleForm {
  readonly customer: string;
  readonly amount: string;
  readonly date: string;
}

const FORM: FormSpec<SampleForm> = {
  customer: { initial: '', validate: required },
  amount: { initial: '', validate: (value) => moneyError(value, HOME_CURRENCY) },
  date: { initial: '', validate: (value) => dateError(value) },
};

const FORM_OPTIONS = { idPrefix: 'gallery' } as const;

const SAMPLE_ORGANIZATIONS = [
  { id: 'org-1', name: 'Lusaka Traders Ltd' },
  { id: 'org-2', name: 'Mwila Farm Supplies' },
];

/**
 * Every shared component in its states, on one local-only screen: where they are looked at
 * on a phone and checked by axe in a real browser (tests/e2e/test_web_shell.py).
 */
export default function GalleryScreen() {
  return (
    <section class="screen" aria-labelledby="gallery-title">
      <h1 id="gallery-title">{t('gallery.title')}</h1>
      <p class="muted">{t('gallery.intro')}</p>
      <FormSample />
      <TableSample />
      <FeedbackSample />
      <StatesSample />
    </section>
  );
}

function FormSample() {
  const form = useForm(FORM, FORM_OPTIONS);
  const [receipt, setReceipt] = useState<File | null>(null);
  const [result, setResult] = useState<string | null>(null);

  const check = (event: Event): void => {
    event.preventDefault();
    setResult(null);
    void form.submit(async (values) => {
      const amount = parseMoney(values.amount, HOME_CURRENCY);
      const date = parseDate(values.date);
      if (amount.ok && date.ok) {
        setResult(
          t('gallery.checked', { customer: values.customer, amount: formatMoney(amount.minor, HOME_CURRENCY), date: formatDate(date.iso) }),
        );
      }
    });
  };

  const showServerErrors = (): void =>
    form.applyProblem({
      type: 'urn:intellifin:problem:validation_failed',
      status: 422,
      code: 'validation_failed',
      title: 'The request is not valid.',
      detail: null,
      errors: [
        { field: 'customer', code: 'string_too_long', message: 'String should have at most 80 characters' },
        { field: 'date', code: 'period_locked', message: 'March 2026 is closed: choose a date after 31/03/2026.' },
        { field: 'tpin', code: 'invalid_tpin', message: 'The customer TPIN must have 10 digits.' },
      ],
    });

  return (
    <section aria-labelledby="gallery-form">
      <h2 id="gallery-form">{t('gallery.formHeading')}</h2>
      <form class="form" noValidate onSubmit={check}>
        <ErrorSummary items={form.summary} />
        <TextField {...form.field('customer')} label={t('gallery.customer')} autoComplete="organization" />
        <MoneyField {...form.field('amount')} label={t('gallery.amount')} hint={t('gallery.amountHint')} currency={HOME_CURRENCY} />
        <DateField {...form.field('date')} label={t('gallery.invoiceDate')} />
        <FileUpload label={t('gallery.receipt')} file={receipt} onChange={setReceipt} optional />
        <div class="form__actions">
          <button type="submit" class="button" disabled={form.submitting}>
            {t('gallery.check')}
          </button>
          <button type="button" class="button button--quiet" onClick={showServerErrors}>
            {t('gallery.serverErrors')}
          </button>
        </div>
        {result !== null && (
          <p class="notice" role="status">
            {result}
          </p>
        )}
      </form>
    </section>
  );
}

/** Built at each render, so that the headings follow a change of language. */
const columns = (): readonly Column<SampleInvoice>[] => [
  { key: 'number', label: t('gallery.invoice'), render: (row) => row.number, sortable: true },
  { key: 'customer', label: t('gallery.customer'), render: (row) => row.customer, sortable: true },
  {
    key: 'date',
    label: t('gallery.date'),
    render: (row) => <time dateTime={row.date}>{formatDate(row.date)}</time>,
    sortable: true,
  },
  { key: 'total', label: t('gallery.total'), render: (row) => formatMoney(row.total, HOME_CURRENCY), sortable: true, numeric: true },
];

function TableSample() {
  const pages = useCursorPages(loadSampleInvoices, { column: 'number', direction: 'ascending' });
  return (
    <section aria-labelledby="gallery-table">
      <h2 id="gallery-table">{t('gallery.tableHeading')}</h2>
      <DataTable
        caption={t('gallery.tableLabel')}
        columns={columns()}
        rows={pages.rows}
        rowKey={(row) => row.number}
        sort={pages.sort}
        onSort={pages.onSort}
        filter={pages.filter}
        onFilter={pages.onFilter}
        loading={pages.loading}
        paging={pages.paging}
      />
    </section>
  );
}

function FeedbackSample() {
  const [open, setOpen] = useState(false);
  return (
    <section aria-labelledby="gallery-feedback">
      <h2 id="gallery-feedback">{t('gallery.feedbackHeading')}</h2>
      <div class="form__actions">
        <button type="button" class="button" onClick={() => setOpen(true)}>
          {t('gallery.openDialog')}
        </button>
        <button type="button" class="button button--quiet" onClick={() => showToast(t('gallery.toastMessage'), 'success')}>
          {t('gallery.showToast')}
        </button>
      </div>
      {/* The switcher lives in the top bar; shown here on the same background. */}
      <div class="top-bar">
        <OrganizationSwitcher organizations={SAMPLE_ORGANIZATIONS} currentId="org-1" onSwitch={() => undefined} />
      </div>
      <Dialog
        open={open}
        title={t('gallery.dialogTitle')}
        onClose={() => setOpen(false)}
        actions={
          <>
            <button type="button" class="button button--quiet" onClick={() => setOpen(false)}>
              {t('action.cancel')}
            </button>
            <button type="button" class="button" onClick={() => setOpen(false)}>
              {t('gallery.dialogConfirm')}
            </button>
          </>
        }
      >
        <p>{t('gallery.dialogBody')}</p>
      </Dialog>
    </section>
  );
}

function StatesSample() {
  return (
    <section aria-labelledby="gallery-states">
      <h2 id="gallery-states">{t('gallery.statesHeading')}</h2>
      <EmptyState title={t('gallery.emptyTitle')} body={t('gallery.emptyBody')} />
      <Skeleton label={t('table.loading')} />
    </section>
  );
}
