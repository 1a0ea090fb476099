import type { PaymentMethod, PurchaseStatus } from '../../api/purchases';
import { formatDate } from '../../format/dates';
import { formatMoney, fromWire } from '../../format/money';
import { t, type PlainMessageKey } from './messages';

const STATUS: Record<PurchaseStatus, PlainMessageKey> = {
  draft: 'exp.status.draft',
  submitted: 'exp.status.submitted',
  approved: 'exp.status.approved',
  posted: 'exp.status.posted',
  partly_paid: 'exp.status.partly_paid',
  paid: 'exp.status.paid',
  void: 'exp.status.void',
};

const METHOD: Record<PaymentMethod, PlainMessageKey> = {
  cash: 'exp.method.cash',
  bank: 'exp.method.bank',
  wallet: 'exp.method.wallet',
  card: 'exp.method.card',
  staff: 'exp.method.staff',
};

export const statusLabel = (status: PurchaseStatus): string => t(STATUS[status]);
export const methodLabel = (method: PaymentMethod): string => t(METHOD[method]);

/** A kwacha amount from the API's decimal string, never through a float. */
export function kwacha(amount: string): string {
  return formatMoney(fromWire(amount, 'ZMW'), 'ZMW');
}

export const dateLabel = (iso: string): string => formatDate(iso as Parameters<typeof formatDate>[0]);
