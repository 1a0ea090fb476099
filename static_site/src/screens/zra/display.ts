/** How ZRA's answers are said on screen: fiscal statuses, document types and ZRA's own times. */
import type { SubmissionFilter } from '../../api/zra';
import { t, type PlainMessageKey } from './messages';

/** The statuses a document on its way to ZRA shows (`not_issued` and `not_required` show nothing). */
export type ShownFiscalStatus = 'pending' | 'retrying' | 'fiscalised' | 'rejected';

const STATUS: Readonly<Record<ShownFiscalStatus, PlainMessageKey>> = {
  pending: 'zra.status.pending',
  retrying: 'zra.status.retrying',
  fiscalised: 'zra.status.fiscalised',
  rejected: 'zra.status.rejected',
};

/** Whether `status` (a string on the wire) is one the screens show; others mean ZRA has no part in it. */
export function isShownStatus(status: string): status is ShownFiscalStatus {
  return Object.prototype.hasOwnProperty.call(STATUS, status);
}

/** A fiscal status in words; an unknown one as the server wrote it. */
export function fiscalStatusLabel(status: string): string {
  return isShownStatus(status) ? t(STATUS[status]) : status;
}

/** The submissions list's filters; `''` is every document. */
export const SUBMISSION_FILTERS: readonly (SubmissionFilter | '')[] = ['', 'pending', 'rejected', 'fiscalised'];

const FILTER: Readonly<Record<SubmissionFilter | '', PlainMessageKey>> = {
  '': 'zra.filter.all',
  pending: 'zra.filter.pending',
  rejected: 'zra.filter.rejected',
  fiscalised: 'zra.filter.fiscalised',
};

export const submissionFilterLabel = (filter: SubmissionFilter | ''): string => t(FILTER[filter]);

const DOCUMENT: Readonly<Record<string, PlainMessageKey>> = {
  invoice: 'zra.document.invoice',
  credit_note: 'zra.document.credit_note',
  debit_note: 'zra.document.debit_note',
};

export const documentTypeLabel = (type: string): string => {
  const key = DOCUMENT[type];
  return key === undefined ? type : t(key);
};

/**
 * ZRA's receipt time (`vsdcRcptPbctDate`, `yyyyMMddHHmmss` in Lusaka time) as the app writes
 * times, `14/03/2026 10:30:05`. It is already Lusaka's wall clock, so it is rearranged, never
 * converted; text of another shape is shown as it came.
 */
export function formatFiscalTime(value: string): string {
  const parts = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(value);
  if (parts === null) {
    return value;
  }
  const [, year, month, day, hour, minute, second] = parts;
  return `${day}/${month}/${year} ${hour}:${minute}:${second}`;
}
