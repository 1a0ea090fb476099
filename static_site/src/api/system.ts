/** The API's own health: is it up (`/api/health`) and can it do its work (`/api/ready`)? */
import { api } from './client';

/** `GET /api/health`: the process answers. */
export interface Health {
  readonly status: 'ok';
}

/** One dependency the API needs, such as the database. */
export interface ReadinessCheck {
  readonly ok: boolean;
  /** Why the check failed, when it did. */
  readonly detail: string | null;
}

/** `GET /api/ready`: 200 when every check passes, 503 with the same shape when one fails. */
export interface Readiness {
  readonly status: 'ready' | 'not_ready';
  readonly checks: Readonly<Record<string, ReadinessCheck>>;
}

export function getHealth(signal?: AbortSignal): Promise<Health> {
  return api.request<Health>('/api/health', { signal });
}

export function getReadiness(signal?: AbortSignal): Promise<Readiness> {
  return api.request<Readiness>('/api/ready', { signal, acceptStatuses: [503] });
}
