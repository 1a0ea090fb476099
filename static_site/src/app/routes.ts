/**
 * The route registry: every screen of the app, where it lives, and how it is loaded on first
 * visit. The navigation lists these (those marked `inNav: false` aside, and those the person
 * may not open), so it never offers a screen that does not exist.
 *
 * Each capability adds its screens here when it is built (Sales, Mobile money, Expenses,
 * Ledger, Reports, in that order, between Home and Pending changes).
 *
 * A path may have parameters, `/team/invitations/:id`; the screen receives them as
 * `props.params` (`{ id: '…' }`, decoded). Exact paths win over patterns.
 */
import type { ComponentType } from 'preact';
import type { PlainMessageKey } from '../i18n';
import { matchPath, type RouteParams } from './router';
import type { Permission } from './session';

/** What the shell gives a screen: the values of its path's `:name` segments. */
export interface ScreenProps {
  readonly params: RouteParams;
}

/** What a screen's module exports: its component, as the default export. */
export interface ScreenModule {
  readonly default: ComponentType<ScreenProps>;
}

export interface ScreenRoute {
  /** `/ledger`, or with parameters `/ledger/accounts/:accountId`. */
  readonly path: string;
  /** Its name in the navigation and in the document title. */
  readonly nameKey: PlainMessageKey;
  /** Loads the screen's own chunk, so the first load carries only the shell. */
  readonly load: () => Promise<ScreenModule>;
  /** `local`: only where the API has its dev-only endpoints (this machine). */
  readonly availability: 'everywhere' | 'local';
  /**
   * Only for a signed-in person: others are sent to `/sign-in?next=<this address>` and come
   * back after signing in. The shell waits for the session before loading the screen.
   */
  readonly requiresAuth?: boolean;
  /**
   * A permission the person's role must grant in the current organization (implies
   * `requiresAuth`). Without it the screen is not in the navigation and its address says
   * "not allowed"; without any organization it says so and offers to create one.
   */
  readonly permission?: Permission;
  /** Listed in the main navigation (default `true`); `false` for screens reached by links. */
  readonly inNav?: boolean;
  /**
   * One of the 4–5 daily destinations in the phone's bottom bar; the other navigation
   * entries are under its "More". The desktop's side navigation lists them all.
   */
  readonly daily?: boolean;
  /** Only for people not signed in (sign in, register): a signed-in person goes on to `next` or Home. */
  readonly guestOnly?: boolean;
}

/** A route and the parameters of the path it matched. */
export interface RouteMatch {
  readonly route: ScreenRoute;
  readonly params: RouteParams;
}

