/**
 * The ZRA Smart Invoice endpoints as the ZRA screens use them (the device settings and its
 * initialisation, the documents sent to ZRA, the integration log, and the retry of a refused
 * invoice), typed by the API schema.
 */
import { api } from './client';
import type { QueryOf, RequestBodyOf, ResponseOf } from './paths';

// Named by the paths that carry them, not by the API's schema names, which may change.
export type Device = ResponseOf<'/api/v1/orgs/{org_id}/zra/settings', 'get'>;
export type DeviceSettings = RequestBodyOf<'/api/v1/orgs/{org_id}/zra/settings', 'put'>;
export type DeviceIdentity = RequestBodyOf<'/api/v1/orgs/{org_id}/zra/identity', 'post'>;
export type SubmissionList = ResponseOf<'/api/v1/orgs/{org_id}/zra/submissions', 'get'>;
export type Submission = SubmissionList['items'][number];
export type Fiscal = Submission['fiscal'];
export type SubmissionFilter = NonNullable<NonNullable<QueryOf<'/api/v1/orgs/{org_id}/zra/submissions', 'get'>>['status']>;
export type CallList = ResponseOf<'/api/v1/orgs/{org_id}/zra/log', 'get'>;
export type VsdcCall = CallList['items'][number];
export type RequeuedInvoice = ResponseOf<'/api/v1/orgs/{org_id}/invoices/{invoice_id}/fiscalise', 'post'>;

/**
 * How long initialisation may take: the server waits up to 120 s for the VSDC
 * (`ZRA_INIT_TIMEOUT_SECONDS`), so the phone waits a little longer than that.
 */
export const INITIALISE_TIMEOUT_MS = 150_000;

export function getDevice(orgId: string, signal?: AbortSignal): Promise<Device> {
  return api.call('get', '/api/v1/orgs/{org_id}/zra/settings', { path: { org_id: orgId }, signal });
}

/** Saves the VSDC address, TPIN, branch and serial; once initialised only the address may change. */
export function saveDevice(orgId: string, settings: DeviceSettings): Promise<Device> {
  return api.call('put', '/api/v1/orgs/{org_id}/zra/settings', { path: { org_id: orgId }, body: settings });
}

/**
 * Asks the VSDC for the identity of `branchId`'s device (once; repeating it answers what is stored).
 * Each branch has its own device; without a branch, the main one (the head office's).
 */
export function initialiseDevice(orgId: string, branchId: string | null = null): Promise<Device> {
  return api.call('post', '/api/v1/orgs/{org_id}/zra/initialise', {
    path: { org_id: orgId },
    query: { branch_id: branchId },
    timeoutMs: INITIALISE_TIMEOUT_MS,
  });
}

/** Records the SDC id (and MRC number) ZRA gave by hand for a branch's device another system initialised. */
export function recordIdentity(orgId: string, identity: DeviceIdentity, branchId: string | null = null): Promise<Device> {
  return api.call('post', '/api/v1/orgs/{org_id}/zra/identity', { path: { org_id: orgId }, query: { branch_id: branchId }, body: identity });
}

export interface SubmissionQuery {
  readonly status?: SubmissionFilter | undefined;
  readonly cursor?: string | null;
  readonly limit?: number;
}

/** One page of the documents sent (or to send) to ZRA, newest first. */
export function listSubmissions(orgId: string, query: SubmissionQuery, signal?: AbortSignal): Promise<SubmissionList> {
  return api.call('get', '/api/v1/orgs/{org_id}/zra/submissions', {
    path: { org_id: orgId },
    query: { status: query.status ?? null, cursor: query.cursor ?? null, limit: query.limit ?? 50 },
    signal,
  });
}

/** One page of the calls made to the VSDC, newest first. */
export function listCalls(orgId: string, query: { readonly cursor?: string | null; readonly limit?: number }, signal?: AbortSignal): Promise<CallList> {
  return api.call('get', '/api/v1/orgs/{org_id}/zra/log', {
    path: { org_id: orgId },
    query: { cursor: query.cursor ?? null, limit: query.limit ?? 50 },
    signal,
  });
}

/** Queues an invoice ZRA refused again, once its cause is fixed (409 `zra_not_rejected` otherwise). */
export function fiscaliseInvoice(orgId: string, invoiceId: string): Promise<RequeuedInvoice> {
  return api.call('post', '/api/v1/orgs/{org_id}/invoices/{invoice_id}/fiscalise', {
    path: { org_id: orgId, invoice_id: invoiceId },
  });
}

export type Codes = ResponseOf<'/api/v1/orgs/{org_id}/zra/codes', 'get'>;

/** When ZRA's standard codes were last fetched, how many are held, and the tax rates they give. */
export function getCodes(orgId: string, signal?: AbortSignal): Promise<Codes> {
  return api.call('get', '/api/v1/orgs/{org_id}/zra/codes', { path: { org_id: orgId }, signal });
}

/** Fetches what changed in ZRA's codes since the last fetch; the codes held are kept if it fails. */
export function syncCodes(orgId: string): Promise<Codes> {
  return api.call('post', '/api/v1/orgs/{org_id}/zra/codes/sync', { path: { org_id: orgId }, timeoutMs: 60_000 });
}

export type DeviceList = ResponseOf<'/api/v1/orgs/{org_id}/zra/devices', 'get'>;

/** Every branch's device (one VSDC device per branch), by branch id. */
export function listDevices(orgId: string, signal?: AbortSignal): Promise<DeviceList> {
  return api.call('get', '/api/v1/orgs/{org_id}/zra/devices', { path: { org_id: orgId }, signal });
}

export type Stock = ResponseOf<'/api/v1/orgs/{org_id}/zra/stock', 'get'>;

/** Each stock-tracked item's quantity on hand as ZRA is told it, and the latest stock movements sent. */
export function getStock(orgId: string, signal?: AbortSignal): Promise<Stock> {
  return api.call('get', '/api/v1/orgs/{org_id}/zra/stock', { path: { org_id: orgId }, signal });
}
