/**
 * The messages of the components gallery, a developer screen (src/screens/gallery), loaded with its screens. English is the source; Bemba (`bem`)
 * and Nyanja (`ny`) list every key, with `null` where translators have not written the message
 * yet (English is shown meanwhile). A new string of these screens is added here only.
 */
import { defineCatalogue, translatorFor, type CoreMessages, type PlainKey } from '../../i18n';

const en = {
  'gallery.title': 'Components',
  'gallery.intro': 'Every shared component in its states, for checking look and accessibility. Available only when running locally.',
  'gallery.formHeading': 'Form',
  'gallery.customer': 'Customer name',
  'gallery.amount': 'Amount',
  'gallery.amountHint': 'Kwacha and ngwee, such as 1,160.00.',
  'gallery.invoiceDate': 'Invoice date',
  'gallery.receipt': 'Receipt',
  'gallery.check': 'Check',
  'gallery.serverErrors': 'Show errors from the server',
  'gallery.checked': 'Customer {customer}, amount {amount}, date {date}.',
  'gallery.tableHeading': 'Table',
  'gallery.tableLabel': 'Invoices',
  'gallery.invoice': 'Invoice',
  'gallery.date': 'Date',
  'gallery.total': 'Total',
  'gallery.feedbackHeading': 'Dialogs and notifications',
  'gallery.openDialog': 'Open a dialog',
  'gallery.dialogTitle': 'Issue invoice INV-0042?',
  'gallery.dialogBody': 'Once issued, the invoice is sent to ZRA and can only be changed by a credit note.',
  'gallery.dialogConfirm': 'Issue invoice',
  'gallery.showToast': 'Show a notification',
  'gallery.toastMessage': 'Invoice INV-0042 was saved.',
  'gallery.statesHeading': 'Empty and loading',
  'gallery.emptyTitle': 'No invoices yet',
  'gallery.emptyBody': 'Invoices you create will be listed here.',
} as const;

export const galleryMessages = defineCatalogue(en, {
  bem: {
    'gallery.title': null,
    'gallery.intro': null,
    'gallery.formHeading': null,
    'gallery.customer': null,
    'gallery.amount': null,
    'gallery.amountHint': null,
    'gallery.invoiceDate': null,
    'gallery.receipt': null,
    'gallery.check': null,
    'gallery.serverErrors': null,
    'gallery.checked': null,
    'gallery.tableHeading': null,
    'gallery.tableLabel': null,
    'gallery.invoice': null,
    'gallery.date': null,
    'gallery.total': null,
    'gallery.feedbackHeading': null,
    'gallery.openDialog': null,
    'gallery.dialogTitle': null,
    'gallery.dialogBody': null,
    'gallery.dialogConfirm': null,
    'gallery.showToast': null,
    'gallery.toastMessage': null,
    'gallery.statesHeading': null,
    'gallery.emptyTitle': null,
    'gallery.emptyBody': null,
  },
  ny: {
    'gallery.title': null,
    'gallery.intro': null,
    'gallery.formHeading': null,
    'gallery.customer': null,
    'gallery.amount': null,
    'gallery.amountHint': null,
    'gallery.invoiceDate': null,
    'gallery.receipt': null,
    'gallery.check': null,
    'gallery.serverErrors': null,
    'gallery.checked': null,
    'gallery.tableHeading': null,
    'gallery.tableLabel': null,
    'gallery.invoice': null,
    'gallery.date': null,
    'gallery.total': null,
    'gallery.feedbackHeading': null,
    'gallery.openDialog': null,
    'gallery.dialogTitle': null,
    'gallery.dialogBody': null,
    'gallery.dialogConfirm': null,
    'gallery.showToast': null,
    'gallery.toastMessage': null,
    'gallery.statesHeading': null,
    'gallery.emptyTitle': null,
    'gallery.emptyBody': null,
  },
});

type Messages = CoreMessages & typeof en;

/** A key these screens may pass to `t`: their own, and the shell's. */
export type MessageKey = keyof Messages & string;
/** A key whose message has no placeholders. */
export type PlainMessageKey = PlainKey<Messages>;

export const { t, tCount, isPlainMessageKey } = translatorFor<Messages>(galleryMessages);
