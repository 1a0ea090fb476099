import { useCallback, useState } from 'preact/hooks';
import { auditLog, type AuditEntry } from '../../api/team';
import { ProblemNotice } from '../../components/ProblemNotice';
import { DataTable, type Column } from '../../components/DataTable';
import { DateField, dateError } from '../../components/DateInput';
import { ErrorSummary } from '../../components/ErrorSummary';
import { useCursorPages, type Page, type PageQuery } from '../../components/useCursorPages';
import { useForm, type FormSpec } from '../../components/useForm';
import { formatDateTime, parseDate } from '../../format/dates';
import { isPlainMessageKey, t } from './messages';
import { describeDevice } from '../account/devices';
import { SelectField } from '../../components/SelectField';
import { TeamFrame, useOrganizationId } from './TeamFrame';

const PAGE_SIZE = 25;

/** The events the API records (`shared_code/identity`), in the order a person looks for them. */
export const AUDIT_EVENTS = [
  'login_succeeded',
  'login_failed',
  'logout',
  'logout_everywhere',
  'session_revoked',
  'refresh_token_reuse_detected',
  'mfa_enrolment_started',
  'mfa_enabled',
  'mfa_disabled',
  'mfa_failed',
  'recovery_codes_regenerated',
  'reauthentication_failed',
  'password_reset_requested',
  'password_reset_completed',
  'password_changed',
  'user_registered',
  'registration_for_existing_account',
  'email_verified',
  'invitation_sent',
  'invitation_resent',
  'invitation_revoked',
  'invitation_accepted',
  'member_role_changed',
  'member_deactivated',
  'member_reactivated',
  'role_created',
  'role_updated',
  'role_deleted',
  'organization_created',
  'organization_profile_changed',
  'organization_logo_changed',
  'organization_mfa_required_changed',
  'organization_exported',
  'organization_deletion_requested',
  'organization_restored',
] as const;

/** An event type in words; a type this version does not know yet is shown as the API names it. */
export function eventName(type: string): string {
  const key = `audit.event.${type}`;
  return isPlainMessageKey(key) ? t(key) : type;
}

/** Lusaka keeps UTC+2 all year: a day there starts at 00:00+02:00. */
function startOfLusakaDay(iso: string): string {
  return `${iso}T00:00:00+02:00`;
}

function startOfNextLusakaDay(iso: string): string {
  return new Date(new Date(startOfLusakaDay(iso)).getTime() + 86_400_000).toISOString();
}

interface Filters {
  readonly event: string;
  readonly since: string;
  readonly until: string;
}

const NO_FILTERS: Filters = { event: '', since: '', until: '' };

interface FilterFields {
  readonly since: string;
  readonly until: string;
}

const FILTER_FIELDS: FormSpec<FilterFields> = {
  since: { initial: '', validate: (value) => dateError(value, { optional: true }) },
  until: { initial: '', validate: (value) => dateError(value, { optional: true }) },
};
const FILTER_OPTIONS = { idPrefix: 'audit' } as const;

/** `/team/audit-log`: who signed in, changed what and from where; filtered by event and dates, newest first. */
export default function AuditLogScreen() {
  const orgId = useOrganizationId();
  const form = useForm(FILTER_FIELDS, FILTER_OPTIONS);
  const [event, setEvent] = useState('');
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);

  const apply = (submitted: Event): void => {
    submitted.preventDefault();
    void form.submit(async (values) => {
      const since = parseDate(values.since);
      const until = parseDate(values.until);
      const next = { event, since: since.ok ? since.iso : '', until: until.ok ? until.iso : '' };
      if (next.since !== '' && next.until !== '' && next.until < next.since) {
        form.applyProblem({
          type: 'about:blank',
          status: 422,
          code: 'range_invalid',
          title: t('audit.rangeInvalid'),
          detail: null,
          errors: [{ field: 'until', code: 'range_invalid', message: t('audit.rangeInvalid') }],
        });
        return;
      }
      setFilters(next);
    });
  };

  const clear = (): void => {
    form.set('since', '');
    form.set('until', '');
    setEvent('');
    setFilters(NO_FILTERS);
  };

  return (
    <TeamFrame id="audit" title={t('audit.title')}>
      <form class="team__filters" noValidate onSubmit={apply}>
        <ErrorSummary items={form.summary} />
        <SelectField
          id="audit-event"
          required={false}
          label={t('audit.event')}
          value={event}
          options={[{ value: '', label: t('audit.allEvents') }, ...AUDIT_EVENTS.map((type) => ({ value: type, label: eventName(type) }))]}
          onInput={setEvent}
        />
        <DateField {...form.field('since')} label={t('audit.since')} optional />
        <DateField {...form.field('until')} label={t('audit.until')} optional />
        <div class="form__actions">
          <button type="submit" class="button">
            {t('audit.show')}
          </button>
          <button type="button" class="button button--quiet" onClick={clear}>
            {t('audit.clear')}
          </button>
        </div>
      </form>
      <AuditTable key={`${orgId}|${filters.event}|${filters.since}|${filters.until}`} orgId={orgId} filters={filters} />
    </TeamFrame>
  );
}

function AuditTable({ orgId, filters }: { readonly orgId: string; readonly filters: Filters }) {
  const load = useCallback(
    async ({ cursor, signal }: PageQuery): Promise<Page<AuditEntry>> => {
      const page = await auditLog(
        orgId,
        {
          event_type: filters.event === '' ? undefined : filters.event,
          from: filters.since === '' ? undefined : startOfLusakaDay(filters.since),
          to: filters.until === '' ? undefined : startOfNextLusakaDay(filters.until),
          cursor,
          limit: PAGE_SIZE,
        },
        signal,
      );
      return { items: page.items, nextCursor: page.next_cursor };
    },
    [orgId, filters],
  );
  const pages = useCursorPages(load);

  const person = (name: string | null, email: string | null): string => name ?? email ?? t('audit.nobody');
  const columns: Column<AuditEntry>[] = [
    {
      key: 'when',
      label: t('audit.when'),
      render: (entry) => <time dateTime={entry.occurred_at}>{formatDateTime(entry.occurred_at)}</time>,
    },
    { key: 'event', label: t('audit.event'), render: (entry) => eventName(entry.event_type) },
    { key: 'who', label: t('audit.who'), render: (entry) => person(entry.actor_name, entry.actor_email) },
    { key: 'about', label: t('audit.about'), render: (entry) => person(entry.user_name, entry.user_email) },
    {
      key: 'from',
      label: t('audit.from'),
      render: (entry) =>
        entry.ip_address === null && entry.user_agent === null
          ? t('audit.nobody')
          : [entry.ip_address, entry.user_agent === null ? null : describeDevice(entry.user_agent)].filter((part) => part !== null).join(' · '),
    },
  ];

  return (
    <>
      {pages.error !== undefined && <ProblemNotice error={pages.error} />}
      <DataTable
        caption={t('audit.caption')}
        columns={columns}
        rows={pages.rows}
        rowKey={(entry) => entry.id}
        loading={pages.loading}
        paging={pages.paging}
        empty={<p class="notice">{t('audit.empty')}</p>}
      />
    </>
  );
}
