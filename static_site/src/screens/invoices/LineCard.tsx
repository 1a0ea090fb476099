import { TAX_CATEGORIES, type InvoiceLine, type Item, type TaxCategory } from '../../api/invoices';
import { TextField } from '../../components/Field';
import { SelectField } from '../../components/SelectField';
import { formatAmount } from './amounts';
import { categoryLabel } from './display';
import type { DraftLine, LineField } from './draft';
import { t } from './messages';

export const lineFieldId = (lineId: string, field: Exclude<LineField, 'line'>): string => `${lineId}-${field}`;

interface LineCardProps {
  readonly line: DraftLine;
  readonly number: number;
  readonly items: readonly Item[];
  readonly problems: Partial<Record<LineField, string>>;
  /** The server's amounts of this line in the last preview. */
  readonly amounts: Pick<InvoiceLine, 'total_amount' | 'vat_amount' | 'levy_amount' | 'tax_category'> | undefined;
  readonly currency: string;
  readonly canRemove: boolean;
  readonly onChange: (change: Partial<Omit<DraftLine, 'id'>>) => void;
  readonly onRemove: () => void;
}

/**
 * One line of an invoice: an item or a description, quantity, unit price, discount and tax
 * category, and what the server says the line comes to. A card on a phone; the fields sit
 * side by side on a wider screen.
 */
export function LineCard({ line, number, items, problems, amounts, currency, canRemove, onChange, onRemove }: LineCardProps) {
  const legendId = `${line.id}-legend`;
  const item = items.find((candidate) => candidate.id === line.itemId);
  return (
    <li class={problems.line === undefined ? 'invoice-line' : 'invoice-line invoice-line--invalid'}>
      <fieldset class="invoice-line__fields" aria-labelledby={legendId}>
        <legend id={legendId} class="invoice-line__legend">
          {t('invoices.line.legend', { number })}
        </legend>
        {problems.line !== undefined && (
          <p class="field__error">
            <span aria-hidden="true">⚠ </span>
            {problems.line}
          </p>
        )}
        <SelectField
          id={lineFieldId(line.id, 'item')}
          label={t('invoices.line.item')}
          value={line.itemId}
          optional
          required={false}
          error={problems.item}
          options={[
            { value: '', label: t('invoices.line.noItem') },
            ...items.map((candidate) => ({ value: candidate.id, label: `${candidate.name} (${candidate.code})` })),
          ]}
          onInput={(itemId) => onChange({ itemId })}
        />
        <TextField
          id={lineFieldId(line.id, 'description')}
          label={t('invoices.line.description')}
          optional={line.itemId !== ''}
          hint={item === undefined ? undefined : t('invoices.line.descriptionHint', { name: item.name })}
          value={line.description}
          error={problems.description}
          maxLength={500}
          onInput={(description) => onChange({ description })}
        />
        <div class="invoice-line__numbers">
          <TextField
            id={lineFieldId(line.id, 'quantity')}
            label={t('invoices.line.quantity')}
            inputMode="decimal"
            value={line.quantity}
            error={problems.quantity}
            onInput={(quantity) => onChange({ quantity })}
          />
          <TextField
            id={lineFieldId(line.id, 'unitPrice')}
            label={t('invoices.line.unitPrice', { currency })}
            optional={line.itemId !== ''}
            hint={item === undefined ? undefined : t('invoices.line.priceHint', { price: formatAmount(item.default_price, currency) })}
            inputMode="decimal"
            value={line.unitPrice}
            error={problems.unitPrice}
            onInput={(unitPrice) => onChange({ unitPrice })}
          />
          <TextField
            id={lineFieldId(line.id, 'discount')}
            label={t('invoices.line.discount')}
            optional
            inputMode="decimal"
            value={line.discount}
            error={problems.discount}
            onInput={(discount) => onChange({ discount })}
          />
        </div>
        <SelectField
          id={lineFieldId(line.id, 'taxCategory')}
          label={t('invoices.line.taxCategory')}
          value={line.taxCategory}
          optional={line.itemId !== ''}
          required={line.itemId === ''}
          error={problems.taxCategory}
          options={[
            {
              value: '',
              label: item === undefined ? t('invoices.line.chooseCategory') : t('invoices.line.itemCategory', { category: categoryLabel(item.tax_category) }),
            },
            ...TAX_CATEGORIES.map((category: TaxCategory) => ({ value: category, label: categoryLabel(category) })),
          ]}
          onInput={(taxCategory) => onChange({ taxCategory: taxCategory as TaxCategory | '' })}
        />
        <p class="invoice-line__amount" aria-live="polite">
          {amounts === undefined ? (
            <span class="muted">{t('invoices.line.noAmountYet')}</span>
          ) : (
            t('invoices.line.amount', {
              total: formatAmount(amounts.total_amount, currency),
              tax: formatAmount(amounts.vat_amount, currency),
              category: amounts.tax_category,
            })
          )}
        </p>
        {canRemove && (
          <button type="button" class="button button--quiet button--small" onClick={onRemove}>
            {t('invoices.line.remove', { number })}
          </button>
        )}
      </fieldset>
    </li>
  );
}
