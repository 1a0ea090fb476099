/**
 * The messages of the Home screen (src/screens/home), loaded with its screens. English is the source; Bemba (`bem`)
 * and Nyanja (`ny`) list every key, with `null` where translators have not written the message
 * yet (English is shown meanwhile). A new string of these screens is added here only.
 */
import { defineCatalogue, translatorFor, type CoreMessages, type PlainKey } from '../../i18n';

const en = {
  'home.title': 'Home',
  'home.statusHeading': 'System status',
  'home.api': 'API',
  'home.readiness': 'Ready to work',
  'home.checksHeading': 'Services',
  'home.checking': 'Checking the system…',
  'home.checkAgain': 'Check again',
  'home.checkedAt': 'Last checked at {time}',
  'home.checksUnknown': 'Service checks are not available right now.',
  'status.ok': 'OK',
  'status.failing': 'Failing',
  'status.ready': 'Ready',
  'status.notReady': 'Not ready',
  'check.database': 'Database',
  'check.blob': 'File storage',
} as const;

export const homeMessages = defineCatalogue(en, {
  bem: {
    'home.title': null,
    'home.statusHeading': null,
    'home.api': null,
    'home.readiness': null,
    'home.checksHeading': null,
    'home.checking': null,
    'home.checkAgain': null,
    'home.checkedAt': null,
    'home.checksUnknown': null,
    'status.ok': null,
    'status.failing': null,
    'status.ready': null,
    'status.notReady': null,
    'check.database': null,
    'check.blob': null,
  },
  ny: {
    'home.title': null,
    'home.statusHeading': null,
    'home.api': null,
    'home.readiness': null,
    'home.checksHeading': null,
    'home.checking': null,
    'home.checkAgain': null,
    'home.checkedAt': null,
    'home.checksUnknown': null,
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

export const { t, tCount, isPlainMessageKey } = translatorFor<Messages>(homeMessages);
