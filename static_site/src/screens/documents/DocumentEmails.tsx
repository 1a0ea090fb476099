import { useCallback } from 'preact/hooks';
import { listDocumentEmails, type DocumentEmail, type DocumentRef, type EmailStatus } from '../../api/documents';
import { useResource } from '../../app/useResource';
import { ProblemNotice } from '../../components/ProblemNotice';
import { Skeleton } from '../../components/States';
import { formatDateTime } from '../../format/dates';
import { t } from './messages';

const STATUS_LABELS = {
  queued: 'documents.emails.queued',
  sent: 'documents.emails.sent',
  failed: 'documents.emails.failed',
} as const satisfies Record<EmailStatus, string>;

interface DocumentEmailsProps {
  readonly emails: readonly DocumentEmail[];
  /** The heading's id (unique on the page) and words; "E-mails" unless told. */
  readonly titleId: string;
  readonly title?: string;
  /** 2 for a section of the page, 3 inside one (a credit note's). */
  readonly level?: 2 | 3;
}

/** A document's e-mails, newest first: to whom, and whether each is waiting, sent, or not sent and why. */
export function DocumentEmails({ emails, titleId, title, level = 2 }: DocumentEmailsProps) {
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <section class="document-emails" aria-labelledby={titleId}>
      <Heading id={titleId}>{title ?? t('documents.emails.title')}</Heading>
      <EmailList emails={emails} />
    </section>
  );
}

function EmailList({ emails }: { readonly emails: readonly DocumentEmail[] }) {
  if (emails.length === 0) {
    return <p class="muted">{t('documents.emails.none')}</p>;
  }
  return (
    <ul class="document-emails__list">
      {emails.map((email) => (
        <li key={email.id}>
          <strong>{t(STATUS_LABELS[email.status])}</strong> · {t('documents.emails.to', { recipient: email.recipient })} · {email.subject}
          <span class="muted">
            {' · '}
            {email.sent_at !== null
              ? t('documents.emails.sentAt', { time: formatDateTime(email.sent_at) })
              : t('documents.emails.queuedAt', { time: formatDateTime(email.queued_at) })}
          </span>
          {email.status !== 'sent' && email.last_error !== null && (
            <p class={email.status === 'failed' ? 'notice notice--error' : 'muted'}>
              {t('documents.emails.reason', { reason: email.last_error })}
              {email.status === 'queued' && ` · ${t('documents.emails.attempts', { count: String(email.attempts) })}`}
            </p>
          )}
        </li>
      ))}
    </ul>
  );
}

interface LoadedEmailsProps extends Omit<DocumentEmailsProps, 'emails'> {
  readonly orgId: string;
  readonly document: DocumentRef;
  /** Changes after a send, so the history is asked again. */
  readonly version: number;
}

/** A document's e-mails as `DocumentEmails` shows them, asked from the server here (a credit note's, a statement's). */
export function LoadedDocumentEmails({ orgId, document, version, ...shown }: LoadedEmailsProps) {
  const { kind, id } = document;
  const load = useCallback(
    (signal: AbortSignal) => listDocumentEmails(orgId, document, signal),
    // `document` is rebuilt each render; what it names is its kind and id. `version` asks again.
    [orgId, kind, id, version],
  );
  const emails = useResource(load);
  const Heading = (shown.level ?? 2) === 2 ? 'h2' : 'h3';
  if (emails.data === undefined) {
    return (
      <section class="document-emails" aria-labelledby={shown.titleId}>
        <Heading id={shown.titleId}>{shown.title ?? t('documents.emails.title')}</Heading>
        {emails.error === undefined ? <Skeleton label={t('documents.emails.loading')} lines={1} /> : <ProblemNotice error={emails.error} />}
      </section>
    );
  }
  return <DocumentEmails emails={emails.data.items} {...shown} />;
}
