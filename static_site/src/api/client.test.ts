import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse } from '../test/dom';
import {
  ApiNetworkError,
  ApiProblem,
  ApiTimeoutError,
  CLIENT_PROBLEM_CODES,
  createApiClient,
  DEFAULT_TIMEOUT_MS,
  retryAfterOf,
  type Authenticator,
} from './client';

type FetchArgs = [input: string, init: RequestInit];

/** A fetch that answers with `respond` and records what it was asked. */
function fakeFetch(respond: (input: string, init: RequestInit) => Promise<Response>) {
  const calls: FetchArgs[] = [];
  const fetch = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    calls.push([String(input), init ?? {}]);
    return respond(String(input), init ?? {});
  };
  return { fetch: fetch as typeof globalThis.fetch, calls };
}

/** A fetch that never answers, but rejects as a browser does when its signal aborts. */
function silentFetch() {
  return fakeFetch(
    (_input, init) =>
      new Promise<Response>((_resolve, reject) => {
        init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      }),
  );
}

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the request to fail');
}

afterEach(() => {
  vi.useRealTimers();
});

describe('a successful request', () => {
  it('asks for JSON and resolves to the parsed body', async () => {
    const { fetch, calls } = fakeFetch(async () => jsonResponse({ status: 'ok' }));
    const client = createApiClient({ fetch, baseUrl: 'http://api.test' });

    await expect(client.request('/api/health')).resolves.toEqual({ status: 'ok' });

    const [input, init] = calls[0] ?? ['', {}];
    expect(input).toBe('http://api.test/api/health');
    expect(init.method).toBe('GET');
    expect(new Headers(init.headers).get('Accept')).toBe('application/json');
    expect(init.body).toBeUndefined();
  });

  it('sends a body as JSON with its content type', async () => {
    const { fetch, calls } = fakeFetch(async () => jsonResponse({ id: 'inv_1' }, 201));
    const client = createApiClient({ fetch });

    await client.request('/api/v1/invoices', { method: 'POST', body: { total: '116.00' } });

    const init = calls[0]?.[1] ?? {};
    expect(init.method).toBe('POST');
    expect(new Headers(init.headers).get('Content-Type')).toBe('application/json');
    expect(init.body).toBe('{"total":"116.00"}');
  });

  it('treats an accepted error status as an answer', async () => {
    const notReady = { status: 'not_ready', checks: { database: { ok: false, detail: 'refused' } } };
    const { fetch } = fakeFetch(async () => jsonResponse(notReady, 503));
    const client = createApiClient({ fetch });

    await expect(client.request('/api/ready', { acceptStatuses: [503] })).resolves.toEqual(notReady);
    await expect(client.request('/api/ready')).rejects.toBeInstanceOf(ApiProblem);
  });

  it('fails with invalid_response when a 200 body is not JSON', async () => {
    const { fetch } = fakeFetch(
      async () => new Response('<!doctype html><title>app</title>', { headers: { 'Content-Type': 'text/html' } }),
    );
    const error = await failureOf(createApiClient({ fetch }).request('/api/health'));

    expect(error).toBeInstanceOf(ApiProblem);
    expect(error).toMatchObject({ status: 200, code: CLIENT_PROBLEM_CODES.invalidResponse });
  });
});

