import { useEffect, useId, useState } from 'preact/hooks';
import { ApiProblem } from '../../api/client';
import { createSupplier, getSupplier, listCategories, replaceSupplier, type Category, type SupplierBody } from '../../api/purchases';
import type { ScreenProps } from '../../app/routes';
import { navigate } from '../../app/router';
import { ErrorSummary } from '../../components/ErrorSummary';
import { TextField } from '../../components/Field';
import { ProblemNotice } from '../../components/ProblemNotice';
import { showToast } from '../../components/toasts';
import { ExpensesFrame, type ExpensesScope } from '../expenses/ExpensesFrame';
import { t } from '../expenses/messages';
import { supplierPath } from '../expenses/paths';

/** The WHT types the API knows (`shared_code/purchases/wht.py`; the dated rates live on the server). */
export const WHT_TYPES = ['', 'management_fees', 'commissions', 'royalties', 'interest', 'rent', 'construction_haulage', 'public_entertainment'] as const;

interface Values {
  readonly name: string;
  readonly tpin: string;
  readonly vatRegistered: boolean;
  readonly phone: string;
  readonly email: string;
  readonly terms: string;
  readonly categoryId: string;
  readonly whtType: string;
  readonly resident: boolean;
}

const EMPTY: Values = { name: '', tpin: '', vatRegistered: false, phone: '', email: '', terms: '30', categoryId: '', whtType: '', resident: true };

/** Why the values cannot be sent, by field id suffix; the server checks the TPIN and the rest again. */
export function supplierProblems(values: Values): Partial<Record<'name' | 'tpin' | 'terms', string>> {
  const problems: Partial<Record<'name' | 'tpin' | 'terms', string>> = {};
  if (values.name.trim() === '') problems.name = t('sup.form.nameMissing');
  if (values.tpin.trim() !== '' && !/^\d{10}$/.test(values.tpin.trim())) problems.tpin = t('sup.form.tpinInvalid');
  if (!/^\d{1,3}$/.test(values.terms.trim())) problems.terms = t('sup.form.termsInvalid');
  return problems;
}

export function bodyOf(values: Values): SupplierBody {
  const text = (value: string): string | null => (value.trim() === '' ? null : value.trim());
  return {
    name: values.name.trim(),
    tpin: text(values.tpin),
    vat_registered: values.vatRegistered,
    phone: text(values.phone),
    email: text(values.email),
    payment_terms_days: Number.parseInt(values.terms, 10),
    default_category_id: text(values.categoryId),
    wht_type: text(values.whtType),
    resident: values.resident,
  };
}

/** `/suppliers/new` and `/suppliers/:supplierId/edit`. */
export default function SupplierFormScreen({ params }: ScreenProps) {
  const supplierId = params.supplierId;
  return (
    <ExpensesFrame
      titleId="supplier-form-title"
      title={supplierId === undefined ? t('sup.form.newTitle') : t('sup.form.editTitle')}
      current="suppliers"
      permission="suppliers:manage"
      children={(scope) => <SupplierForm scope={scope} supplierId={supplierId} />}
    />
  );
}

