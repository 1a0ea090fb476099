import { useEffect, useRef, useState } from 'preact/hooks';
import { listDevMailbox, type Mailbox } from '../../api/devMailbox';
import { ProblemNotice } from '../../components/ProblemNotice';
import { useResource } from '../../app/useResource';
import { formatDateTime } from '../../format/dates';
import { t } from './messages';
import { recentKey } from '../../offline/recent';
import { MessageList } from './MessageList';
import { MessageView } from './MessageView';

/** The last mailbox seen, readable offline for a week. */
const SAVED_MAILBOX = recentKey<Mailbox>('dev.mailbox', null, 7 * 24 * 3_600_000);

/** The dev mailbox: e-mail that the local SMTP server caught, for checking what was sent. */
export default function MailboxScreen() {
  const mailbox = useResource(listDevMailbox, SAVED_MAILBOX);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const messages = mailbox.data?.messages ?? [];
  const selected = messages.find((message) => message.id === selectedId) ?? null;
  const container = useRef<HTMLDivElement>(null);
  const lastSelectedId = useRef<string | null>(null);

  useEffect(() => {
    // On a phone the message replaces the list, so focus follows: to the message when one
    // is opened, back to its entry in the list when it is closed.
    const root = container.current;
    if (selectedId !== null) {
      root?.querySelector<HTMLElement>('#message-subject')?.focus();
    } else if (lastSelectedId.current !== null) {
      const id = lastSelectedId.current;
      Array.from(root?.querySelectorAll<HTMLElement>('[data-message-id]') ?? [])
        .find((item) => item.dataset.messageId === id)
        ?.focus();
    }
    lastSelectedId.current = selectedId;
  }, [selectedId]);

  return (
    <section class="screen" aria-labelledby="mailbox-title">
      <div class="screen__header">
        <h1 id="mailbox-title">{t('mailbox.title')}</h1>
        <button type="button" class="button" onClick={mailbox.reload} disabled={mailbox.loading}>
          {t('mailbox.refresh')}
        </button>
      </div>
      <p class="muted">{t('mailbox.intro')}</p>

      {mailbox.loading && (
        <p class="notice" role="status">
          {t('mailbox.loading')}
        </p>
      )}
      {mailbox.error !== undefined && <ProblemNotice error={mailbox.error} />}
      {mailbox.savedAt !== undefined && !mailbox.loading && (
        <p class="muted">{t('offline.savedCopy', { time: formatDateTime(mailbox.savedAt) })}</p>
      )}
      {mailbox.data !== undefined && messages.length === 0 && <p class="notice">{t('mailbox.empty')}</p>}

      {messages.length > 0 && (
        <div class={selected === null ? 'mailbox' : 'mailbox mailbox--reading'} ref={container}>
          <div class="mailbox__list">
            <MessageList messages={messages} selectedId={selected?.id ?? null} onSelect={setSelectedId} />
          </div>
          <div class="mailbox__view">
            {selected !== null && <MessageView message={selected} onBack={() => setSelectedId(null)} />}
          </div>
        </div>
      )}
    </section>
  );
}
