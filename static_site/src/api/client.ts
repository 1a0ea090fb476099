/**
 * The one way the app talks to the IntelliFin API: JSON (or a `FormData` upload) over fetch,
 * answers read as JSON (or, with `download`, as a file), with a timeout, and every failure
 * turned into one of three typed errors.
 *
 * - `ApiProblem`: the server answered with an error (RFC 9457 problem details when it can).
 * - `ApiNetworkError`: no answer at all (offline, DNS, connection refused).
 * - `ApiTimeoutError`: no answer within the timeout.
 *
 * `call(method, path, …)` is typed by the API schema (`schema.d.ts`, generated from the
 * OpenAPI snapshot): the path and method decide the parameters, body and answer. `request()`
 * is the untyped layer under it, for paths known only at run time (the offline outbox).
 *
 * Authentication (see `app/session.ts`, which installs the authenticator): every call sends
 * the access token twice, as `Authorization: Bearer …` and as
 * `X-IntelliFin-Authorization: Bearer …`, because Azure Static Web Apps replaces
 * `Authorization` on the way to the API. A 401 to a call that carried a token asks the
 * authenticator for a new one (one refresh shared by every caller) and retries once.
 */
import { t } from '../i18n';
import { buildUrl, type ApiMethod, type ApiPath, type CallParts, type PathsFor, type ResponseOf } from './paths';

/** How long a request may take before it is abandoned; slow prepaid data needs patience. */
export const DEFAULT_TIMEOUT_MS = 15_000;

/** One problem with one input field, as the API reports validation failures. */
export interface FieldProblem {
  readonly field: string;
  readonly code: string;
  readonly message: string;
}

/** The fields of an RFC 9457 problem response that the app uses. */
export interface ProblemDetails {
  readonly type: string;
  readonly status: number;
  /** Stable machine-readable code, e.g. `not_found`. */
  readonly code: string;
  /** A short human summary, written by the server. */
  readonly title: string;
  /** A human explanation of this occurrence, when the server gives one. */
  readonly detail: string | null;
  /** Field-level problems of a validation failure. */
  readonly errors?: readonly FieldProblem[];
}

/** Codes the client gives to error answers that carry no problem details of their own. */
export const CLIENT_PROBLEM_CODES = {
  httpError: 'http_error',
  invalidResponse: 'invalid_response',
} as const;

/** The server answered, but with an error (or with a body the app cannot read). */
export class ApiProblem extends Error implements ProblemDetails {
  readonly type: string;
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string | null;
  readonly errors?: readonly FieldProblem[];
  /** From `Retry-After` (429, 503): how many seconds to wait before trying again. */
  readonly retryAfterSeconds?: number;

  constructor(problem: ProblemDetails, extra: { readonly retryAfterSeconds?: number | undefined } = {}) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiProblem';
    if (extra.retryAfterSeconds !== undefined) {
      this.retryAfterSeconds = extra.retryAfterSeconds;
    }
    this.type = problem.type;
    this.status = problem.status;
    this.code = problem.code;
    this.title = problem.title;
    this.detail = problem.detail;
    if (problem.errors !== undefined) {
      this.errors = problem.errors;
    }
  }
}

/** The request got no answer: the phone is offline or the server cannot be reached. */
export class ApiNetworkError extends Error {
  constructor(options?: { cause?: unknown }) {
    super('network request failed', options);
    this.name = 'ApiNetworkError';
  }
}

/** The request got no answer within its timeout. */
export class ApiTimeoutError extends Error {
  readonly timeoutMs: number;

  constructor(timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
    this.name = 'ApiTimeoutError';
    this.timeoutMs = timeoutMs;
  }
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  readonly method?: HttpMethod;
  /** Sent as JSON; a `FormData` is sent as multipart (the browser writes its boundary). */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** Cancels the request; the promise then rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
  /**
   * Error statuses whose body is still the answer, e.g. 503 from `/api/ready`, which
   * describes what is not ready in the same shape as 200.
   */
  readonly acceptStatuses?: readonly number[];
  /**
   * Whether to send the access token and, on a 401, renew it and retry (default `true`).
   * `false` for the calls made before signing in (login, register, refresh, …), whose 401
   * is an answer about the credentials, not about an expired session.
   */
  readonly authenticate?: boolean;
}

/** The header Azure Static Web Apps leaves alone; the API reads it before `Authorization`. */
export const SWA_AUTHORIZATION_HEADER = 'X-IntelliFin-Authorization';

/** Where the client gets the access token, and how it gets a new one when the API refuses it. */
export interface Authenticator {
  /** The access token to send, or null when nobody is signed in. */
  accessToken(): string | null;
  /**
   * Called after a 401 to a call sent with `rejected`. Resolves to the token to retry with
   * (a fresh one, or one another caller already got), or null when the session has ended.
   * Rejects with `ApiNetworkError`/`ApiTimeoutError` when the refresh got no answer.
   */
  renew(rejected: string): Promise<string | null>;
}

