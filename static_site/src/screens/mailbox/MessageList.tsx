import type { MailboxMessage } from '../../api/devMailbox';
import { formatDateTime } from '../../format/dates';
import { t } from './messages';

interface MessageListProps {
  readonly messages: readonly MailboxMessage[];
  readonly selectedId: string | null;
  readonly onSelect: (id: string) => void;
}

/** The caught e-mails, newest first: subject, recipients and time of each. */
export function MessageList({ messages, selectedId, onSelect }: MessageListProps) {
  return (
    <ul class="message-list" aria-label={t('mailbox.listLabel')}>
      {messages.map((message) => (
        <li key={message.id}>
          <button
            type="button"
            class="message-list__item"
            data-message-id={message.id}
            aria-current={message.id === selectedId ? 'true' : undefined}
            onClick={() => onSelect(message.id)}
          >
            <span class="message-list__subject">{subjectOf(message)}</span>
            <span class="message-list__meta">{t('mailbox.toLine', { recipients: message.recipients.join(', ') })}</span>
            <time class="message-list__meta" dateTime={message.received_at}>
              {formatDateTime(message.received_at)}
            </time>
          </button>
        </li>
      ))}
    </ul>
  );
}

/** The subject as shown; an empty subject would leave a blank, unnamed button. */
export function subjectOf(message: MailboxMessage): string {
  return message.subject.trim() === '' ? t('mailbox.noSubject') : message.subject;
}
