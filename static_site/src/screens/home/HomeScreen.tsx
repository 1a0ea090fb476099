import { useCallback, useMemo } from 'preact/hooks';
import { listChart, getTrialBalance } from '../../api/ledger';
import { getProfile } from '../../api/organizations';
import { listInvitations, listMembers } from '../../api/team';
import { Link } from '../../app/Link';
import { useSession, type OrganizationMembership, type Session } from '../../app/session';
import { useResource } from '../../app/useResource';
import { ProblemNotice } from '../../components/ProblemNotice';
import { Skeleton } from '../../components/States';
import { formatDate, todayInLusaka } from '../../format/dates';
import { formatMoney, fromWire, HOME_CURRENCY } from '../../format/money';
import { recentKey } from '../../offline/recent';
import { t } from './messages';

/**
 * Home: what IntelliFin is for someone signed out; "Set up your business" for someone with
 * none; otherwise the business's start page, with its getting-started checklist and the
 * money it holds.
 */
export default function HomeScreen() {
  const session = useSession();
  if (session.status === 'signed_out') {
    return <Landing />;
  }
  if (session.status === 'loading' || session.user === null) {
    return <Skeleton label={t('start.loading')} lines={4} />;
  }
  const organization = session.currentOrganization;
  if (organization === null) {
    return <SetUpBusiness name={session.user.name} />;
  }
  return <StartPage key={organization.id} organization={organization} can={session.can} />;
}

function Landing() {
  return (
    <section class="screen landing" aria-labelledby="landing-title">
      <h1 id="landing-title">{t('landing.title')}</h1>
      <p class="landing__lead">{t('landing.lead')}</p>
      <p>{t('landing.forWhom')}</p>
      <ul class="landing__points">
        <li>{t('landing.point.ledger')}</li>
        <li>{t('landing.point.team')}</li>
        <li>{t('landing.point.offline')}</li>
      </ul>
      <p class="landing__actions">
        <Link href="/register" class="button">
          {t('landing.createAccount')}
        </Link>
        <span>
          {t('landing.haveAccount')} <Link href="/sign-in">{t('landing.signIn')}</Link>
        </span>
      </p>
      <p class="muted">
        <Link href="/status">{t('landing.status')}</Link>
      </p>
    </section>
  );
}

function SetUpBusiness({ name }: { readonly name: string }) {
  return (
    <section class="screen" aria-labelledby="setup-title">
      <h1 id="setup-title">{t('setup.title', { name })}</h1>
      <p>{t('setup.body')}</p>
      <p>
        <Link href="/organizations/new" class="button">
          {t('setup.action')}
        </Link>
      </p>
      <p class="muted">{t('setup.invited')}</p>
    </section>
  );
}

interface MoneyAccount {
  readonly id: string;
  readonly name: string;
  readonly balance: string;
}

/** One step of getting started: `null` where the role cannot see whether it is done. */
interface StartFigures {
  readonly profileDone: boolean | null;
  readonly teamDone: boolean | null;
  readonly openingDone: boolean | null;
  /** Cash, bank and mobile money accounts with their balance today (decimal strings, as on the wire). */
  readonly money: readonly MoneyAccount[] | null;
  readonly asOf: string;
}

const MONEY_SUBTYPES = new Set(['cash', 'bank', 'mobile_money_wallet']);
/** The start page is shown offline from the phone's copy for a week. */
const START_TTL_MS = 7 * 24 * 3_600_000;

type Can = Session['can'];

/** Each figure the role may see, asked at once; one the API refuses leaves the others shown. */
async function loadStart(orgId: string, can: Can, signal: AbortSignal): Promise<StartFigures> {
  const asOf = todayInLusaka();
  const ledger = can('ledger:read');
  const [profile, members, invitations, chart, balances] = await Promise.all([
    can('organization:read') ? getProfile(orgId, signal) : null,
    can('users:read') ? listMembers(orgId, { limit: 2 }, signal) : null,
    can('users:read') ? listInvitations(orgId, { limit: 1 }, signal) : null,
    ledger ? listChart(orgId, signal) : null,
    ledger ? getTrialBalance(orgId, asOf, undefined, signal) : null,
  ]);
  const balanceOf = new Map((balances?.rows ?? []).map((row) => [row.account_id, row.balance]));
  return {
    asOf,
    profileDone: profile === null ? null : profile.logo_url !== null,
    teamDone: members === null || invitations === null ? null : members.items.length > 1 || invitations.items.length > 0,
    openingDone: balances === null ? null : balances.rows.some((row) => fromWire(row.balance, HOME_CURRENCY) !== 0n),
    money:
      chart === null
        ? null
        : chart
            .filter((account) => !account.is_header && account.archived_at === null && MONEY_SUBTYPES.has(account.subtype))
            .map((account) => ({ id: account.id, name: account.name, balance: balanceOf.get(account.id) ?? '0' })),
  };
}

