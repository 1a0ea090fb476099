/**
 * The refusals of a document's PDF and e-mail in the person's language: a field's problem
 * (the subject, the message) on that field, the customer's missing or bad address and any
 * other refusal as a sentence. Known codes get a message from the catalogue; unknown ones
 * keep the server's own words.
 */
import { ApiProblem, type FieldProblem } from '../../api/client';
import { messageForFieldProblem } from '../../components/useForm';
import { t, type PlainMessageKey } from './messages';

const PLAIN_MESSAGES: Readonly<Record<string, PlainMessageKey>> = {
  customer_email_missing: 'documents.problem.customerEmailMissing',
  customer_email_invalid: 'documents.problem.customerEmailInvalid',
  subject_invalid: 'documents.problem.subjectInvalid',
  message_too_long: 'documents.problem.messageTooLong',
  invoice_not_issued: 'documents.problem.notIssued',
  payment_is_refund: 'documents.problem.paymentIsRefund',
  invoice_not_found: 'documents.problem.notFound',
  credit_note_not_found: 'documents.problem.notFound',
  customer_not_found: 'documents.problem.notFound',
  payment_not_found: 'documents.problem.notFound',
};

/** The fields of the e-mail the sender writes. */
export type EmailField = 'subject' | 'message';

export type EmailFieldErrors = Partial<Record<EmailField, string>>;

function inWords(problem: FieldProblem): string {
  const key = PLAIN_MESSAGES[problem.code];
  return key === undefined ? messageForFieldProblem(problem) : t(key);
}

/** A failure of sending, previewing or fetching a document, as one sentence for a notice. */
export function documentProblemSentence(failure: unknown): string {
  if (!(failure instanceof ApiProblem)) {
    return t('error.unexpected');
  }
  if (failure.errors !== undefined && failure.errors.length > 0) {
    return failure.errors.map(inWords).join(' ');
  }
  const known = PLAIN_MESSAGES[failure.code];
  if (known !== undefined) {
    return t(known);
  }
  return failure.detail === null ? failure.title : `${failure.title} ${failure.detail}`;
}

/** The problems of a refused e-mail that belong on the subject or message field. */
export function emailFieldErrors(failure: unknown): EmailFieldErrors {
  const errors: EmailFieldErrors = {};
  if (failure instanceof ApiProblem) {
    for (const problem of failure.errors ?? []) {
      if (problem.field === 'subject' || problem.field === 'message') {
        errors[problem.field] ??= inWords(problem);
      }
    }
  }
  return errors;
}