describe('an error response', () => {
  it('becomes an ApiProblem with the fields of its problem details', async () => {
    const problem = {
      type: 'https://intellifin.zm/problems/validation_failed',
      title: 'The request is not valid.',
      status: 422,
      detail: 'Two fields are wrong.',
      code: 'validation_failed',
      errors: [
        { field: 'lines.0.amount', code: 'not_positive', message: 'Must be more than zero.' },
        { field: 'customer_id', code: 'missing', message: 'Choose a customer.' },
      ],
    };
    const { fetch } = fakeFetch(async () => jsonResponse(problem, 422, 'application/problem+json'));

    const error = await failureOf(createApiClient({ fetch }).request('/api/v1/invoices'));

    expect(error).toBeInstanceOf(ApiProblem);
    const apiProblem = error as ApiProblem;
    expect(apiProblem.status).toBe(422);
    expect(apiProblem.code).toBe('validation_failed');
    expect(apiProblem.title).toBe('The request is not valid.');
    expect(apiProblem.detail).toBe('Two fields are wrong.');
    expect(apiProblem.type).toBe(problem.type);
    expect(apiProblem.errors).toEqual(problem.errors);
    expect(apiProblem.message).toBe('Two fields are wrong.');
  });

  it('has no field errors when the problem lists none', async () => {
    const problem = { title: 'Not available here.', status: 404, detail: null, code: 'not_found' };
    const { fetch } = fakeFetch(async () => jsonResponse(problem, 404, 'application/problem+json'));

    const error = (await failureOf(createApiClient({ fetch }).request('/api/v1/dev/mailbox'))) as ApiProblem;

    expect(error.errors).toBeUndefined();
    expect(error.detail).toBeNull();
    expect(error.type).toBe('about:blank');
  });

  it("uses FastAPI's bare `detail` as the title", async () => {
    const { fetch } = fakeFetch(async () => jsonResponse({ detail: 'Method Not Allowed' }, 405));

    const error = (await failureOf(createApiClient({ fetch }).request('/api/health'))) as ApiProblem;

    expect(error).toMatchObject({ status: 405, title: 'Method Not Allowed', detail: null, code: 'http_error' });
  });

  it('gets a stand-in problem when the body is not JSON', async () => {
    const { fetch } = fakeFetch(
      async () => new Response('<html>Bad Gateway</html>', { status: 502, headers: { 'Content-Type': 'text/html' } }),
    );

    const error = (await failureOf(createApiClient({ fetch }).request('/api/health'))) as ApiProblem;

    expect(error).toBeInstanceOf(ApiProblem);
    expect(error).toMatchObject({
      status: 502,
      code: CLIENT_PROBLEM_CODES.httpError,
      title: 'The server answered with an error (HTTP 502).',
      detail: null,
    });
  });
});

describe('no answer', () => {
  it('is an ApiNetworkError when fetch fails', async () => {
    const cause = new TypeError('Failed to fetch');
    const { fetch } = fakeFetch(async () => {
      throw cause;
    });

    const error = await failureOf(createApiClient({ fetch }).request('/api/health'));

    expect(error).toBeInstanceOf(ApiNetworkError);
    expect((error as ApiNetworkError).cause).toBe(cause);
  });

  it('is an ApiTimeoutError once the timeout passes, and not before', async () => {
    vi.useFakeTimers();
    const { fetch, calls } = silentFetch();
    const outcome = failureOf(createApiClient({ fetch }).request('/api/health'));

    await vi.advanceTimersByTimeAsync(DEFAULT_TIMEOUT_MS - 1);
    expect(calls[0]?.[1].signal?.aborted).toBe(false);

    await vi.advanceTimersByTimeAsync(1);
    const error = await outcome;
    expect(error).toBeInstanceOf(ApiTimeoutError);
    expect((error as ApiTimeoutError).timeoutMs).toBe(DEFAULT_TIMEOUT_MS);
    expect(calls[0]?.[1].signal?.aborted).toBe(true);
  });

  it('takes a per-request timeout', async () => {
    vi.useFakeTimers();
    const { fetch } = silentFetch();
    const outcome = failureOf(createApiClient({ fetch }).request('/api/health', { timeoutMs: 500 }));

    await vi.advanceTimersByTimeAsync(500);

    expect(await outcome).toEqual(new ApiTimeoutError(500));
  });

  it("rejects with the caller's reason when the caller cancels", async () => {
    const { fetch } = silentFetch();
    const caller = new AbortController();
    const reason = new DOMException('screen closed', 'AbortError');
    const outcome = failureOf(createApiClient({ fetch }).request('/api/health', { signal: caller.signal }));

    caller.abort(reason);

    expect(await outcome).toBe(reason);
  });
});

