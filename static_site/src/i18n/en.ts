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
  'nav.devMailbox': 'Dev mailbox',

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
