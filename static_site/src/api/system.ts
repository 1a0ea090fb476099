/** The API's own health: is it up (`/api/health`) and can it do its work (`/api/ready`)? */
import { api } from './client';
import type { components } from './schema';

/** `GET /api/health`: the process answers. */
export type Health = components['schemas']['Health'];

/** One dependency the API needs, such as the database. */
export type ReadinessCheck = components['schemas']['Check'];

/** `GET /api/ready`: 200 when every check passes, 503 with the same shape when one fails. */
export type Readiness = components['schemas']['Readiness'];

export function getHealth(signal?: AbortSignal): Promise<Health> {
  return api.call('get', '/api/health', { signal });
}

export function getReadiness(signal?: AbortSignal): Promise<Readiness> {
  return api.call('get', '/api/ready', { signal, acceptStatuses: [503] });
}
