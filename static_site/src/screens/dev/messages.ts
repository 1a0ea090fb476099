/**
 * The messages of the developer tools' entry (src/screens/dev), shown only on this machine.
 * English is the source; Bemba (`bem`) and Nyanja (`ny`) list every key, with `null` where
 * translators have not written the message yet.
 */
import { defineCatalogue, translatorFor, type CoreMessages } from '../../i18n';

const en = {
  'dev.intro': 'Tools for working on IntelliFin on this machine. They do not exist where IntelliFin is deployed.',
  'dev.mailbox': 'Every e-mail the app has sent here, as the recipient would see it.',
  'dev.gallery': 'Each shared component in each of its states.',
} as const;

export const devMessages = defineCatalogue(en, {
  bem: { 'dev.intro': null, 'dev.mailbox': null, 'dev.gallery': null },
  ny: { 'dev.intro': null, 'dev.mailbox': null, 'dev.gallery': null },
});

export const { t } = translatorFor<CoreMessages & typeof en>(devMessages);