export interface ApiClientOptions {
  /** Prefix of every path; empty for the same origin as the app. */
  readonly baseUrl?: string;
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
}

/** Options of a typed call: its path parameters, query and body, plus the usual options. */
export type CallOptions<P extends ApiPath, M extends ApiMethod> = CallParts<P, M> & Omit<RequestOptions, 'method' | 'body'>;

/** The options argument, optional exactly when the operation needs nothing. */
type CallArgs<P extends ApiPath, M extends ApiMethod> =
  Record<string, never> extends CallParts<P, M> ? [options?: CallOptions<P, M>] : [options: CallOptions<P, M>];

/** A file the API answered with: its bytes and the name `Content-Disposition` gives it. */
export interface DownloadedFile {
  readonly blob: Blob;
  /** The `filename` of `Content-Disposition`, or null when the answer names none. */
  readonly fileName: string | null;
}

/** Options of a download: the media types to accept instead of JSON. */
export type DownloadOptions<P extends ApiPath, M extends ApiMethod> = CallParts<P, M> &
  Omit<RequestOptions, 'method' | 'body'> & {
    /** The `Accept` header, e.g. `image/*` or `application/zip`. */
    readonly accept: string;
  };

export interface ApiClient {
  /** Calls `path` and resolves to its JSON body, typed as the caller says it is. */
  request<T>(path: string, options?: RequestOptions): Promise<T>;
  /** Calls an operation of the API schema; its parameters and answer are typed by it. */
  call<M extends ApiMethod, P extends PathsFor<M>>(method: M, path: P, ...args: CallArgs<P, M>): Promise<ResponseOf<P, M>>;
  /** Calls an operation whose answer is a file (an image, an export) and resolves to it. */
  download<P extends PathsFor<'get'>>(path: P, options: DownloadOptions<P, 'get'>): Promise<DownloadedFile>;
  /** Installs (or, with null, removes) what supplies and renews the access token. */
  setAuthenticator(authenticator: Authenticator | null): void;
}

export function createApiClient(options: ApiClientOptions = {}): ApiClient {
  const baseUrl = options.baseUrl ?? '';
  const defaultTimeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // Looked up on each call so a test or a polyfill that replaces `fetch` later still applies.
  const send = (input: string, init: RequestInit): Promise<Response> =>
    (options.fetch ?? globalThis.fetch)(input, init);
  let authenticator: Authenticator | null = null;

  function request<T>(path: string, requestOptions: RequestOptions = {}): Promise<T> {
    return authorised(path, requestOptions, readJson<T>);
  }

  /** Sends with the access token; after a 401, one shared refresh and one retry. */
  async function authorised<T>(path: string, requestOptions: RequestOptions, read: Reader<T>): Promise<T> {
    const auth = requestOptions.authenticate === false ? null : authenticator;
    const token = auth?.accessToken() ?? null;
    try {
      return await attempt(path, requestOptions, token, read);
    } catch (error) {
      if (!(auth !== null && token !== null && error instanceof ApiProblem && error.status === 401)) {
        throw error;
      }
      // The token expired or its session ended: one shared refresh, then one retry.
      const renewed = await auth.renew(token);
      if (renewed === null) {
        throw error;
      }
      return attempt(path, requestOptions, renewed, read);
    }
  }

  async function attempt<T>(path: string, requestOptions: RequestOptions, token: string | null, read: Reader<T>): Promise<T> {
    const timeoutMs = requestOptions.timeoutMs ?? defaultTimeoutMs;
    const headers: Record<string, string> = { Accept: 'application/json', ...requestOptions.headers };
    if (token !== null) {
      headers.Authorization = `Bearer ${token}`;
      headers[SWA_AUTHORIZATION_HEADER] = `Bearer ${token}`;
    }
    let body: string | FormData | undefined;
    if (requestOptions.body instanceof FormData) {
      body = requestOptions.body;
    } else if (requestOptions.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(requestOptions.body);
    }

    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const callerSignal = requestOptions.signal;
    const abortFromCaller = (): void => controller.abort(callerSignal?.reason);
    if (callerSignal?.aborted) {
      abortFromCaller();
    } else {
      callerSignal?.addEventListener('abort', abortFromCaller, { once: true });
    }

    try {
      // Same-origin cookies: the refresh and CSRF cookies of the auth endpoints.
      const init: RequestInit = {
        method: requestOptions.method ?? 'GET',
        headers,
        body,
        signal: controller.signal,
        credentials: 'same-origin',
      };
      let response: Response;
      try {
        response = await send(baseUrl + path, init);
      } catch (error) {
        throw failureOf(error);
      }
      const accepted = response.ok || (requestOptions.acceptStatuses ?? []).includes(response.status);
      if (!accepted) {
        throw await problemFrom(response);
      }
      try {
        return await read(response);
      } catch (error) {
        throw failureOf(error, response.status);
      }
    } finally {
      clearTimeout(timer);
      callerSignal?.removeEventListener('abort', abortFromCaller);
    }

    /** Why fetch or reading the body failed, in the client's terms. */
    function failureOf(error: unknown, status?: number): unknown {
      if (callerSignal?.aborted) {
        return callerSignal.reason;
      }
      if (timedOut) {
        return new ApiTimeoutError(timeoutMs);
      }
      if (status !== undefined) {
        return invalidResponse(status);
      }
      return new ApiNetworkError({ cause: error });
    }
  }

  function call<M extends ApiMethod, P extends PathsFor<M>>(
    method: M,
    path: P,
    ...[options]: CallArgs<P, M>
  ): Promise<ResponseOf<P, M>> {
    const { path: pathParams, query, ...rest } = (options ?? {}) as CallOptions<P, M> & {
      readonly path?: Readonly<Record<string, string | number>>;
      readonly query?: Readonly<Record<string, string | number | boolean | null | undefined>>;
    };
    const url = buildUrl(path, pathParams, query);
    return request<ResponseOf<P, M>>(url, { ...rest, method: method.toUpperCase() as HttpMethod });
  }

  function download<P extends PathsFor<'get'>>(path: P, options: DownloadOptions<P, 'get'>): Promise<DownloadedFile> {
    const { path: pathParams, query, accept, headers, ...rest } = options as DownloadOptions<P, 'get'> & {
      readonly path?: Readonly<Record<string, string | number>>;
      readonly query?: Readonly<Record<string, string | number | boolean | null | undefined>>;
    };
    return authorised(buildUrl(path, pathParams, query), { ...rest, headers: { ...headers, Accept: accept } }, readFile);
  }

  return {
    request,
    call,
    download,
    setAuthenticator: (next) => {
      authenticator = next;
    },
  };
}

