/**
 * Calls the typed client cannot make yet: a multipart body (the logo) and answers that are
 * files (the logo image, the export zip). Same failures as the client: `ApiProblem`,
 * `ApiNetworkError`, `ApiTimeoutError`; same credentials: the session's access token, and
 * after a 401 one renewal (through any typed call, which renews it) and one retry.
 *
 * BRIDGE: the client (src/api/client.ts) sends JSON only and does not expose the token.
 * Once it takes `FormData` bodies and can return a `Blob`, or exports an authorised fetch,
 * this file goes and api.ts calls the client.
 */
import { api, ApiNetworkError, ApiProblem, ApiTimeoutError, DEFAULT_TIMEOUT_MS, SWA_AUTHORIZATION_HEADER, type FieldProblem } from '../../api/client';
import { currentAccessToken } from '../../app/session';
import { t } from '../../i18n';

export interface RawOptions {
  readonly method?: 'GET' | 'PUT' | 'POST';
  readonly body?: FormData;
  readonly accept?: string;
  readonly signal?: AbortSignal | undefined;
  readonly timeoutMs?: number;
}

/** Sends `path` and resolves to the successful response, body unread. */
export async function sendRaw(path: string, options: RawOptions = {}): Promise<Response> {
  const token = currentAccessToken();
  try {
    return await attempt(path, options, token);
  } catch (error) {
    if (!(token !== null && error instanceof ApiProblem && error.status === 401)) {
      throw error;
    }
    // A typed call renews an expired token on its own; then one retry with the new one.
    await api.call('get', '/api/v1/me');
    const renewed = currentAccessToken();
    if (renewed === null || renewed === token) {
      throw error;
    }
    return attempt(path, options, renewed);
  }
}

async function attempt(path: string, options: RawOptions, token: string | null): Promise<Response> {
  const headers: Record<string, string> = { Accept: options.accept ?? 'application/json' };
  if (token !== null) {
    headers.Authorization = `Bearer ${token}`;
    headers[SWA_AUTHORIZATION_HEADER] = `Bearer ${token}`;
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const stop = (): void => controller.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', stop, { once: true });
  try {
    let response: Response;
    try {
      response = await fetch(path, {
        method: options.method ?? 'GET',
        headers,
        body: options.body,
        credentials: 'same-origin',
        signal: controller.signal,
      });
    } catch (error) {
      if (options.signal?.aborted) {
        throw options.signal.reason;
      }
      throw timedOut ? new ApiTimeoutError(timeoutMs) : new ApiNetworkError({ cause: error });
    }
    if (!response.ok) {
      throw await problemOf(response);
    }
    return response;
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', stop);
  }
}

async function problemOf(response: Response): Promise<ApiProblem> {
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = await response.json();
    if (typeof parsed === 'object' && parsed !== null) {
      body = parsed as Record<string, unknown>;
    }
  } catch {
    body = {};
  }
  const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
  const errors = Array.isArray(body.errors)
    ? (body.errors as unknown[]).flatMap((item): FieldProblem[] =>
        typeof item === 'object' && item !== null
          ? [
              {
                field: text((item as Record<string, unknown>).field) ?? '',
                code: text((item as Record<string, unknown>).code) ?? '',
                message: text((item as Record<string, unknown>).message) ?? '',
              },
            ]
          : [],
      )
    : undefined;
  const title = text(body.title);
  return new ApiProblem({
    type: text(body.type) ?? 'about:blank',
    status: response.status,
    code: text(body.code) ?? 'http_error',
    title: title ?? text(body.detail) ?? t('error.httpStatus', { status: response.status }),
    detail: title === null ? null : text(body.detail),
    ...(errors === undefined ? {} : { errors }),
  });
}