const SCREENS: readonly ScreenRoute[] = [
  {
    path: '/',
    nameKey: 'nav.home',
    load: () => import('../screens/home/HomeScreen'),
    availability: 'everywhere',
    daily: true,
  },
  {
    // The link in the welcome e-mail: that organization's Home.
    path: '/orgs/:orgId',
    nameKey: 'nav.organizationLink',
    load: () => import('../screens/home/OrganizationLinkScreen'),
    availability: 'everywhere',
    requiresAuth: true,
    inNav: false,
  },
  // ── Invoices (screens/invoices): begin. One "Invoices" entry in the navigation; the
  // list's and the invoice's own links lead to the rest.
  {
    path: '/invoices',
    nameKey: 'nav.invoices',
    load: () => import('../screens/invoices/InvoiceListScreen'),
    availability: 'everywhere',
    permission: 'invoices:read',
    daily: true,
  },
  {
    path: '/invoices/new',
    nameKey: 'invoices.new.title',
    load: () => import('../screens/invoices/InvoiceEditorScreen'),
    availability: 'everywhere',
    permission: 'invoices:create',
    inNav: false,
  },
  {
    path: '/invoices/:invoiceId',
    nameKey: 'invoices.detail.title',
    load: () => import('../screens/invoices/InvoiceDetailScreen'),
    availability: 'everywhere',
    permission: 'invoices:read',
    inNav: false,
  },
  {
    path: '/invoices/:invoiceId/edit',
    nameKey: 'invoices.edit.title',
    load: () => import('../screens/invoices/InvoiceEditorScreen'),
    availability: 'everywhere',
    permission: 'invoices:create',
    inNav: false,
  },
  {
    path: '/invoices/:invoiceId/credit-note',
    nameKey: 'invoices.creditNote.title',
    load: () => import('../screens/invoices/CreditNoteScreen'),
    availability: 'everywhere',
    permission: 'invoices:issue',
    inNav: false,
  },
  {
    path: '/invoices/:invoiceId/payment',
    nameKey: 'invoices.payment.title',
    load: () => import('../screens/invoices/PaymentScreen'),
    availability: 'everywhere',
    permission: 'payments:record',
    inNav: false,
  },
  // ── Invoices: end
  // ── Customers and items (screens/customers, screens/items): begin. "Customers" is a daily
  // destination on the phone; "Items" is in the navigation; the rest are reached by links.
  {
    path: '/customers',
    nameKey: 'nav.customers',
    load: () => import('../screens/customers/CustomerListScreen'),
    availability: 'everywhere',
    permission: 'customers:read',
    daily: true,
  },
  {
    path: '/customers/new',
    nameKey: 'nav.newCustomer',
    load: () => import('../screens/customers/CustomerFormScreen'),
    availability: 'everywhere',
    permission: 'customers:manage',
    inNav: false,
  },
  {
    path: '/customers/import',
    nameKey: 'nav.importCustomers',
    load: () => import('../screens/customers/ImportScreen'),
    availability: 'everywhere',
    permission: 'customers:manage',
    inNav: false,
  },
  {
    path: '/customers/:customerId',
    nameKey: 'nav.customer',
    load: () => import('../screens/customers/CustomerScreen'),
    availability: 'everywhere',
    permission: 'customers:read',
  },
  {
    path: '/customers/:customerId/edit',
    nameKey: 'nav.editCustomer',
    load: () => import('../screens/customers/CustomerFormScreen'),
    availability: 'everywhere',
    permission: 'customers:manage',
  },
  {
    path: '/items',
    nameKey: 'nav.items',
    load: () => import('../screens/items/ItemListScreen'),
    availability: 'everywhere',
    permission: 'invoices:read',
  },
  {
    path: '/items/new',
    nameKey: 'nav.newItem',
    load: () => import('../screens/items/ItemFormScreen'),
    availability: 'everywhere',
    permission: 'invoices:create',
    inNav: false,
  },
  {
    path: '/items/:itemId',
    nameKey: 'nav.editItem',
    load: () => import('../screens/items/ItemFormScreen'),
    availability: 'everywhere',
    permission: 'invoices:create',
  },
  // ── Customers and items: end
  // ── Wallets: mobile money (screens/wallets): begin. One "Wallets" entry in the navigation
  // (mobile_money:read); the section's own links lead to the inbox, the rules and the rest.
  {
    path: '/wallets',
    nameKey: 'nav.wallets',
    load: () => import('../screens/wallets/WalletsScreen'),
    availability: 'everywhere',
    permission: 'mobile_money:read',
  },
  {
    path: '/wallets/link',
    nameKey: 'wallets.link.title',
    load: () => import('../screens/wallets/LinkWalletScreen'),
    availability: 'everywhere',
    permission: 'mobile_money:manage',
    inNav: false,
  },
  {
    path: '/wallets/inbox',
    nameKey: 'wallets.inbox.title',
    load: () => import('../screens/wallets/InboxScreen'),
    availability: 'everywhere',
    permission: 'mobile_money:read',
    inNav: false,
  },
  {
    path: '/wallets/rules',
    nameKey: 'wallets.rules.title',
    load: () => import('../screens/wallets/RulesScreen'),
    availability: 'everywhere',
    permission: 'mobile_money:read',
    inNav: false,
  },
  {
    path: '/wallets/:walletId',
    nameKey: 'wallets.wallet.title',
    load: () => import('../screens/wallets/WalletScreen'),
    availability: 'everywhere',
    permission: 'mobile_money:read',
  },
  {
    path: '/wallets/:walletId/statement',
    nameKey: 'wallets.statement.title',
    load: () => import('../screens/wallets/StatementScreen'),
    availability: 'everywhere',
    permission: 'mobile_money:manage',
  },
  // ── Wallets: end
  // ── Expenses, bills and suppliers (screens/expenses, screens/suppliers): begin. Two entries
  // in the navigation, "Expenses" and "Suppliers"; their own links lead to bills, payments and aging.
  {
    path: '/expenses',
    nameKey: 'nav.expenses',
    load: () => import('../screens/expenses/ExpenseListScreen'),
    availability: 'everywhere',
    permission: 'expenses:read',
  },
  {
    path: '/expenses/new',
    nameKey: 'expenses.new.title',
    load: () => import('../screens/expenses/NewExpenseScreen'),
    availability: 'everywhere',
    permission: 'expenses:create',
    inNav: false,
  },
  {
    path: '/expenses/:expenseId',
    nameKey: 'expenses.detail.title',
    load: () => import('../screens/expenses/PurchaseDetailScreen'),
    availability: 'everywhere',
    permission: 'expenses:read',
    inNav: false,
  },
  {
    path: '/bills',
    nameKey: 'bills.list.title',
    load: () => import('../screens/expenses/BillListScreen'),
    availability: 'everywhere',
    permission: 'expenses:read',
    inNav: false,
  },
  {
    path: '/bills/new',
    nameKey: 'bills.new.title',
    load: () => import('../screens/expenses/NewBillScreen'),
    availability: 'everywhere',
    permission: 'expenses:create',
    inNav: false,
  },
  {
    path: '/bills/:billId',
    nameKey: 'bills.detail.title',
    load: () => import('../screens/expenses/BillDetailScreen'),
    availability: 'everywhere',
    permission: 'expenses:read',
    inNav: false,
  },
  {
    path: '/suppliers',
    nameKey: 'nav.suppliers',
    load: () => import('../screens/suppliers/SupplierListScreen'),
    availability: 'everywhere',
    permission: 'suppliers:read',
  },
  {
    path: '/suppliers/new',
    nameKey: 'suppliers.new.title',
    load: () => import('../screens/suppliers/SupplierFormScreen'),
    availability: 'everywhere',
    permission: 'suppliers:manage',
    inNav: false,
  },
  {
    path: '/suppliers/import',
    nameKey: 'suppliers.import.title',
    load: () => import('../screens/suppliers/SupplierImportScreen'),
    availability: 'everywhere',
    permission: 'suppliers:manage',
    inNav: false,
  },
  {
    path: '/suppliers/pay',
    nameKey: 'suppliers.payment.title',
    load: () => import('../screens/suppliers/SupplierPaymentScreen'),
    availability: 'everywhere',
    permission: 'expenses:post',
    inNav: false,
  },
  {
    path: '/suppliers/aging',
    nameKey: 'payables.aging.title',
    load: () => import('../screens/suppliers/PayablesAgingScreen'),
    availability: 'everywhere',
    permission: 'suppliers:read',
    inNav: false,
  },
  {
    path: '/suppliers/:supplierId',
    nameKey: 'suppliers.detail.title',
    load: () => import('../screens/suppliers/SupplierScreen'),
    availability: 'everywhere',
    permission: 'suppliers:read',
    inNav: false,
  },
  {
    path: '/suppliers/:supplierId/edit',
    nameKey: 'suppliers.edit.title',
    load: () => import('../screens/suppliers/SupplierFormScreen'),
    availability: 'everywhere',
    permission: 'suppliers:manage',
    inNav: false,
  },
  // ── Expenses, bills and suppliers: end
  // ── Ledger (screens/ledger): begin. One "Ledger" entry in the navigation; the ledger's
  // own links lead to the rest.
  {
    path: '/ledger',
    nameKey: 'nav.ledger',
    load: () => import('../screens/ledger/ChartScreen'),
    availability: 'everywhere',
    permission: 'ledger:read',
  },
  {
    path: '/ledger/accounts/:accountId',
    nameKey: 'ledger.account.title',
    load: () => import('../screens/ledger/AccountLedgerScreen'),
    availability: 'everywhere',
    permission: 'ledger:read',
  },
  {
    path: '/ledger/new-entry',
    nameKey: 'ledger.entry.newTitle',
    load: () => import('../screens/ledger/JournalEntryScreen'),
    availability: 'everywhere',
    permission: 'ledger:post',
    inNav: false,
  },
  {
    path: '/ledger/entries/:entryId',
    nameKey: 'ledger.journal.title',
    load: () => import('../screens/ledger/EntryScreen'),
    availability: 'everywhere',
    permission: 'ledger:read',
  },
  {
    path: '/ledger/journal',
    nameKey: 'ledger.journalList.title',
    load: () => import('../screens/ledger/JournalScreen'),
    availability: 'everywhere',
    permission: 'ledger:read',
    inNav: false,
  },
  {
    path: '/ledger/trial-balance',
    nameKey: 'ledger.tb.title',
    load: () => import('../screens/ledger/TrialBalanceScreen'),
    availability: 'everywhere',
    permission: 'ledger:read',
    inNav: false,
  },
  // ── Ledger: end
  // ── Reports (screens/reports): begin
  {
    path: '/reports',
    nameKey: 'nav.reports',
    load: () => import('../screens/reports/StatementsScreen'),
    availability: 'everywhere',
    permission: 'reports:read',
  },
  {
    path: '/reports/notes',
    nameKey: 'reports.notes.title',
    load: () => import('../screens/reports/NotesScreen'),
    availability: 'everywhere',
    permission: 'reports:read',
    inNav: false,
  },
  {
    path: '/reports/layouts',
    nameKey: 'reports.layouts.title',
    load: () => import('../screens/reports/LayoutsScreen'),
    availability: 'everywhere',
    permission: 'reports:read',
    inNav: false,
  },
  // ── Reports: end
  // ── ZRA (screens/zra): begin. One "ZRA Smart Invoice" entry in the navigation (not a daily
  // destination); its own links lead to the documents sent and the call log.
  {
    path: '/zra',
    nameKey: 'nav.zra',
    load: () => import('../screens/zra/SettingsScreen'),
    availability: 'everywhere',
    permission: 'zra:manage',
  },
  {
    path: '/zra/submissions',
    nameKey: 'zra.submissions.title',
    load: () => import('../screens/zra/SubmissionsScreen'),
    availability: 'everywhere',
    permission: 'invoices:read',
    inNav: false,
  },
  {
    path: '/zra/log',
    nameKey: 'zra.log.title',
    load: () => import('../screens/zra/LogScreen'),
    availability: 'everywhere',
    permission: 'zra:manage',
    inNav: false,
  },
  // ── ZRA: end
  {
    path: '/pending',
    nameKey: 'nav.pending',
    load: () => import('../screens/pending/PendingChangesScreen'),
    availability: 'everywhere',
    daily: true,
  },
  // ── Organizations and onboarding (screens/organization): begin
  {
    path: '/organization',
    nameKey: 'org.nav.profile',
    load: () => import('../screens/organization/ProfileScreen'),
    availability: 'everywhere',
    permission: 'organization:read',
  },
  {
    // Reached from the switcher, the profile and the "no organization yet" states.
    path: '/organizations',
    nameKey: 'org.nav.organizations',
    load: () => import('../screens/organization/OrganizationsScreen'),
    availability: 'everywhere',
    requiresAuth: true,
    inNav: false,
  },
  {
    path: '/organizations/new',
    nameKey: 'org.nav.new',
    load: () => import('../screens/organization/OnboardingScreen'),
    availability: 'everywhere',
    requiresAuth: true,
    inNav: false,
  },
  // ── Organizations and onboarding: end
  // ── Auth, account and team (screens/auth, screens/account, screens/team): begin
  {
    path: '/team',
    nameKey: 'nav.team',
    load: () => import('../screens/team/MembersScreen'),
    availability: 'everywhere',
    permission: 'users:read',
  },
  {
    path: '/team/invitations',
    nameKey: 'nav.teamInvitations',
    load: () => import('../screens/team/InvitationsScreen'),
    availability: 'everywhere',
    permission: 'users:read',
    inNav: false,
  },
  {
    path: '/team/roles',
    nameKey: 'nav.teamRoles',
    load: () => import('../screens/team/RolesScreen'),
    availability: 'everywhere',
    permission: 'users:read',
    inNav: false,
  },
  {
    path: '/team/audit-log',
    nameKey: 'nav.auditLog',
    load: () => import('../screens/team/AuditLogScreen'),
    availability: 'everywhere',
    permission: 'audit:read',
    inNav: false,
  },
  {
    path: '/team/security',
    nameKey: 'nav.organizationSecurity',
    load: () => import('../screens/team/OrganizationSecurityScreen'),
    availability: 'everywhere',
    permission: 'security:manage',
    inNav: false,
  },
  {
    // In the account menu.
    path: '/account/security',
    nameKey: 'nav.accountSecurity',
    load: () => import('../screens/account/AccountSecurityScreen'),
    availability: 'everywhere',
    requiresAuth: true,
    inNav: false,
  },
  {
    path: '/account/sessions',
    nameKey: 'nav.accountSessions',
    load: () => import('../screens/account/SessionsScreen'),
    availability: 'everywhere',
    requiresAuth: true,
    inNav: false,
  },
  {
    path: '/sign-in',
    nameKey: 'nav.signIn',
    load: () => import('../screens/auth/SignInScreen'),
    availability: 'everywhere',
    guestOnly: true,
    inNav: false,
  },
  {
    path: '/register',
    nameKey: 'nav.register',
    load: () => import('../screens/auth/RegisterScreen'),
    availability: 'everywhere',
    guestOnly: true,
    inNav: false,
  },
  {
    // The link in the verification e-mail.
    path: '/verify-email',
    nameKey: 'nav.verifyEmail',
    load: () => import('../screens/auth/VerifyEmailScreen'),
    availability: 'everywhere',
    inNav: false,
  },
  {
    path: '/verify-email/resend',
    nameKey: 'nav.resendVerification',
    load: () => import('../screens/auth/ResendVerificationScreen'),
    availability: 'everywhere',
    inNav: false,
  },
  {
    path: '/forgot-password',
    nameKey: 'nav.forgotPassword',
    load: () => import('../screens/auth/ForgotPasswordScreen'),
    availability: 'everywhere',
    inNav: false,
  },
  {
    // The link in the password reset e-mail.
    path: '/reset-password',
    nameKey: 'nav.resetPassword',
    load: () => import('../screens/auth/ResetPasswordScreen'),
    availability: 'everywhere',
    inNav: false,
  },
  {
    // The link in the invitation e-mail; works signed in or out.
    path: '/accept-invitation',
    nameKey: 'nav.acceptInvitation',
    load: () => import('../screens/auth/AcceptInvitationScreen'),
    availability: 'everywhere',
    inNav: false,
  },
  // ── Auth, account and team: end
  {
    // For whoever runs the service: is the API up and ready. Linked from the landing page.
    path: '/status',
    nameKey: 'nav.status',
    load: () => import('../screens/status/StatusScreen'),
    availability: 'everywhere',
    inNav: false,
  },
  // ── Developer tools, on this machine only: one navigation entry leads to each of them.
  {
    path: '/dev',
    nameKey: 'nav.developer',
    load: () => import('../screens/dev/DevToolsScreen'),
    availability: 'local',
  },
  {
    path: '/dev/mailbox',
    nameKey: 'nav.devMailbox',
    load: () => import('../screens/mailbox/MailboxScreen'),
    availability: 'local',
    inNav: false,
  },
  {
    path: '/dev/components',
    nameKey: 'nav.gallery',
    load: () => import('../screens/gallery/GalleryScreen'),
    availability: 'local',
    inNav: false,
  },
];