/** How a successful answer is read; a throw becomes `invalid_response`. */
type Reader<T> = (response: Response) => Promise<T>;

async function readJson<T>(response: Response): Promise<T> {
  return response.status === 204 ? (undefined as T) : ((await response.json()) as T);
}

async function readFile(response: Response): Promise<DownloadedFile> {
  const disposition = response.headers.get('Content-Disposition') ?? '';
  return { blob: await response.blob(), fileName: /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? null };
}

/** The problem an error response describes; a stand-in when its body is not a problem. */
async function problemFrom(response: Response): Promise<ApiProblem> {
  let body: unknown = null;
  if (isJson(response.headers.get('Content-Type'))) {
    try {
      body = await response.json();
    } catch {
      body = null;
    }
  }
  return new ApiProblem(problemDetailsOf(response.status, body), {
    retryAfterSeconds: retryAfterOf(response.headers.get('Retry-After')),
  });
}

/** `Retry-After` in seconds: a number of seconds, or an HTTP date. */
export function retryAfterOf(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null || value.trim() === '') {
    return undefined;
  }
  if (/^\d+$/.test(value.trim())) {
    return Number(value.trim());
  }
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

/** Reads problem details from a parsed body, keeping only well-typed fields. */
function problemDetailsOf(status: number, body: unknown): ProblemDetails {
  const fields = isRecord(body) ? body : {};
  const title = stringOr(fields.title, null);
  // FastAPI's own errors (404 for an unknown route, 405) carry only a string `detail`.
  const detail = stringOr(fields.detail, null);
  const problem: ProblemDetails = {
    type: stringOr(fields.type, 'about:blank'),
    status: typeof fields.status === 'number' ? fields.status : status,
    code: stringOr(fields.code, CLIENT_PROBLEM_CODES.httpError),
    title: title ?? detail ?? t('error.httpStatus', { status }),
    detail: title === null ? null : detail,
  };
  const errors = fieldProblemsOf(fields.errors);
  return errors === undefined ? problem : { ...problem, errors };
}

function invalidResponse(status: number): ApiProblem {
  return new ApiProblem({
    type: 'about:blank',
    status,
    code: CLIENT_PROBLEM_CODES.invalidResponse,
    title: t('error.invalidResponse'),
    detail: null,
  });
}

function fieldProblemsOf(value: unknown): FieldProblem[] | undefined {
  if (!Array.isArray(value)) {
    return undefined;
  }
  return value.filter(isRecord).map((item) => ({
    field: stringOr(item.field, ''),
    code: stringOr(item.code, ''),
    message: stringOr(item.message, ''),
  }));
}

function isJson(contentType: string | null): boolean {
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return mediaType === 'application/json' || mediaType.endsWith('+json');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringOr<Fallback>(value: unknown, fallback: Fallback): string | Fallback {
  return typeof value === 'string' ? value : fallback;
}

/** The client the app uses: same origin, default timeout. */
export const api = createApiClient();