describe('authentication', () => {
  const unauthenticated = () =>
    jsonResponse({ type: 'about:blank', status: 401, code: 'unauthenticated', title: 'Sign in to continue.' }, 401, 'application/problem+json');

  function authenticator(token: string | null, renewed: string | null): Authenticator & { renewals: string[] } {
    let current = token;
    const renewals: string[] = [];
    return {
      renewals,
      accessToken: () => current,
      renew: async (rejected) => {
        renewals.push(rejected);
        current = renewed;
        return renewed;
      },
    };
  }

  it('sends the token as Authorization and as X-IntelliFin-Authorization, with same-origin cookies', async () => {
    const { fetch, calls } = fakeFetch(async () => jsonResponse({}));
    const client = createApiClient({ fetch });
    client.setAuthenticator(authenticator('token-1', null));

    await client.request('/api/v1/me');

    const headers = new Headers(calls[0]?.[1].headers);
    expect(headers.get('Authorization')).toBe('Bearer token-1');
    expect(headers.get('X-IntelliFin-Authorization')).toBe('Bearer token-1');
    expect(calls[0]?.[1].credentials).toBe('same-origin');
  });

  it('sends no token when asked not to, nor when nobody is signed in', async () => {
    const { fetch, calls } = fakeFetch(async () => jsonResponse({}));
    const client = createApiClient({ fetch });
    await client.request('/api/v1/auth/login', { method: 'POST', body: {} });
    client.setAuthenticator(authenticator('token-1', null));
    await client.request('/api/v1/auth/login', { method: 'POST', body: {}, authenticate: false });

    for (const [, init] of calls) {
      expect(new Headers(init.headers).has('Authorization')).toBe(false);
      expect(new Headers(init.headers).has('X-IntelliFin-Authorization')).toBe(false);
    }
  });

  it('renews the token once after a 401 and retries with the new one', async () => {
    const { fetch, calls } = fakeFetch(async (_input, init) =>
      new Headers(init.headers).get('Authorization') === 'Bearer token-2' ? jsonResponse({ ok: true }) : unauthenticated(),
    );
    const client = createApiClient({ fetch });
    const auth = authenticator('token-1', 'token-2');
    client.setAuthenticator(auth);

    await expect(client.request('/api/v1/me')).resolves.toEqual({ ok: true });
    expect(auth.renewals).toEqual(['token-1']);
    expect(calls).toHaveLength(2);
  });

  it('gives up with the 401 when the session cannot be renewed, and never loops', async () => {
    const { fetch, calls } = fakeFetch(async () => unauthenticated());
    const client = createApiClient({ fetch });
    client.setAuthenticator(authenticator('token-1', null));

    const failure = await failureOf(client.request('/api/v1/me'));
    expect(failure).toBeInstanceOf(ApiProblem);
    expect((failure as ApiProblem).status).toBe(401);
    expect(calls).toHaveLength(1);

    const stillRefused = createApiClient({ fetch });
    const auth = authenticator('token-1', 'token-2');
    stillRefused.setAuthenticator(auth);
    await failureOf(stillRefused.request('/api/v1/me'));
    expect(auth.renewals).toHaveLength(1);
  });

  it('does not renew for a 401 to a call made without a token', async () => {
    const { fetch } = fakeFetch(async () => unauthenticated());
    const client = createApiClient({ fetch });
    const auth = authenticator('token-1', 'token-2');
    client.setAuthenticator(auth);

    await failureOf(client.request('/api/v1/auth/login', { method: 'POST', body: {}, authenticate: false }));
    expect(auth.renewals).toEqual([]);
  });
});

