import { useCallback, useMemo, useState } from 'preact/hooks';
import { ApiProblem } from '../../api/client';
import { createCustomer, getCustomer, replaceCustomer, CUSTOMER_KINDS, type Customer, type CustomerCreated } from '../../api/customers';
import { Link } from '../../app/Link';
import { navigate } from '../../app/router';
import type { ScreenProps } from '../../app/routes';
import { useResource } from '../../app/useResource';
import { ErrorSummary } from '../../components/ErrorSummary';
import { Field, TextField } from '../../components/Field';
import { ProblemNotice } from '../../components/ProblemNotice';
import { SelectField } from '../../components/SelectField';
import { Skeleton } from '../../components/States';
import { SubmitButton } from '../../components/SubmitButton';
import { showToast } from '../../components/toasts';
import { useForm, type FormSpec } from '../../components/useForm';
import { ChoiceField } from './ChoiceField';
import {
  currencyError,
  customerBody,
  customerValues,
  CUSTOMER_CURRENCIES,
  CUSTOMER_FIELD_NAMES,
  emailError,
  nameError,
  phoneError,
  termsError,
  tidyPhone,
  tpinError,
  tpinProgress,
  type CustomerValues,
} from './customerDraft';
import { inWords, kindLabel } from './display';
import { t } from './messages';
import { customerPath, SALES_PATHS } from './paths';
import { SalesFrame, type SalesScope } from './SalesFrame';

const FORM_OPTIONS = { idPrefix: 'customer', fieldNames: CUSTOMER_FIELD_NAMES } as const;

/**
 * `/customers/new` and `/customers/:customerId/edit`: a customer's details on one phone-width
 * column, checked as they are typed, with the server's refusals on their fields.
 */
export default function CustomerFormScreen({ params }: ScreenProps) {
  const customerId = params.customerId;
  return (
    <SalesFrame
      titleId="customer-form-title"
      title={customerId === undefined ? t('customers.form.newTitle') : t('nav.editCustomer')}
      current="customers"
      permission="customers:manage"
      children={(scope) => (customerId === undefined ? <CustomerForm scope={scope} customer={null} /> : <EditCustomer scope={scope} customerId={customerId} />)}
    />
  );
}

function EditCustomer({ scope, customerId }: { readonly scope: SalesScope; readonly customerId: string }) {
  const load = useCallback((signal: AbortSignal) => getCustomer(scope.orgId, customerId, signal), [scope.orgId, customerId]);
  const customer = useResource(load);
  if (customer.data !== undefined) {
    return <CustomerForm scope={scope} customer={customer.data} />;
  }
  if (customer.error !== undefined) {
    return customer.error instanceof ApiProblem && customer.error.status === 404 ? (
      <p class="notice">{t('customers.error.notFound')}</p>
    ) : (
      <ProblemNotice error={customer.error} />
    );
  }
  return <Skeleton label={t('screen.loading')} lines={6} />;
}

