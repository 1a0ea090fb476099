/** How the statements show amounts, changes and column headings. */
import { formatDate } from '../../format/dates';
import { t } from './messages';
import { kwacha, ngwee } from '../ledger/display';
import type { StatementRow } from '../../api/reports';

/** An amount as statements print it: negatives in brackets, `(K1,200.00)`, never a lone minus sign. */
export function amountText(wire: string): string {
  const minor = ngwee(wire);
  return minor < 0n ? `(${kwacha(-minor)})` : kwacha(minor);
}

/** The change against the first comparative column, with its percentage when there is one. */
export function changeText(comparison: StatementRow['comparisons'][number] | undefined): string {
  if (comparison === undefined) {
    return '';
  }
  const amount = amountText(comparison.change);
  return comparison.percent === null ? amount : `${amount} (${comparison.percent}%)`;
}

/** A column's heading: what it is and its dates. */
export function columnLabel(label: string, from: string | null, to: string): string {
  const key = `reports.column.${label}` as const;
  const name = label === 'current' || label === 'previous_period' || label === 'same_period_last_year' ? t(key as 'reports.column.current') : t('reports.column.custom');
  const dates = from === null ? formatDate(to) : `${formatDate(from)} – ${formatDate(to)}`;
  return `${name}, ${dates}`;
}