function SupplierForm({ scope, supplierId }: { readonly scope: ExpensesScope; readonly supplierId: string | undefined }) {
  const ids = useId();
  const [values, setValues] = useState<Values>(EMPTY);
  const [categories, setCategories] = useState<readonly Category[]>([]);
  const [shown, setShown] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(undefined);
  const change = (next: Partial<Values>): void => setValues((current) => ({ ...current, ...next }));

  useEffect(() => {
    const controller = new AbortController();
    listCategories(scope.orgId, controller.signal).then(setCategories, () => undefined);
    if (supplierId !== undefined) {
      getSupplier(scope.orgId, supplierId, controller.signal).then(
        (supplier) =>
          setValues({
            name: supplier.name,
            tpin: supplier.tpin ?? '',
            vatRegistered: supplier.vat_registered,
            phone: supplier.phone ?? '',
            email: supplier.email ?? '',
            terms: String(supplier.payment_terms_days),
            categoryId: supplier.default_category_id ?? '',
            whtType: supplier.wht_type ?? '',
            resident: supplier.resident,
          }),
        (error: unknown) => !controller.signal.aborted && setFailure(error),
      );
    }
    return () => controller.abort();
  }, [scope.orgId, supplierId]);

  const problems = shown ? supplierProblems(values) : {};
  const serverErrors = failure instanceof ApiProblem ? (failure.errors ?? []) : [];

  const save = async (): Promise<void> => {
    setShown(true);
    if (Object.keys(supplierProblems(values)).length > 0) return;
    setBusy(true);
    setFailure(undefined);
    try {
      if (supplierId === undefined) {
        const created = (await createSupplier(scope.orgId, bodyOf(values))) as { supplier: { id: string }; possible_duplicates: readonly unknown[] };
        showToast(created.possible_duplicates.length > 0 ? t('sup.form.savedDuplicates') : t('sup.form.saved'), 'success');
        navigate(supplierPath(created.supplier.id));
      } else {
        await replaceSupplier(scope.orgId, supplierId, bodyOf(values));
        showToast(t('sup.form.saved'), 'success');
        navigate(supplierPath(supplierId));
      }
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };

  const text = (key: 'name' | 'tpin' | 'phone' | 'email' | 'terms', label: string, extra: { optional?: boolean; inputMode?: 'numeric' | 'tel' | 'email'; type?: 'text' | 'tel' | 'email' } = {}) => (
    <TextField
      id={`${ids}-${key}`}
      label={label}
      value={values[key]}
      error={key in problems ? problems[key as 'name'] : undefined}
      optional={extra.optional}
      type={extra.type}
      inputMode={extra.inputMode}
      onInput={(value) => change({ [key]: value } as Partial<Values>)}
    />
  );

  return (
    <form
      class="expenses-form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <ErrorSummary
        items={[
          ...Object.entries(problems).map(([key, message]) => ({ fieldId: `${ids}-${key}`, message })),
          ...serverErrors.map((problem) => ({ message: problem.message, label: problem.field })),
        ]}
      />
      {text('name', t('sup.col.name'))}
      {text('tpin', t('sup.col.tpin'), { optional: true, inputMode: 'numeric' })}
      <label class="choice">
        <input type="checkbox" checked={values.vatRegistered} onChange={(event) => change({ vatRegistered: event.currentTarget.checked })} />
        {t('sup.form.vatRegistered')}
      </label>
      {text('phone', t('sup.col.phone'), { optional: true, inputMode: 'tel', type: 'tel' })}
      {text('email', t('sup.form.email'), { optional: true, inputMode: 'email', type: 'email' })}
      {text('terms', t('sup.form.terms'), { inputMode: 'numeric' })}
      <div class="field">
        <label class="field__label" for={`${ids}-category`}>
          {t('sup.form.category')}
          <span class="field__optional"> ({t('form.optional')})</span>
        </label>
        <select id={`${ids}-category`} class="input" value={values.categoryId} onChange={(event) => change({ categoryId: event.currentTarget.value })}>
          <option value="">{t('sup.form.noCategory')}</option>
          {categories.map((category) => (
            <option key={category.id} value={category.id}>
              {category.name}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label class="field__label" for={`${ids}-wht`}>
          {t('sup.form.wht')}
        </label>
        <select id={`${ids}-wht`} class="input" value={values.whtType} onChange={(event) => change({ whtType: event.currentTarget.value })}>
          {WHT_TYPES.map((type) => (
            <option key={type} value={type}>
              {t(`sup.wht.${type === '' ? 'none' : type}`)}
            </option>
          ))}
        </select>
      </div>
      <label class="choice">
        <input type="checkbox" checked={values.resident} onChange={(event) => change({ resident: event.currentTarget.checked })} />
        {t('sup.form.resident')}
      </label>
      {failure !== undefined && serverErrors.length === 0 && <ProblemNotice error={failure} />}
      <div class="expenses-actions">
        <button type="submit" class="button" disabled={busy}>
          {busy ? t('exp.form.saving') : t('sup.form.save')}
        </button>
      </div>
    </form>
  );
}
