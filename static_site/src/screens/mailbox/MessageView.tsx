import type { MailboxMessage } from '../../api/devMailbox';
import { formatDateTime } from '../../format/dates';
import { t } from './messages';
import { subjectOf } from './MessageList';

/**
 * Prefixed to an HTML body before it goes into the sandboxed frame: the frame already runs
 * no script and cannot reach the app; this also stops it fetching anything (tracking
 * pixels, remote images), which costs data and leaks that the mail was opened.
 */
const HTML_BODY_PREAMBLE =
  '<!doctype html><meta charset="utf-8">' +
  `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">`;

/** The document shown in the frame for an e-mail's HTML body. */
function htmlBodyDocument(html: string): string {
  return HTML_BODY_PREAMBLE + html;
}

interface MessageViewProps {
  readonly message: MailboxMessage;
  readonly onBack: () => void;
}

/** One e-mail: headers, text body, the HTML body in a sandboxed frame, attachment names. */
export function MessageView({ message, onBack }: MessageViewProps) {
  // The schema lets the server leave the list out when there are none.
  const attachments = message.attachments ?? [];
  return (
    <article class="message" aria-labelledby="message-subject">
      <button type="button" class="button button--quiet message__back" onClick={onBack}>
        {t('mailbox.back')}
      </button>
      <h2 id="message-subject" tabIndex={-1}>
        {subjectOf(message)}
      </h2>
      <dl class="message__headers">
        <dt>{t('mailbox.from')}</dt>
        <dd>{message.sender}</dd>
        <dt>{t('mailbox.to')}</dt>
        <dd>{message.recipients.join(', ')}</dd>
        <dt>{t('mailbox.received')}</dt>
        <dd>
          <time dateTime={message.received_at}>{formatDateTime(message.received_at)}</time>
        </dd>
      </dl>

      {message.text === null && message.html === null && <p class="muted">{t('mailbox.noBody')}</p>}
      {message.text !== null && (
        <section aria-labelledby="message-text">
          <h3 id="message-text">{t('mailbox.textBody')}</h3>
          <pre class="message__text">{message.text}</pre>
        </section>
      )}
      {message.html !== null && (
        <section aria-labelledby="message-html">
          <h3 id="message-html">{t('mailbox.htmlBody')}</h3>
          <iframe
            class="message__html"
            title={t('mailbox.htmlFrameTitle')}
            sandbox=""
            referrerpolicy="no-referrer"
            srcdoc={htmlBodyDocument(message.html)}
          />
        </section>
      )}
      {attachments.length > 0 && (
        <section aria-labelledby="message-attachments">
          <h3 id="message-attachments">{t('mailbox.attachments')}</h3>
          <ul class="message__attachments">
            {attachments.map((name, index) => (
              <li key={`${index}:${name}`}>{name}</li>
            ))}
          </ul>
        </section>
      )}
    </article>
  );
}