/** The screens of this app, in navigation order; dev-only screens only on this machine. */
export function screenRoutes(local: boolean): readonly ScreenRoute[] {
  return SCREENS.filter((route) => route.availability === 'everywhere' || local);
}

/** The route for `path` and its parameters: an exact path first, else the first pattern that matches. */
export function matchRoute(routes: readonly ScreenRoute[], path: string): RouteMatch | undefined {
  const exact = routes.find((route) => route.path === path);
  if (exact !== undefined) {
    return { route: exact, params: {} };
  }
  for (const route of routes) {
    if (route.path.includes('/:')) {
      const params = matchPath(route.path, path);
      if (params !== null) {
        return { route, params };
      }
    }
  }
  return undefined;
}

export function routeFor(routes: readonly ScreenRoute[], path: string): ScreenRoute | undefined {
  return matchRoute(routes, path)?.route;
}

/** Whether the route is only for signed-in people. */
export function needsSignIn(route: ScreenRoute): boolean {
  return route.requiresAuth === true || route.permission !== undefined;
}

/** Who is looking, as far as the navigation cares. */
export interface Viewer {
  readonly signedIn: boolean;
  readonly can: (permission: Permission) => boolean;
}

/** The routes the main navigation offers this viewer, in registry order. */
export function navigationRoutes(routes: readonly ScreenRoute[], viewer: Viewer): readonly ScreenRoute[] {
  return routes.filter(
    (route) =>
      route.inNav !== false &&
      !route.path.includes('/:') &&
      (!needsSignIn(route) || viewer.signedIn) &&
      (route.guestOnly !== true || !viewer.signedIn) &&
      (route.permission === undefined || viewer.can(route.permission)),
  );
}
