/**
 * The messages of the pending changes screen (src/screens/pending), loaded with its screens. English is the source; Bemba (`bem`)
 * and Nyanja (`ny`) list every key, with `null` where translators have not written the message
 * yet (English is shown meanwhile). A new string of these screens is added here only.
 */
import { defineCatalogue, translatorFor, type CoreMessages, type PlainKey } from '../../i18n';

const en = {
  'pending.title': 'Pending changes',
  'pending.intro': 'Changes saved on this phone that IntelliFin has not accepted yet. They are sent by themselves when you are online.',
  'pending.loading': 'Loading pending changes…',
  'pending.empty': 'Nothing is waiting. Everything you saved has reached IntelliFin.',
  'pending.sendNow': 'Send now',
  'pending.discard': 'Discard',
  'pending.discardTitle': 'Discard this change?',
  'pending.discardBody': '“{summary}” will not be sent to IntelliFin. This cannot be undone.',
  'pending.discardConfirm': 'Discard change',
  'pending.savedAt': 'Saved on this phone at {time}',
  'pending.organization': 'For {organization}',
  'pending.attempts': 'Attempts so far: {count}',
  'pending.state.waiting': 'Waiting to be sent',
  'pending.state.sending': 'Sending…',
  'pending.state.retrying': 'Will try again at {time}',
  'pending.state.conflict': 'Conflict',
  'pending.state.rejected': 'Not accepted',
  'pending.conflictHelp': 'This record was changed elsewhere after you saved your change. Check it, then send your change again or discard it.',
  'pending.rejectedHelp': 'IntelliFin did not accept this change. Discard it and enter it again, or try again if the problem is fixed.',
} as const;

export const pendingMessages = defineCatalogue(en, {
  bem: {
    'pending.title': null,
    'pending.intro': null,
    'pending.loading': null,
    'pending.empty': null,
    'pending.sendNow': null,
    'pending.discard': null,
    'pending.discardTitle': null,
    'pending.discardBody': null,
    'pending.discardConfirm': null,
    'pending.savedAt': null,
    'pending.organization': null,
    'pending.attempts': null,
    'pending.state.waiting': null,
    'pending.state.sending': null,
    'pending.state.retrying': null,
    'pending.state.conflict': null,
    'pending.state.rejected': null,
    'pending.conflictHelp': null,
    'pending.rejectedHelp': null,
  },
  ny: {
    'pending.title': null,
    'pending.intro': null,
    'pending.loading': null,
    'pending.empty': null,
    'pending.sendNow': null,
    'pending.discard': null,
    'pending.discardTitle': null,
    'pending.discardBody': null,
    'pending.discardConfirm': null,
    'pending.savedAt': null,
    'pending.organization': null,
    'pending.attempts': null,
    'pending.state.waiting': null,
    'pending.state.sending': null,
    'pending.state.retrying': null,
    'pending.state.conflict': null,
    'pending.state.rejected': null,
    'pending.conflictHelp': null,
    'pending.rejectedHelp': null,
  },
});

type Messages = CoreMessages & typeof en;

/** A key these screens may pass to `t`: their own, and the shell's. */
export type MessageKey = keyof Messages & string;
/** A key whose message has no placeholders. */
export type PlainMessageKey = PlainKey<Messages>;

export const { t, tCount, isPlainMessageKey } = translatorFor<Messages>(pendingMessages);
