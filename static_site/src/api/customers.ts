/**
 * Customers as the customer screens use them, typed by the API schema: list (search,
 * filters, sort, cursor pages), read, create, replace, statement, CSV import and export.
 * Amounts on a statement are decimal strings (`"1234.50"`); the screens read them with
 * `fromWire` and never make a floating-point number of them.
 */
import { api, type DownloadedFile } from './client';
import type { QueryOf, RequestBodyOf, ResponseOf } from './paths';

type CustomerList = ResponseOf<'/api/v1/orgs/{org_id}/customers', 'get'>;
export type Customer = CustomerList['items'][number];
export type CustomerKind = Customer['kind'];
export type CustomerBody = RequestBodyOf<'/api/v1/orgs/{org_id}/customers', 'post'>;
export type CustomerCreated = ResponseOf<'/api/v1/orgs/{org_id}/customers', 'post'>;
export type CustomerQuery = NonNullable<QueryOf<'/api/v1/orgs/{org_id}/customers', 'get'>>;
export type CustomerSort = NonNullable<CustomerQuery['sort']>;
export type Statement = ResponseOf<'/api/v1/orgs/{org_id}/customers/{customer_id}/statement', 'get'>;
export type StatementLine = Statement['lines'][number];
export type ImportResult = ResponseOf<'/api/v1/orgs/{org_id}/customers/import', 'post'>;
export type ImportProblem = ImportResult['problems'][number];

export const CUSTOMER_KINDS: readonly CustomerKind[] = ['business', 'individual'];

/** The aging buckets of a statement (`shared_code/sales/statements.py`), youngest first. */
export const AGING_BUCKETS = ['current', '1_30', '31_60', '61_90', 'over_90'] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];

export function listCustomers(orgId: string, query: CustomerQuery, signal?: AbortSignal): Promise<CustomerList> {
  return api.call('get', '/api/v1/orgs/{org_id}/customers', { path: { org_id: orgId }, query, signal });
}

export function getCustomer(orgId: string, customerId: string, signal?: AbortSignal): Promise<Customer> {
  return api.call('get', '/api/v1/orgs/{org_id}/customers/{customer_id}', {
    path: { org_id: orgId, customer_id: customerId },
    signal,
  });
}

/** Saves a new customer; the answer lists existing customers with the same TPIN, e-mail or phone. */
export function createCustomer(orgId: string, customer: CustomerBody): Promise<CustomerCreated> {
  return api.call('post', '/api/v1/orgs/{org_id}/customers', { path: { org_id: orgId }, body: customer });
}

export function replaceCustomer(orgId: string, customerId: string, customer: CustomerBody): Promise<Customer> {
  return api.call('put', '/api/v1/orgs/{org_id}/customers/{customer_id}', {
    path: { org_id: orgId, customer_id: customerId },
    body: customer,
  });
}

/** The statement up to `asOf` (today in Lusaka when not given). */
export function getStatement(orgId: string, customerId: string, asOf: string | undefined, signal?: AbortSignal): Promise<Statement> {
  return api.call('get', '/api/v1/orgs/{org_id}/customers/{customer_id}/statement', {
    path: { org_id: orgId, customer_id: customerId },
    query: { as_of: asOf ?? null },
    signal,
  });
}

/** Checks a CSV file's text (`preview`), or saves its good rows; every bad row is listed either way. */
export function importCustomers(orgId: string, csv: string, preview: boolean): Promise<ImportResult> {
  return api.call('post', '/api/v1/orgs/{org_id}/customers/import', {
    path: { org_id: orgId },
    body: { csv, preview },
    // A file of thousands of rows takes the server longer than a form.
    timeoutMs: 60_000,
  });
}

/** Every customer as CSV, in the columns an import reads. */
export function exportCustomers(orgId: string): Promise<DownloadedFile> {
  return api.download('/api/v1/orgs/{org_id}/customers/export', { path: { org_id: orgId }, accept: 'text/csv' });
}
