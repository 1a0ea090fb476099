/**
 * The financial statements' endpoints as the reports screens use them, typed by the API schema.
 * Money is a decimal string on the wire; the screen turns it into `bigint` ngwee.
 */
import { api } from './client';
import type { RequestBodyOf, ResponseOf } from './paths';

// Named by the paths that carry them, not by the API's schema names, which may change.
export type Statement = ResponseOf<'/api/v1/orgs/{org_id}/reports/profit-and-loss', 'get'>;
export type StatementRow = Statement['rows'][number];
export type ChangesInEquity = ResponseOf<'/api/v1/orgs/{org_id}/reports/changes-in-equity', 'get'>;
export type EquityColumn = ChangesInEquity['total'];

/** The four statements, in the order accountants read them. */
export const STATEMENT_KINDS = ['profit_and_loss', 'financial_position', 'cash_flows', 'changes_in_equity'] as const;
export type StatementKind = (typeof STATEMENT_KINDS)[number];

/** How the period is chosen: one containing a date (in the organization's fiscal year), or dates. */
export const PERIOD_CHOICES = ['month', 'quarter', 'fiscal_year', 'year_to_date', 'custom'] as const;
export type PeriodChoice = (typeof PERIOD_CHOICES)[number];

/** The comparatives offered by name; other dates are `YYYY-MM-DD..YYYY-MM-DD` (a date for a position). */
export const NAMED_COMPARISONS = ['previous_period', 'same_period_last_year'] as const;
export type NamedComparison = (typeof NAMED_COMPARISONS)[number];
/** The API's limit on comparative columns. */
export const MAX_COMPARATIVES = 3;

export interface Query {
  readonly kind: StatementKind;
  readonly period: PeriodChoice;
  /** The date the chosen period contains (not used for custom dates). */
  readonly date: string;
  /** Custom dates; `from` is not used for a financial position (`to` is its date). */
  readonly from: string;
  readonly to: string;
  /** Up to 3 comparative columns, in the API's words. */
  readonly compare: readonly string[];
  /** A layout version's reference; the tier's default when absent. */
  readonly layout?: string | undefined;
}

/** The period part of a statement's query: a kind and a date, or the dates themselves. */
function periodParams(query: Query): { period: Exclude<PeriodChoice, 'custom'>; date: string } | null {
  return query.period === 'custom' ? null : { period: query.period, date: query.date };
}

/** A profit or loss, financial position or cash-flow statement. */
export function getStatement(orgId: string, query: Query, signal?: AbortSignal): Promise<Statement> {
  const path = { org_id: orgId };
  const compare = query.compare.length === 0 ? null : [...query.compare];
  const layout_version = query.layout ?? null;
  const chosen = periodParams(query);
  if (query.kind === 'financial_position') {
    return api.call('get', '/api/v1/orgs/{org_id}/reports/financial-position', {
      path,
      query: chosen === null ? { as_of: query.to, compare, layout_version } : { ...chosen, compare, layout_version },
      signal,
    });
  }
  const period = chosen === null ? { from: query.from, to: query.to, compare, layout_version } : { ...chosen, compare, layout_version };
  if (query.kind === 'cash_flows') {
    return api.call('get', '/api/v1/orgs/{org_id}/reports/cash-flows', { path, query: period, signal });
  }
  return api.call('get', '/api/v1/orgs/{org_id}/reports/profit-and-loss', { path, query: period, signal });
}

/** The statement of changes in equity for a period. */
export function getChangesInEquity(orgId: string, query: Query, signal?: AbortSignal): Promise<ChangesInEquity> {
  const chosen = periodParams(query);
  const layout_version = query.layout ?? null;
  return api.call('get', '/api/v1/orgs/{org_id}/reports/changes-in-equity', {
    path: { org_id: orgId },
    query: chosen === null ? { from: query.from, to: query.to, layout_version } : { ...chosen, layout_version },
    signal,
  });
}

export type SignOff = ResponseOf<'/api/v1/orgs/{org_id}/reports/sign-offs', 'post'>;
export type SignOffStatus = 'reviewed' | 'approved';

/** Sign-offs of periods overlapping `from`..`to`, newest first, each saying whether it is stale. */
export function listSignOffs(orgId: string, from: string, to: string, signal?: AbortSignal): Promise<SignOff[]> {
  return api.call('get', '/api/v1/orgs/{org_id}/reports/sign-offs', { path: { org_id: orgId }, query: { from, to }, signal });
}

/** Mark the period's statements reviewed or approved at the current ledger head. */
export function signOff(orgId: string, from: string, to: string, status: SignOffStatus, note: string): Promise<SignOff> {
  return api.call('post', '/api/v1/orgs/{org_id}/reports/sign-offs', {
    path: { org_id: orgId },
    body: { date_from: from, date_to: to, status, note, layout_versions: {} },
  });
}

export type LayoutVersion = ResponseOf<'/api/v1/orgs/{org_id}/report-layouts', 'get'>[number];
export type Layout = RequestBodyOf<'/api/v1/orgs/{org_id}/report-layouts', 'post'>;
export type LayoutNode = Layout['sections'][number];
export type Validation = ResponseOf<'/api/v1/orgs/{org_id}/report-layouts/validate', 'post'>;
export type LayoutProblem = Validation['problems'][number];

/** The built-in defaults, then the newest version of each of the organization's layouts. */
export function listLayouts(orgId: string, signal?: AbortSignal): Promise<LayoutVersion[]> {
  return api.call('get', '/api/v1/orgs/{org_id}/report-layouts', { path: { org_id: orgId }, signal });
}

/** The validator's problems with a layout against the chart today (nothing saved). */
export function validateLayout(orgId: string, layout: Layout): Promise<Validation> {
  return api.call('post', '/api/v1/orgs/{org_id}/report-layouts/validate', { path: { org_id: orgId }, body: layout });
}

/** Save as a new layout (`layoutId` null: a copy) or as the next version of `layoutId`. */
export function saveLayout(orgId: string, layoutId: string | null, layout: Layout): Promise<LayoutVersion> {
  if (layoutId === null) {
    return api.call('post', '/api/v1/orgs/{org_id}/report-layouts', { path: { org_id: orgId }, body: layout });
  }
  return api.call('post', '/api/v1/orgs/{org_id}/report-layouts/{layout_id}/versions', {
    path: { org_id: orgId, layout_id: layoutId },
    body: layout,
  });
}

export type Notes = ResponseOf<'/api/v1/orgs/{org_id}/reports/notes', 'get'>;
export type NewNotes = RequestBodyOf<'/api/v1/orgs/{org_id}/reports/notes', 'put'>;

/** The newest notes, or the defaults of the tier the turnover suggests. */
export function getNotes(orgId: string, signal?: AbortSignal): Promise<Notes> {
  return api.call('get', '/api/v1/orgs/{org_id}/reports/notes', { path: { org_id: orgId }, signal });
}

/** Save a new version of the notes. */
export function putNotes(orgId: string, notes: NewNotes): Promise<Notes> {
  return api.call('put', '/api/v1/orgs/{org_id}/reports/notes', { path: { org_id: orgId }, body: notes });
}
