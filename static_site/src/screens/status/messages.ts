/**
 * The messages of the operator's status screen (src/screens/status), loaded with its screens. English is the source; Bemba (`bem`)
 * and Nyanja (`ny`) list every key, with `null` where translators have not written the message
 * yet (English is shown meanwhile). A new string of these screens is added here only.
 */
import { defineCatalogue, translatorFor, type CoreMessages, type PlainKey } from '../../i18n';

const en = {
  'status.title': 'System status',
  'status.statusHeading': 'The API',
  'status.api': 'API',
  'status.readiness': 'Ready to work',
  'status.checksHeading': 'Services',
  'status.checking': 'Checking the system…',
  'status.checkAgain': 'Check again',
  'status.checkedAt': 'Last checked at {time}',
  'status.checksUnknown': 'Service checks are not available right now.',
  'status.ok': 'OK',
  'status.failing': 'Failing',
  'status.ready': 'Ready',
  'status.notReady': 'Not ready',
  'check.database': 'Database',
  'check.blob': 'File storage',
} as const;

export const statusMessages = defineCatalogue(en, {
  bem: {
    'status.title': null,
    'status.statusHeading': null,
    'status.api': null,
    'status.readiness': null,
    'status.checksHeading': null,
    'status.checking': null,
    'status.checkAgain': null,
    'status.checkedAt': null,
    'status.checksUnknown': null,
    'status.ok': null,
    'status.failing': null,
    'status.ready': null,
    'status.notReady': null,
    'check.database': null,
    'check.blob': null,
  },
  ny: {
    'status.title': null,
    'status.statusHeading': null,
    'status.api': null,
    'status.readiness': null,
    'status.checksHeading': null,
    'status.checking': null,
    'status.checkAgain': null,
    'status.checkedAt': null,
    'status.checksUnknown': null,
    'status.ok': null,
    'status.failing': null,
    'status.ready': null,
    'status.notReady': null,
    'check.database': null,
    'check.blob': null,
  },
});

type Messages = CoreMessages & typeof en;

/** A key these screens may pass to `t`: their own, and the shell's. */
export type MessageKey = keyof Messages & string;
/** A key whose message has no placeholders. */
export type PlainMessageKey = PlainKey<Messages>;

export const { t, tCount, isPlainMessageKey } = translatorFor<Messages>(statusMessages);
