/**
 * The English message catalogue: every string a person sees in the app lives here.
 *
 * Placeholders are written `{name}`; `t()` makes the caller pass exactly those names.
 */
export const en = {
  'app.name': 'IntelliFin',
  'app.skipToContent': 'Skip to main content',
  'app.title': '{screen} · IntelliFin',

  'nav.label': 'Main',
  'nav.home': 'Home',
  'nav.pending': 'Pending changes',
  'nav.devMailbox': 'Dev mailbox',
  'nav.gallery': 'Components',

  'language.en': 'English',
  'language.bem': 'Bemba',
  'language.ny': 'Nyanja',

  'organization.label': 'Organization',

  'userMenu.button': 'Account: {name}',
  'userMenu.settings': 'Settings',
  'userMenu.signedInAs': 'Signed in as {email}',
  'userMenu.language': 'Language',
  'userMenu.theme': 'Appearance',
  'userMenu.signOut': 'Sign out',

  'theme.system': 'Same as this phone',
  'theme.light': 'Light',
  'theme.dark': 'Dark',

  'action.cancel': 'Cancel',
  'action.close': 'Close',
  'action.dismiss': 'Dismiss',
  'action.retry': 'Try again',

  'offline.banner': 'You are offline. What you save stays on this phone and is sent when you reconnect.',
  'offline.waiting.one': '1 change is waiting to be sent.',
  'offline.waiting.other': '{count} changes are waiting to be sent.',
  'offline.review.one': '1 change needs your attention.',
  'offline.review.other': '{count} changes need your attention.',
  'offline.viewPending': 'See pending changes',
  'offline.savedCopy': 'Saved copy from {time}: it may be out of date.',
  'offline.sent.one': '1 saved change was sent.',
  'offline.sent.other': '{count} saved changes were sent.',

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
  'pending.attempts': 'Attempts so far: {count}',
  'pending.state.waiting': 'Waiting to be sent',
  'pending.state.sending': 'Sending…',
  'pending.state.retrying': 'Will try again at {time}',
  'pending.state.conflict': 'Conflict',
  'pending.state.rejected': 'Not accepted',
  'pending.conflictHelp': 'This record was changed elsewhere after you saved your change. Check it, then send your change again or discard it.',
  'pending.rejectedHelp': 'IntelliFin did not accept this change. Discard it and enter it again, or try again if the problem is fixed.',

  'form.errorSummary': 'Please correct the following',
  'form.required': 'Fill this in.',
  'form.invalid': 'This is not valid.',
  'form.tooLong': 'This is too long.',
  'form.tooShort': 'This is too short.',
  'form.optional': 'optional',

  'money.invalid': 'Enter an amount such as 1,234.50.',
  'money.tooManyDecimals': 'Use at most {digits} digits after the point.',
  'money.negative': 'Enter an amount of zero or more.',

  'date.hint': 'dd/mm/yyyy',
  'date.invalid': 'Enter the date as dd/mm/yyyy, for example 14/03/2026.',
  'date.noSuchDate': 'There is no such date.',

  'table.filter': 'Filter',
  'table.empty': 'Nothing to show yet.',
  'table.noMatches': 'Nothing matches “{filter}”.',
  'table.loading': 'Loading…',
  'table.previous': 'Previous page',
  'table.next': 'Next page',
  'table.pagination': 'Pages',

  'toast.region': 'Notifications',

  'upload.takePhoto': 'Take a photo',
  'upload.chooseFile': 'Choose a file',
  'upload.remove': 'Remove {name}',
  'upload.hint': 'A photo or a PDF, up to {limit}.',
  'upload.tooLarge': '{name} is {size}; the limit is {limit}.',
  'upload.wrongType': '{name} cannot be used here: choose a photo or a PDF.',
  'upload.previewOf': 'Preview of {name}',

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

  'screen.loading': 'Loading…',
  'screen.loadFailed': 'This screen could not be loaded. Check your connection and try again.',
  'screen.retry': 'Try again',

  'notFound.title': 'Page not found',
  'notFound.body': 'There is nothing at this address.',
  'notFound.home': 'Go to Home',

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

  'error.offline': 'You are offline. Connect to the internet and try again.',
  'error.unreachable': 'IntelliFin could not be reached. Check your connection and try again.',
  'error.timeout': 'IntelliFin took too long to answer. Try again.',
  'error.httpStatus': 'The server answered with an error (HTTP {status}).',
  'error.invalidResponse': 'The server sent an answer that IntelliFin could not read.',
  'error.unexpected': 'Something went wrong. Try again.',
} as const satisfies Record<string, string>;

/** The catalogue's shape: other languages must provide the same keys. */
export type Catalogue = typeof en;

/**
 * Another language's catalogue: every English key, with the message in that language, or
 * `null` while it is not translated (the English message is shown meanwhile).
 */
export type Translation = { readonly [K in keyof Catalogue]: string | null };
