import { useCallback, useMemo, useState } from 'preact/hooks';
import { ApiProblem } from '../../api/client';
import { createItem, getItem, replaceItem, ITEM_KINDS, ITEM_TAX_CATEGORIES, LEVIES, type Item, type Levy, type TaxCategory } from '../../api/items';
import { listChart } from '../../api/ledger';
import { Link } from '../../app/Link';
import { navigate } from '../../app/router';
import type { ScreenProps } from '../../app/routes';
import { useResource } from '../../app/useResource';
import { ErrorSummary } from '../../components/ErrorSummary';
import { TextField } from '../../components/Field';
import { MoneyField } from '../../components/MoneyInput';
import { ProblemNotice } from '../../components/ProblemNotice';
import { SelectField } from '../../components/SelectField';
import { Skeleton } from '../../components/States';
import { SubmitButton } from '../../components/SubmitButton';
import { showToast } from '../../components/toasts';
import { useForm, type FormSpec } from '../../components/useForm';
import { HOME_CURRENCY } from '../../format/money';
import { ChoiceField } from '../customers/ChoiceField';
import { withMessages } from '../customers/display';
import { SALES_PATHS } from '../customers/paths';
import { SalesFrame, type SalesScope } from '../customers/SalesFrame';
import { AccountPicker } from '../ledger/AccountPicker';
import { categoryExplanation, categoryLabel, codeLabel, ITEM_FIELD_CODES, itemKindLabel, levyLabel } from './display';
import {
  classificationError,
  codeError,
  countryError,
  crossFieldErrors,
  itemBody,
  itemValues,
  ITEM_FIELD_NAMES,
  nameError,
  PACKAGING_CODES,
  priceError,
  UNIT_CODES,
  type ItemValues,
  type PriceBasis,
} from './itemDraft';
import { t } from './messages';
// The account picker's styles.
import '../ledger/ledger.css';

const FORM_OPTIONS = { idPrefix: 'item', fieldNames: ITEM_FIELD_NAMES } as const;

/** `/items/new` and `/items/:itemId`: an item with what ZRA needs to know about it. */
export default function ItemFormScreen({ params }: ScreenProps) {
  const itemId = params.itemId;
  return (
    <SalesFrame
      titleId="item-form-title"
      title={itemId === undefined ? t('items.form.newTitle') : t('nav.editItem')}
      current="items"
      permission="invoices:create"
      children={(scope) => (itemId === undefined ? <ItemForm scope={scope} item={null} /> : <EditItem scope={scope} itemId={itemId} />)}
    />
  );
}

function EditItem({ scope, itemId }: { readonly scope: SalesScope; readonly itemId: string }) {
  const load = useCallback((signal: AbortSignal) => getItem(scope.orgId, itemId, signal), [scope.orgId, itemId]);
  const item = useResource(load);
  if (item.data !== undefined) {
    return <ItemForm scope={scope} item={item.data} />;
  }
  if (item.error !== undefined) {
    return item.error instanceof ApiProblem && item.error.status === 404 ? (
      <p class="notice">{t('items.error.notFound')}</p>
    ) : (
      <ProblemNotice error={item.error} />
    );
  }
  return <Skeleton label={t('screen.loading')} lines={8} />;
}

/** The income accounts that can take sales, for a role that may read the chart; none otherwise. */
function useIncomeAccounts(scope: SalesScope) {
  const canRead = scope.can('ledger:read');
  const load = useCallback(
    (signal: AbortSignal) => (canRead ? listChart(scope.orgId, signal) : Promise.resolve([])),
    [scope.orgId, canRead],
  );
  const chart = useResource(load);
  const accounts = useMemo(
    () => (chart.data ?? []).filter((account) => account.account_type === 'income' && !account.is_header && account.archived_at === null),
    [chart.data],
  );
  return { canRead, accounts };
}

