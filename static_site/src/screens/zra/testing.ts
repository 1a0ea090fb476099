/**
 * For the ZRA screens' tests: the device as the API answers it before and after
 * initialisation, the business profile, submissions and calls, and a signed-in session whose
 * role grants the permissions asked for.
 */
import type { Me } from '../../api/auth';
import type { ProfileOut } from '../../api/organizations';
import type { Codes, Device, Fiscal, Submission, VsdcCall } from '../../api/zra';
import { me, ORG_ID, signedIn, type FakeApi, type Handler } from '../../test/fakeApi';
import type { ZraPermission } from './access';

export { ORG_ID };

export const ORG = `/api/v1/orgs/${ORG_ID}`;

export const NOT_CONFIGURED: Device = { configured: false, initialised: false };

export function device(changes: Partial<Device> = {}): Device {
  return {
    configured: true,
    vsdc_url: 'http://10.0.0.5:8080/zrasandboxvsdc',
    tpin: '1002345678',
    branch_id: '000',
    device_serial: 'LUS-TRD-0001',
    initialised: false,
    sdc_id: null,
    mrc_no: null,
    initialised_at: null,
    updated_at: '2026-03-14T08:00:00Z',
    taxpayer_name: null,
    branch_name: null,
    ...changes,
  };
}

export const INITIALISED: Device = device({
  initialised: true,
  sdc_id: 'SDC0010000123',
  mrc_no: 'WIS00000123',
  initialised_at: '2026-03-14T08:05:00Z',
  taxpayer_name: 'LUSAKA TRADERS LTD',
  branch_name: 'Head Office',
});

export function profile(changes: Partial<ProfileOut> = {}): ProfileOut {
  return {
    legal_name: 'Lusaka Traders Ltd',
    trading_name: null,
    business_type: 'private_ltd_shares',
    tpin: '1002345678',
    vat_registered: true,
    vat_effective_date: '2024-01-01',
    turnover_tax: false,
    pacra_number: null,
    physical_address: { line1: 'Plot 1', line2: null, town: 'Lusaka', province: 'lusaka' },
    postal_address: null,
    phone: '+260971234567',
    email: 'office@lusaka-traders.co.zm',
    base_currency: 'ZMW',
    fiscal_year_start_month: 1,
    logo_url: null,
    tpin_locked: false,
    ...changes,
  };
}

export const FISCALISED: Fiscal = {
  status: 'fiscalised',
  receipt_number: 17,
  sdc_id: 'SDC0010000123',
  fiscal_at: '20260314103005',
  internal_data: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  signature: 'WXYZ1234ABCD5678',
  qr_url: 'https://sandboxportal.zra.org.zm/indexInvoiceData?Data=1002345678000WXYZ1234ABCD5678',
  mrc_no: 'WIS00000123',
  attempts: 1,
  last_result_code: '000',
  last_error: null,
};

export const REJECTED: Fiscal = {
  status: 'rejected',
  attempts: 1,
  last_result_code: '910',
  last_error: 'Registering item CEM50: item class 99999999 does not exist',
};

export function submission(changes: Partial<Submission> = {}): Submission {
  return {
    id: 'sub-1',
    document_type: 'invoice',
    document_id: 'inv-1',
    document_number: 'INV-2026-00042',
    branch_id: '000',
    queued_at_position: 42,
    next_attempt_at: '2026-03-14T08:31:00Z',
    fiscalised_at: null,
    fiscal: { status: 'pending', attempts: 0 },
    ...changes,
  };
}

export function call(changes: Partial<VsdcCall> = {}): VsdcCall {
  return {
    id: 'call-1',
    at: '2026-03-14T08:30:05Z',
    endpoint: '/trnsSales/saveSales',
    url: 'http://10.0.0.5:8080/zrasandboxvsdc/trnsSales/saveSales',
    document: 'INV-2026-00042',
    outcome: 'answered',
    http_status: 200,
    result_code: '000',
    result_message: 'It is succeeded',
    duration_ms: 412,
    request: '{"tpin":"1002345678","bhfId":"000","cisInvcNo":"INV-2026-00042"}',
    response: '{"resultCd":"000","resultMsg":"It is succeeded","data":{"rcptNo":17}}',
    ...changes,
  };
}

/** Codes before the first fetch. */
export const NO_CODES: Codes = { synced_at: null, code_count: 0, rates: {}, item_classes_synced_at: null, item_class_count: 0 };

export const ZRA_MANAGER: readonly string[] = ['zra:manage', 'invoices:read', 'organization:read'] satisfies readonly ZraPermission[];

/** A person signed in to the test organization with `permissions` there, and the API's answers. */
export function signedInToZra(routes: Record<string, Handler | Response | object> = {}, permissions: readonly string[] = ZRA_MANAGER): Promise<FakeApi> {
  const person: Me = me({
    organizations: [
      {
        organization_id: ORG_ID,
        organization_name: 'Lusaka Traders Ltd',
        role: 'accountant',
        permissions: [...permissions],
        require_mfa: false,
      },
    ],
  });
  return signedIn(
    {
      [`GET ${ORG}/profile`]: profile(),
      [`GET ${ORG}/zra/settings`]: NOT_CONFIGURED,
      [`GET ${ORG}/zra/codes`]: NO_CODES,
      [`GET ${ORG}/zra/devices`]: { items: [INITIALISED] },
      [`GET ${ORG}/zra/stock`]: { items: [], movements: [] },
      ...routes,
    },
    person,
  );
}

/** The last of `items` (the newest request), or undefined when there is none. */
export function lastOf<T>(items: readonly T[]): T | undefined {
  return items[items.length - 1];
}
