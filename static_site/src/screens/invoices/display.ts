/** How invoices are said on screen: statuses, categories, methods and reasons in words. */
import type { CreditNoteReason, InvoiceEventKind, InvoiceStatus, PaymentMethod, StatusFilter } from '../../api/invoices';
import { t, type PlainMessageKey } from './messages';

const STATUS: Readonly<Record<InvoiceStatus, PlainMessageKey>> = {
  draft: 'invoices.status.draft',
  issued: 'invoices.status.issued',
  sent: 'invoices.status.sent',
  partially_paid: 'invoices.status.partially_paid',
  paid: 'invoices.status.paid',
  overdue: 'invoices.status.overdue',
  void: 'invoices.status.void',
};

export const statusLabel = (status: InvoiceStatus): string => t(STATUS[status]);

/** The list's filters, in the order a person works through them; `''` is every invoice. */
export const STATUS_FILTERS: readonly (StatusFilter | '')[] = ['', 'draft', 'unpaid', 'partially_paid', 'overdue', 'paid', 'issued', 'void'];

const FILTER: Readonly<Record<StatusFilter | '', PlainMessageKey>> = {
  '': 'invoices.filter.all',
  draft: 'invoices.filter.draft',
  issued: 'invoices.filter.issued',
  unpaid: 'invoices.filter.unpaid',
  partially_paid: 'invoices.filter.partially_paid',
  paid: 'invoices.filter.paid',
  overdue: 'invoices.filter.overdue',
  void: 'invoices.filter.void',
};

export const filterLabel = (filter: StatusFilter | ''): string => t(FILTER[filter]);

const CATEGORY: Readonly<Record<string, PlainMessageKey>> = {
  A: 'invoices.category.A',
  B: 'invoices.category.B',
  C1: 'invoices.category.C1',
  C2: 'invoices.category.C2',
  C3: 'invoices.category.C3',
  D: 'invoices.category.D',
  E: 'invoices.category.E',
  RVAT: 'invoices.category.RVAT',
  TOT: 'invoices.category.TOT',
  TL: 'invoices.levy.TL',
  IPL1: 'invoices.levy.IPL1',
  IPL2: 'invoices.levy.IPL2',
  ECM: 'invoices.levy.ECM',
  EXEEG: 'invoices.levy.EXEEG',
};

/** A VAT category or levy code in words: "A · Standard rated". */
export function categoryLabel(code: string): string {
  const key = CATEGORY[code];
  return key === undefined ? code : `${code} · ${t(key)}`;
}

const METHOD: Readonly<Record<PaymentMethod, PlainMessageKey>> = {
  cash: 'invoices.method.cash',
  bank: 'invoices.method.bank',
  mobile_money: 'invoices.method.mobile_money',
  card: 'invoices.method.card',
  cheque: 'invoices.method.cheque',
};

export const methodLabel = (method: string): string => {
  const key = METHOD[method as PaymentMethod];
  return key === undefined ? method : t(key);
};

const REASON: Readonly<Record<CreditNoteReason, PlainMessageKey>> = {
  '01': 'invoices.reason.01',
  '02': 'invoices.reason.02',
  '03': 'invoices.reason.03',
  '04': 'invoices.reason.04',
  '05': 'invoices.reason.05',
  '06': 'invoices.reason.06',
  '07': 'invoices.reason.07',
};

export const reasonLabel = (code: string): string => {
  const key = REASON[code as CreditNoteReason];
  return key === undefined ? code : t(key);
};

const EVENT: Readonly<Record<InvoiceEventKind, PlainMessageKey>> = {
  created: 'invoices.event.created',
  updated: 'invoices.event.updated',
  issued: 'invoices.event.issued',
  sent: 'invoices.event.sent',
  voided: 'invoices.event.voided',
  payment_applied: 'invoices.event.payment_applied',
  credit_note_issued: 'invoices.event.credit_note_issued',
  debit_note_issued: 'invoices.event.debit_note_issued',
};

export const eventLabel = (event: InvoiceEventKind): string => t(EVENT[event]);
