/**
 * The messages of Home (src/screens/home): the landing page, the start page of a business,
 * and the e-mail link to an organization. English is the source; Bemba (`bem`) and Nyanja
 * (`ny`) list every key, with `null` where translators have not written the message yet
 * (English is shown meanwhile). A new string of these screens is added here only.
 */
import { defineCatalogue, translatorFor, type CoreMessages, type PlainKey } from '../../i18n';

const en = {
  'landing.title': 'The back office for your business',
  'landing.lead': 'IntelliFin keeps the books of Zambian small businesses: your accounts, your team and your tax settings, on your phone, even when the network is down.',
  'landing.forWhom': 'For shops, traders, workshops and service businesses, and the bookkeepers who help them.',
  'landing.point.ledger': 'A double-entry ledger that cannot be changed behind your back: every entry is kept and checked.',
  'landing.point.team': 'Invite your team and choose what each person may see and do.',
  'landing.point.offline': 'Work offline: what you save stays on the phone and is sent when the network returns.',
  'landing.createAccount': 'Create an account',
  'landing.signIn': 'Sign in',
  'landing.haveAccount': 'Already have an account?',
  'landing.status': 'System status',
  'setup.title': 'Welcome, {name}',
  'setup.body': 'Set up your business to start: its name, TPIN and tax settings take a few minutes. Your chart of accounts is made for you.',
  'setup.action': 'Set up your business',
  'setup.invited': 'Were you invited to a business? Open the link in the invitation e-mail.',
  'start.checklistTitle': 'Getting started',
  'start.checklistProgress': '{done} of {total} done',
  'start.done': 'Done',
  'start.toDo': 'To do',
  'start.profile': 'Add your logo to the business profile',
  'start.team': 'Invite your team',
  'start.opening': 'Enter your opening balances',
  'start.moneyTitle': 'Cash, bank and mobile money',
  'start.moneyEmpty': 'No cash, bank or mobile money account yet.',
  'start.moneyTotal': 'Total',
  'start.asOf': 'Balances on {date}, from the ledger.',
  'start.loading': 'Loading your business…',
  'start.openLedger': 'Open the ledger',
  'orgLink.title': 'Opening the organization',
  'orgLink.notMemberTitle': 'Not one of your organizations',
  'orgLink.notMemberBody': 'This link is for an organization you are not a member of, or one that no longer exists. Sign in with the account the e-mail was sent to, or ask its owner to invite you.',
} as const;

type Keys = keyof typeof en;
const untranslated = Object.fromEntries(Object.keys(en).map((key) => [key, null])) as Record<Keys, null>;

export const homeMessages = defineCatalogue(en, { bem: untranslated, ny: untranslated });

type Messages = CoreMessages & typeof en;

/** A key these screens may pass to `t`: their own, and the shell's. */
export type MessageKey = keyof Messages & string;
/** A key whose message has no placeholders. */
export type PlainMessageKey = PlainKey<Messages>;

export const { t, tCount } = translatorFor<Messages>(homeMessages);
