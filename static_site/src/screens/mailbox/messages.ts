/**
 * The messages of the dev mailbox, a developer screen (src/screens/mailbox), loaded with its screens. English is the source; Bemba (`bem`)
 * and Nyanja (`ny`) list every key, with `null` where translators have not written the message
 * yet (English is shown meanwhile). A new string of these screens is added here only.
 */
import { defineCatalogue, translatorFor, type CoreMessages, type PlainKey } from '../../i18n';

const en = {
  'mailbox.title': 'Dev mailbox',
  'mailbox.intro': 'E-mail that IntelliFin sent on this machine. Available only when running locally.',
  'mailbox.refresh': 'Refresh',
  'mailbox.loading': 'Loading messages…',
  'mailbox.empty': 'No messages yet. E-mail that IntelliFin sends will appear here.',
  'mailbox.listLabel': 'Messages, newest first',
  'mailbox.noSubject': '(no subject)',
  'mailbox.toLine': 'To: {recipients}',
  'mailbox.from': 'From',
  'mailbox.to': 'To',
  'mailbox.received': 'Received',
  'mailbox.back': 'Back to messages',
  'mailbox.textBody': 'Text version',
  'mailbox.htmlBody': 'HTML version',
  'mailbox.htmlFrameTitle': 'HTML version of the message',
  'mailbox.noBody': 'This message has no body.',
  'mailbox.attachments': 'Attachments',
} as const;

export const mailboxMessages = defineCatalogue(en, {
  bem: {
    'mailbox.title': null,
    'mailbox.intro': null,
    'mailbox.refresh': null,
    'mailbox.loading': null,
    'mailbox.empty': null,
    'mailbox.listLabel': null,
    'mailbox.noSubject': null,
    'mailbox.toLine': null,
    'mailbox.from': null,
    'mailbox.to': null,
    'mailbox.received': null,
    'mailbox.back': null,
    'mailbox.textBody': null,
    'mailbox.htmlBody': null,
    'mailbox.htmlFrameTitle': null,
    'mailbox.noBody': null,
    'mailbox.attachments': null,
  },
  ny: {
    'mailbox.title': null,
    'mailbox.intro': null,
    'mailbox.refresh': null,
    'mailbox.loading': null,
    'mailbox.empty': null,
    'mailbox.listLabel': null,
    'mailbox.noSubject': null,
    'mailbox.toLine': null,
    'mailbox.from': null,
    'mailbox.to': null,
    'mailbox.received': null,
    'mailbox.back': null,
    'mailbox.textBody': null,
    'mailbox.htmlBody': null,
    'mailbox.htmlFrameTitle': null,
    'mailbox.noBody': null,
    'mailbox.attachments': null,
  },
});

type Messages = CoreMessages & typeof en;

/** A key these screens may pass to `t`: their own, and the shell's. */
export type MessageKey = keyof Messages & string;
/** A key whose message has no placeholders. */
export type PlainMessageKey = PlainKey<Messages>;

export const { t, tCount, isPlainMessageKey } = translatorFor<Messages>(mailboxMessages);