function StartPage({ organization, can }: { readonly organization: OrganizationMembership; readonly can: Can }) {
  // What is asked depends on the role; `can` is a new function at each session change, the
  // permissions it reads are not.
  const permissions = organization.permissions.join(' ');
  const load = useCallback(
    (signal: AbortSignal) => loadStart(organization.id, (permission) => permissions.split(' ').includes(permission), signal),
    [organization.id, permissions],
  );
  const saved = useMemo(() => recentKey<StartFigures>('home.start', organization.id, START_TTL_MS), [organization.id]);
  const start = useResource(load, saved);
  const figures = start.data;

  return (
    <section class="screen" aria-labelledby="start-title">
      <h1 id="start-title">{organization.name}</h1>
      {figures === undefined ? (
        start.error !== undefined ? (
          <ProblemNotice error={start.error} />
        ) : (
          <Skeleton label={t('start.loading')} lines={4} />
        )
      ) : (
        <>
          <Checklist figures={figures} can={can} />
          {figures.money !== null && <MoneyFigures money={figures.money} asOf={figures.asOf} />}
        </>
      )}
    </section>
  );
}

interface Step {
  readonly label: string;
  readonly href: string;
  readonly done: boolean;
}

function Checklist({ figures, can }: { readonly figures: StartFigures; readonly can: Can }) {
  const steps: Step[] = [];
  if (figures.profileDone !== null && can('organization:manage')) {
    steps.push({ label: t('start.profile'), href: '/organization', done: figures.profileDone });
  }
  if (figures.teamDone !== null && can('users:invite')) {
    steps.push({ label: t('start.team'), href: '/team/invitations', done: figures.teamDone });
  }
  if (figures.openingDone !== null && can('ledger:post')) {
    steps.push({ label: t('start.opening'), href: '/ledger/new-entry', done: figures.openingDone });
  }
  if (steps.length === 0) {
    return null;
  }
  const done = steps.filter((step) => step.done).length;
  return (
    <section class="card" aria-labelledby="checklist-title">
      <h2 id="checklist-title">{t('start.checklistTitle')}</h2>
      <p class="muted">{t('start.checklistProgress', { done, total: steps.length })}</p>
      <ul class="checklist">
        {steps.map((step) => (
          <li key={step.href} class={step.done ? 'checklist__step checklist__step--done' : 'checklist__step'}>
            <span class="checklist__state">
              <span aria-hidden="true">{step.done ? '✓' : '○'}</span> {step.done ? t('start.done') : t('start.toDo')}
            </span>
            <Link href={step.href}>{step.label}</Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

function MoneyFigures({ money, asOf }: { readonly money: readonly MoneyAccount[]; readonly asOf: string }) {
  const total = money.reduce((sum, account) => sum + fromWire(account.balance, HOME_CURRENCY), 0n);
  return (
    <section class="card" aria-labelledby="money-title">
      <h2 id="money-title">{t('start.moneyTitle')}</h2>
      {money.length === 0 ? (
        <p class="muted">{t('start.moneyEmpty')}</p>
      ) : (
        <dl class="figures">
          {money.map((account) => (
            <div key={account.id} class="figures__row">
              <dt>
                <Link href={`/ledger/accounts/${encodeURIComponent(account.id)}`}>{account.name}</Link>
              </dt>
              <dd>{formatMoney(fromWire(account.balance, HOME_CURRENCY), HOME_CURRENCY)}</dd>
            </div>
          ))}
          <div class="figures__row figures__row--total">
            <dt>{t('start.moneyTotal')}</dt>
            <dd>{formatMoney(total, HOME_CURRENCY)}</dd>
          </div>
        </dl>
      )}
      <p class="muted">{t('start.asOf', { date: formatDate(asOf) })}</p>
    </section>
  );
}
