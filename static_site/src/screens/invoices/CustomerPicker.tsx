import { useEffect, useState } from 'preact/hooks';
import { searchCustomers, type Customer } from '../../api/invoices';
import { Field } from '../../components/Field';
import { ProblemNotice } from '../../components/ProblemNotice';
import { t, tCount } from './messages';

/** A pause in typing before the customers are searched, so a phone does not search per keystroke. */
export const SEARCH_PAUSE_MS = 300;

interface CustomerPickerProps {
  readonly id: string;
  readonly orgId: string;
  readonly value: Customer | null;
  readonly onChange: (customer: Customer | null) => void;
  readonly error?: string | undefined;
}

/**
 * Chooses the customer an invoice is for: a search by name, TPIN, phone or e-mail
 * (`GET /customers?q=`), its answers as buttons big enough for a thumb, and once one is
 * chosen, its name with a button to change it.
 */
export function CustomerPicker({ id, orgId, value, onChange, error }: CustomerPickerProps) {
  const [search, setSearch] = useState('');
  const [found, setFound] = useState<readonly Customer[] | null>(null);
  const [failure, setFailure] = useState<unknown>(undefined);

  useEffect(() => {
    if (value !== null) {
      return undefined;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      searchCustomers(orgId, search, controller.signal).then(
        (answer) => {
          if (!controller.signal.aborted) {
            setFound(answer.items);
            setFailure(undefined);
          }
        },
        (problem: unknown) => {
          if (!controller.signal.aborted) {
            setFailure(problem);
          }
        },
      );
    }, SEARCH_PAUSE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [orgId, search, value]);

  if (value !== null) {
    return (
      <div class="field customer-choice" id={`${id}-chosen`}>
        <p class="field__label">{t('invoices.editor.customer')}</p>
        <p class="customer-choice__name">
          <strong>{value.name}</strong>
          {value.tpin !== null && <span class="muted"> · {t('invoices.customer.tpin', { tpin: value.tpin })}</span>}
        </p>
        <button type="button" id={id} class="button button--quiet button--small" onClick={() => onChange(null)}>
          {t('invoices.editor.changeCustomer')}
        </button>
      </div>
    );
  }
  return (
    <div class="customer-picker">
      <Field id={id} label={t('invoices.editor.customer')} hint={t('invoices.editor.customerHint')} error={error}>
        {(control) => (
          <input
            {...control}
            class="input"
            type="search"
            name={id}
            autocomplete="off"
            value={search}
            onInput={(event) => setSearch(event.currentTarget.value)}
          />
        )}
      </Field>
      <ProblemNotice error={failure} />
      {found !== null && (
        <>
          <p class="visually-hidden" role="status">
            {tCount('invoices.editor.customersFound', found.length)}
          </p>
          {found.length === 0 ? (
            <p class="muted">{t('invoices.editor.noCustomer')}</p>
          ) : (
            <ul class="customer-picker__results" aria-label={t('invoices.editor.customerResults')}>
              {found.map((customer) => (
                <li key={customer.id}>
                  <button type="button" class="customer-picker__option" onClick={() => onChange(customer)}>
                    <span class="customer-picker__name">{customer.name}</span>
                    {(customer.tpin !== null || customer.phone !== null) && (
                      <span class="muted"> {[customer.tpin, customer.phone].filter((part) => part !== null).join(' · ')}</span>
                    )}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  );
}
