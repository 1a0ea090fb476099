/**
 * Types of every API call, read from the generated `schema.d.ts`: a path and a method decide
 * the path parameters, query, request body and response body. When the API changes, the
 * snapshot and `schema.d.ts` change with it, and a call that no longer fits fails `tsc`.
 */
import type { paths } from './schema';

export type ApiMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** Every path of the API. */
export type ApiPath = keyof paths;

/** The paths that answer `method`. */
export type PathsFor<M extends ApiMethod> = {
  [P in ApiPath]: paths[P][M] extends { responses: unknown } ? P : never;
}[ApiPath];

type Operation<P extends ApiPath, M extends ApiMethod> = NonNullable<paths[P][M]>;

type SuccessStatus = 200 | 201 | 202 | 203 | 204;

type JsonBody<Content> = Content extends { content: { 'application/json': infer Body } } ? Body : undefined;

/** The JSON body of a successful answer (`undefined` for 204). */
export type ResponseOf<P extends ApiPath, M extends ApiMethod> =
  Operation<P, M> extends { responses: infer Responses }
    ? { [S in keyof Responses & SuccessStatus]: JsonBody<Responses[S]> }[keyof Responses & SuccessStatus]
    : never;

/** The body the call sends (JSON, or `FormData` for a multipart upload), or `never` when it sends none. */
export type RequestBodyOf<P extends ApiPath, M extends ApiMethod> =
  Operation<P, M> extends { requestBody?: infer Body }
    ? [NonNullable<Body>] extends [never]
      ? never
      : NonNullable<Body> extends { content: { 'application/json': infer Json } }
        ? Json
        : NonNullable<Body> extends { content: { 'multipart/form-data': unknown } }
          ? FormData
          : never
    : never;

type ParameterOf<P extends ApiPath, M extends ApiMethod, Where extends 'path' | 'query'> =
  Operation<P, M> extends { parameters: infer Parameters }
    ? Parameters extends Partial<Record<Where, infer Values>>
      ? Values
      : never
    : never;

export type PathParamsOf<P extends ApiPath, M extends ApiMethod> = ParameterOf<P, M, 'path'>;
export type QueryOf<P extends ApiPath, M extends ApiMethod> = ParameterOf<P, M, 'query'>;

type Nothing = never | undefined;

/** What a call needs besides its path: only the parts its operation has, typed as it says. */
export type CallParts<P extends ApiPath, M extends ApiMethod> = ([PathParamsOf<P, M>] extends [Nothing]
  ? { readonly path?: undefined }
  : { readonly path: PathParamsOf<P, M> }) &
  ([QueryOf<P, M>] extends [Nothing] ? { readonly query?: undefined } : { readonly query?: QueryOf<P, M> }) &
  ([RequestBodyOf<P, M>] extends [never] ? { readonly body?: undefined } : { readonly body: RequestBodyOf<P, M> });

/** A query value as the API reads it; arrays repeat the name. */
type QueryValue = string | number | boolean | null | undefined | readonly (string | number | boolean)[];

/**
 * The URL of `template` with each `{name}` replaced by its encoded parameter and the query
 * appended; query values that are `undefined` or `null` are left out.
 */
export function buildUrl(
  template: string,
  pathParams?: Readonly<Record<string, string | number>>,
  query?: Readonly<Record<string, QueryValue>>,
): string {
  const path = template.replace(/\{(\w+)\}/g, (_whole, name: string) => {
    const value = pathParams?.[name];
    if (value === undefined) {
      throw new Error(`${template}: no value for {${name}}`);
    }
    return encodeURIComponent(String(value));
  });
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item !== undefined && item !== null) {
        search.append(name, String(item));
      }
    }
  }
  const queryString = search.toString();
  return queryString === '' ? path : `${path}?${queryString}`;
}