describe('Retry-After', () => {
  it('is read from a 429 in seconds, or from an HTTP date', async () => {
    const { fetch } = fakeFetch(
      async () =>
        new Response(JSON.stringify({ status: 429, code: 'rate_limited', title: 'Too many attempts.' }), {
          status: 429,
          headers: { 'Content-Type': 'application/problem+json', 'Retry-After': '120' },
        }),
    );
    const failure = await failureOf(createApiClient({ fetch }).request('/api/v1/auth/login'));

    expect((failure as ApiProblem).retryAfterSeconds).toBe(120);
    expect(retryAfterOf('Wed, 21 Oct 2026 07:28:30 GMT', Date.parse('Wed, 21 Oct 2026 07:28:00 GMT'))).toBe(30);
    expect(retryAfterOf(null)).toBeUndefined();
    expect(retryAfterOf('soon')).toBeUndefined();
  });
});

describe('files', () => {
  it('sends FormData as it is, leaving the multipart content type and boundary to the browser', async () => {
    const { fetch, calls } = fakeFetch(async () => new Response(null, { status: 204 }));
    const client = createApiClient({ fetch });
    const form = new FormData();
    form.append('logo', new Blob(['png'], { type: 'image/png' }), 'logo.png');

    await client.call('put', '/api/v1/orgs/{org_id}/profile/logo', { path: { org_id: 'org 1' }, body: form });

    const [input, init] = calls[0] ?? ['', {}];
    expect(input).toBe('/api/v1/orgs/org%201/profile/logo');
    expect(init.method).toBe('PUT');
    expect(init.body).toBe(form);
    expect(new Headers(init.headers).has('Content-Type')).toBe(false);
  });

  it('downloads a file as a Blob with the name Content-Disposition gives it, asking for its media type', async () => {
    const { fetch, calls } = fakeFetch(
      async () =>
        new Response('zip bytes', {
          status: 200,
          headers: { 'Content-Type': 'application/zip', 'Content-Disposition': 'attachment; filename="books-2026.zip"' },
        }),
    );
    const client = createApiClient({ fetch });

    const file = await client.download('/api/v1/orgs/{org_id}/export', { path: { org_id: 'org_1' }, accept: 'application/zip' });

    expect(await file.blob.text()).toBe('zip bytes');
    expect(file.fileName).toBe('books-2026.zip');
    expect(new Headers(calls[0]?.[1].headers).get('Accept')).toBe('application/zip');
  });

  it('has no file name when the answer names none, and fails as any call does', async () => {
    const { fetch } = fakeFetch(async (input) =>
      input.endsWith('/logo')
        ? new Response('png', { status: 200, headers: { 'Content-Type': 'image/png' } })
        : jsonResponse({ type: 'about:blank', status: 404, code: 'not_found', title: 'No such organization.' }, 404, 'application/problem+json'),
    );
    const client = createApiClient({ fetch });

    const logo = await client.download('/api/v1/orgs/{org_id}/profile/logo', { path: { org_id: 'org_1' }, accept: 'image/*' });
    const missing = await failureOf(client.download('/api/v1/orgs/{org_id}/export', { path: { org_id: 'nobody' }, accept: 'application/zip' }));

    expect(logo.fileName).toBeNull();
    expect(missing).toBeInstanceOf(ApiProblem);
    expect((missing as ApiProblem).code).toBe('not_found');
  });

  it('renews the token after a 401 to a download and retries once', async () => {
    const { fetch, calls } = fakeFetch(async (_input, init) =>
      new Headers(init.headers).get('Authorization') === 'Bearer token-2'
        ? new Response('png', { status: 200, headers: { 'Content-Type': 'image/png' } })
        : jsonResponse({ type: 'about:blank', status: 401, code: 'unauthenticated', title: 'Sign in.' }, 401, 'application/problem+json'),
    );
    const client = createApiClient({ fetch });
    let token = 'token-1';
    client.setAuthenticator({
      accessToken: () => token,
      renew: async () => {
        token = 'token-2';
        return token;
      },
    });

    const logo = await client.download('/api/v1/orgs/{org_id}/profile/logo', { path: { org_id: 'org_1' }, accept: 'image/*' });

    expect(await logo.blob.text()).toBe('png');
    expect(calls).toHaveLength(2);
  });
});
