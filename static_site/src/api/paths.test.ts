import { describe, expect, expectTypeOf, it } from 'vitest';
import { jsonResponse } from '../test/dom';
import { createApiClient } from './client';
import { buildUrl, type PathParamsOf, type PathsFor, type QueryOf, type RequestBodyOf, type ResponseOf } from './paths';
import type { components } from './schema';

describe('buildUrl', () => {
  it('puts each path parameter in its place, encoded', () => {
    expect(buildUrl('/api/v1/orgs/{org_id}/invoices/{invoice_id}', { org_id: 'org 1', invoice_id: 42 })).toBe(
      '/api/v1/orgs/org%201/invoices/42',
    );
  });

  it('appends the query, repeating arrays and leaving out missing values', () => {
    expect(buildUrl('/api/v1/invoices', undefined, { status: ['draft', 'issued'], cursor: undefined, q: 'K&Co', limit: 20 })).toBe(
      '/api/v1/invoices?status=draft&status=issued&q=K%26Co&limit=20',
    );
  });

  it('refuses a path whose parameter has no value', () => {
    expect(() => buildUrl('/api/v1/invoices/{invoice_id}', {})).toThrow('no value for {invoice_id}');
  });
});

describe('typed calls', () => {
  it('derive the answer, query and body types from the schema', () => {
    expectTypeOf<ResponseOf<'/api/health', 'get'>>().toEqualTypeOf<components['schemas']['Health']>();
    expectTypeOf<ResponseOf<'/api/v1/dev/mailbox', 'get'>>().toEqualTypeOf<components['schemas']['Mailbox']>();
    expectTypeOf<{ limit: number }>().toExtend<NonNullable<QueryOf<'/api/v1/dev/mailbox', 'get'>>>();
    expectTypeOf<{ limit: string }>().not.toExtend<NonNullable<QueryOf<'/api/v1/dev/mailbox', 'get'>>>();
    expectTypeOf<RequestBodyOf<'/api/health', 'get'>>().toBeNever();
    expectTypeOf<'/api/health'>().toExtend<PathsFor<'get'>>();
    expectTypeOf<RequestBodyOf<'/api/v1/auth/login', 'post'>>().toEqualTypeOf<components['schemas']['LoginRequest']>();
    expectTypeOf<PathParamsOf<'/api/v1/orgs/{org_id}/members/{user_id}', 'patch'>>().toEqualTypeOf<{
      org_id: string;
      user_id: string;
    }>();
    expectTypeOf<'/api/v1/orgs/{org_id}/members/{user_id}'>().toExtend<PathsFor<'patch'>>();
    expectTypeOf<'/api/v1/orgs/{org_id}/members/{user_id}'>().not.toExtend<PathsFor<'get'>>();
  });

  it('fill in path parameters and send the body the schema describes', async () => {
    const calls: [string, RequestInit][] = [];
    const client = createApiClient({
      fetch: async (input, init) => {
        calls.push([String(input), init ?? {}]);
        return jsonResponse({});
      },
    });

    await client.call('patch', '/api/v1/orgs/{org_id}/members/{user_id}', {
      path: { org_id: 'org 1', user_id: 'u/2' },
      body: { role: 'accountant' },
    });

    expect(calls[0]?.[0]).toBe('/api/v1/orgs/org%201/members/u%2F2');
    expect(calls[0]?.[1].method).toBe('PATCH');
  });

  it('send the method and the query the schema describes', async () => {
    const calls: [string, RequestInit][] = [];
    const client = createApiClient({
      fetch: async (input, init) => {
        calls.push([String(input), init ?? {}]);
        return jsonResponse({ messages: [] });
      },
    });

    const mailbox = await client.call('get', '/api/v1/dev/mailbox', { query: { limit: 5 } });

    expect(mailbox.messages).toEqual([]);
    expect(calls[0]?.[0]).toBe('/api/v1/dev/mailbox?limit=5');
    expect(calls[0]?.[1].method).toBe('GET');
  });

  it('reject, at compile time, calls the schema does not describe', () => {
    const client = createApiClient({ fetch: async () => jsonResponse({}) });
    const compileOnly = (): void => {
      // @ts-expect-error: no such path
      void client.call('get', '/api/v1/nowhere');
      // @ts-expect-error: /api/health has no POST
      void client.call('post', '/api/health');
      // @ts-expect-error: limit is a number
      void client.call('get', '/api/v1/dev/mailbox', { query: { limit: 'all' } });
      // @ts-expect-error: the path parameters are required
      void client.call('patch', '/api/v1/orgs/{org_id}/members/{user_id}', { body: { role: 'accountant' } });
      // @ts-expect-error: a login needs its body
      void client.call('post', '/api/v1/auth/login', {});
    };
    expect(compileOnly).toBeTypeOf('function');
  });
});