function CustomerForm({ scope, customer }: { readonly scope: SalesScope; readonly customer: Customer | null }) {
  const spec = useMemo<FormSpec<CustomerValues>>(() => {
    const initial = customerValues(customer);
    return {
      kind: { initial: initial.kind },
      name: { initial: initial.name, validate: nameError },
      tpin: { initial: initial.tpin, validate: tpinError },
      contactPerson: { initial: initial.contactPerson },
      phone: { initial: initial.phone, validate: phoneError, tidy: tidyPhone },
      email: { initial: initial.email, validate: emailError },
      address: { initial: initial.address },
      paymentTermsDays: { initial: initial.paymentTermsDays, validate: termsError },
      currency: { initial: initial.currency, validate: currencyError },
    };
  }, [customer]);
  const form = useForm(spec, FORM_OPTIONS);
  const { values } = form;
  // The summary as of the last press of the button: it takes focus whenever it changes.
  const [presses, setPresses] = useState(0);
  const summary = useMemo(() => form.summary, [presses]);
  const [created, setCreated] = useState<CustomerCreated | null>(null);
  const business = values.kind === 'business';
  const currencies = CUSTOMER_CURRENCIES.includes(values.currency) ? CUSTOMER_CURRENCIES : [...CUSTOMER_CURRENCIES, values.currency];

  const save = (event: Event): void => {
    event.preventDefault();
    void form
      .submit(async (submitted) => {
        try {
          const body = customerBody(submitted);
          if (customer === null) {
            const answer = await createCustomer(scope.orgId, body);
            showToast(t('customers.form.created', { name: answer.customer.name }), 'success');
            if (answer.possible_duplicates.length > 0) {
              setCreated(answer);
            } else {
              navigate(customerPath(answer.customer.id));
            }
          } else {
            const saved = await replaceCustomer(scope.orgId, customer.id, body);
            showToast(t('customers.form.saved', { name: saved.name }), 'success');
            navigate(customerPath(saved.id));
          }
        } catch (error) {
          throw error instanceof ApiProblem ? inWords(error) : error;
        }
      })
      .finally(() => setPresses((count) => count + 1));
  };

  if (created !== null) {
    return <Duplicates created={created} />;
  }

  const tpinTyped = tpinProgress(values.tpin);
  return (
    <form class="form sales-form" noValidate onSubmit={save}>
      <ErrorSummary items={summary} />
      <ChoiceField
        id="customer-kind"
        label={t('customers.form.kind')}
        value={values.kind}
        choices={CUSTOMER_KINDS.map((kind) => ({ value: kind, label: kindLabel(kind) }))}
        onInput={(kind) => form.set('kind', kind)}
        error={form.errors.kind}
      />
      <TextField
        {...form.field('name')}
        label={t('customers.form.name')}
        hint={business ? t('customers.form.nameHintBusiness') : t('customers.form.nameHintIndividual')}
        maxLength={500}
        autoComplete="off"
      />
      <TextField
        {...form.field('tpin')}
        label={t('customers.form.tpin')}
        hint={business ? t('customers.form.tpinRuleBusiness') : t('customers.form.tpinRuleIndividual')}
        optional
        inputMode="numeric"
        maxLength={30}
        autoComplete="off"
      />
      {/* The rule as it is typed: how many digits so far, or what a missing TPIN means. */}
      <p class="sales-form__status" role="status">
        {tpinTyped ?? (business ? t('customers.form.tpinMissing') : '')}
      </p>
      <TextField {...form.field('contactPerson')} label={t('customers.form.contactPerson')} optional maxLength={200} autoComplete="off" />
      <TextField {...form.field('phone')} label={t('customers.form.phone')} hint={t('customers.form.phoneHint')} optional type="tel" inputMode="tel" maxLength={30} autoComplete="off" />
      <TextField {...form.field('email')} label={t('customers.form.email')} hint={t('customers.form.emailHint')} optional type="email" inputMode="email" maxLength={254} autoComplete="off" />
      <Field id="customer-address" label={t('customers.form.address')} optional error={form.errors.address}>
        {(control) => (
          <textarea
            {...control}
            class="input"
            name="customer-address"
            rows={3}
            maxLength={500}
            value={values.address}
            onInput={(event) => form.set('address', event.currentTarget.value)}
          />
        )}
      </Field>
      <TextField {...form.field('paymentTermsDays')} label={t('customers.form.terms')} hint={t('customers.form.termsHint')} inputMode="numeric" maxLength={3} autoComplete="off" />
      <SelectField
        {...form.field('currency')}
        label={t('customers.form.currency')}
        hint={t('customers.form.currencyHint')}
        options={currencies.map((currency) => ({ value: currency, label: currency }))}
      />
      <div class="form__actions">
        <SubmitButton
          label={customer === null ? t('customers.form.create') : t('customers.form.save')}
          busy={form.submitting}
          workingLabel={t('customers.form.saving')}
        />
        <Link href={customer === null ? SALES_PATHS.customers : customerPath(customer.id)} class="button button--quiet">
          {t('action.cancel')}
        </Link>
      </div>
    </form>
  );
}

/** A new customer saved, and the existing ones with the same TPIN, e-mail or phone. */
function Duplicates({ created }: { readonly created: CustomerCreated }) {
  const name = created.customer.name;
  return (
    <div class="notice sales-duplicates" role="status">
      <p class="notice__title">{t('customers.form.duplicatesTitle', { name })}</p>
      <ul>
        {created.possible_duplicates.map((duplicate) => (
          <li key={duplicate.id}>
            <Link href={customerPath(duplicate.id)}>{duplicate.name}</Link>
            {[duplicate.tpin, duplicate.email, duplicate.phone].filter((part) => part !== null).map((part) => ` · ${String(part)}`)}
          </li>
        ))}
      </ul>
      <p>{t('customers.form.duplicatesBody')}</p>
      <div class="form__actions">
        <Link href={customerPath(created.customer.id)} class="button">
          {t('customers.form.openNew', { name })}
        </Link>
        <Link href={SALES_PATHS.customers} class="button button--quiet">
          {t('customers.form.backToList')}
        </Link>
      </div>
    </div>
  );
}