function ItemForm({ scope, item }: { readonly scope: SalesScope; readonly item: Item | null }) {
  const spec = useMemo<FormSpec<ItemValues>>(() => {
    const initial = itemValues(item);
    return {
      kind: { initial: initial.kind },
      code: { initial: initial.code, validate: codeError },
      name: { initial: initial.name, validate: nameError },
      classificationCode: { initial: initial.classificationCode, validate: classificationError },
      unitCode: { initial: initial.unitCode },
      packagingCode: { initial: initial.packagingCode },
      taxCategory: { initial: initial.taxCategory },
      rrp: { initial: initial.rrp },
      levy: { initial: initial.levy },
      defaultPrice: { initial: initial.defaultPrice, validate: priceError },
      priceBasis: { initial: initial.priceBasis },
      incomeAccountId: { initial: initial.incomeAccountId },
      stockTracked: { initial: initial.stockTracked },
      originCountry: { initial: initial.originCountry, validate: countryError },
    };
  }, [item]);
  const form = useForm(spec, FORM_OPTIONS);
  const { values } = form;
  const [presses, setPresses] = useState(0);
  const summary = useMemo(() => form.summary, [presses]);
  const income = useIncomeAccounts(scope);
  const explanation = categoryExplanation(values.taxCategory);
  const withSaved = (codes: readonly string[], saved: string): readonly string[] => (codes.includes(saved) ? codes : [...codes, saved]);

  const save = (event: Event): void => {
    event.preventDefault();
    void form
      .submit(async (submitted) => {
        const crossField = Object.entries(crossFieldErrors(submitted));
        if (crossField.length > 0) {
          form.applyProblem({
            type: 'about:blank',
            status: 422,
            code: 'validation_failed',
            title: '',
            detail: null,
            errors: crossField.map(([field, message]) => ({ field, code: 'invalid', message })),
          });
          return;
        }
        try {
          const body = itemBody(submitted);
          const saved = item === null ? await createItem(scope.orgId, body) : await replaceItem(scope.orgId, item.id, body);
          showToast(t(item === null ? 'items.form.created' : 'items.form.saved', { name: saved.name }), 'success');
          navigate(SALES_PATHS.items);
        } catch (error) {
          throw error instanceof ApiProblem ? withMessages(error, (code) => (ITEM_FIELD_CODES[code] === undefined ? undefined : t(ITEM_FIELD_CODES[code]))) : error;
        }
      })
      .finally(() => setPresses((count) => count + 1));
  };

  const changeKind = (kind: ItemValues['kind']): void => {
    form.set('kind', kind);
    if (kind === 'service') {
      form.set('stockTracked', false);
    }
  };

  return (
    <form class="form sales-form" noValidate onSubmit={save}>
      <ErrorSummary items={summary} />
      <ChoiceField
        id="item-kind"
        label={t('items.form.kind')}
        value={values.kind}
        choices={ITEM_KINDS.map((kind) => ({ value: kind, label: itemKindLabel(kind) }))}
        onInput={changeKind}
        error={form.errors.kind}
      />
      <TextField {...form.field('code')} label={t('items.form.code')} hint={t('items.form.codeHint')} maxLength={50} autoComplete="off" />
      <TextField {...form.field('name')} label={t('items.form.name')} hint={t('items.form.nameHint')} maxLength={500} autoComplete="off" />
      <TextField
        {...form.field('classificationCode')}
        label={t('items.form.classification')}
        hint={t('items.form.classificationHint')}
        optional
        inputMode="numeric"
        maxLength={10}
        autoComplete="off"
      />
      <SelectField
        {...form.field('unitCode')}
        label={t('items.form.unit')}
        hint={t('items.form.unitHint')}
        options={withSaved(UNIT_CODES, values.unitCode).map((code) => ({ value: code, label: codeLabel('unit', code) }))}
      />
      <SelectField
        {...form.field('packagingCode')}
        label={t('items.form.packaging')}
        hint={t('items.form.packagingHint')}
        options={withSaved(PACKAGING_CODES, values.packagingCode).map((code) => ({ value: code, label: codeLabel('packaging', code) }))}
      />
      {values.kind === 'goods' && (
        <TextField {...form.field('originCountry')} label={t('items.form.origin')} hint={t('items.form.originHint')} maxLength={2} autoComplete="off" />
      )}
      <SelectField
        {...form.field('taxCategory')}
        onInput={(value) => form.set('taxCategory', value as TaxCategory)}
        label={t('items.form.category')}
        options={withSaved(ITEM_TAX_CATEGORIES, values.taxCategory).map((category) => ({ value: category, label: categoryLabel(category as TaxCategory) }))}
      />
      {explanation !== null && (
        <p class="sales-explanation" id="item-taxCategory-explanation" role="status">
          {explanation}
        </p>
      )}
      {values.taxCategory === 'B' && (
        <MoneyField {...form.field('rrp')} currency={HOME_CURRENCY} label={t('items.form.rrp')} hint={t('items.form.rrpHint')} />
      )}
      <SelectField
        {...form.field('levy')}
        onInput={(value) => form.set('levy', value as Levy | '')}
        label={t('items.form.levy')}
        hint={t('items.form.levyHint')}
        optional
        required={false}
        options={(['', ...LEVIES] as const).map((levy) => ({ value: levy, label: levyLabel(levy) }))}
      />
      <MoneyField {...form.field('defaultPrice')} currency={HOME_CURRENCY} label={t('items.form.price')} hint={t('items.form.priceHint')} />
      <ChoiceField<PriceBasis>
        id="item-priceBasis"
        label={t('items.form.priceIncludes')}
        value={values.priceBasis}
        choices={[
          { value: 'inclusive', label: t('items.form.inclusive') },
          { value: 'exclusive', label: t('items.form.exclusive') },
        ]}
        onInput={(basis) => form.set('priceBasis', basis)}
        error={form.errors.priceBasis}
      />
      {income.canRead && (
        <AccountPicker
          id="item-incomeAccountId"
          label={t('items.form.account')}
          hint={t('items.form.accountHint')}
          optional
          accounts={income.accounts}
          value={values.incomeAccountId === '' ? null : values.incomeAccountId}
          onChange={(accountId) => form.set('incomeAccountId', accountId ?? '')}
          error={form.errors.incomeAccountId}
        />
      )}
      <div class={form.errors.stockTracked === undefined ? 'field' : 'field field--invalid'}>
        <label class="choice">
          <input
            id="item-stockTracked"
            type="checkbox"
            checked={values.stockTracked}
            disabled={values.kind === 'service'}
            aria-describedby="item-stockTracked-hint"
            onChange={(event) => form.set('stockTracked', event.currentTarget.checked)}
          />
          {t('items.form.stock')}
        </label>
        <p class="field__hint" id="item-stockTracked-hint">
          {t('items.form.stockHint')}
        </p>
        {form.errors.stockTracked !== undefined && <p class="field__error">{form.errors.stockTracked}</p>}
      </div>
      <div class="form__actions">
        <SubmitButton label={item === null ? t('items.form.create') : t('items.form.save')} busy={form.submitting} workingLabel={t('items.form.saving')} />
        <Link href={SALES_PATHS.items} class="button button--quiet">
          {t('action.cancel')}
        </Link>
      </div>
    </form>
  );
}
