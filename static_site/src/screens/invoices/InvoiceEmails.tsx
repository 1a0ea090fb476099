import type { DocumentEmail, EmailStatus } from '../../api/invoices';
import { formatDateTime } from '../../format/dates';
import { t } from './messages';

const STATUS_LABELS = {
  queued: 'invoices.emails.queued',
  sent: 'invoices.emails.sent',
  failed: 'invoices.emails.failed',
} as const satisfies Record<EmailStatus, string>;

/** The invoice's e-mails, newest first: to whom, and whether each is waiting, sent, or not sent and why. */
export function InvoiceEmails({ emails }: { readonly emails: readonly DocumentEmail[] }) {
  return (
    <section aria-labelledby="invoice-emails-title">
      <h2 id="invoice-emails-title">{t('invoices.emails.title')}</h2>
      {emails.length === 0 ? (
        <p class="muted">{t('invoices.emails.none')}</p>
      ) : (
        <ul class="invoice-detail__records">
          {emails.map((email) => (
            <li key={email.id}>
              <strong>{t(STATUS_LABELS[email.status])}</strong> · {t('invoices.emails.to', { recipient: email.recipient })} · {email.subject}
              <span class="muted">
                {' · '}
                {email.sent_at !== null
                  ? t('invoices.emails.sentAt', { time: formatDateTime(email.sent_at) })
                  : t('invoices.emails.queuedAt', { time: formatDateTime(email.queued_at) })}
              </span>
              {email.status !== 'sent' && email.last_error !== null && (
                <p class={email.status === 'failed' ? 'notice notice--error' : 'muted'}>
                  {t('invoices.emails.reason', { reason: email.last_error })}
                  {email.status === 'queued' && ` · ${t('invoices.emails.attempts', { count: String(email.attempts) })}`}
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
