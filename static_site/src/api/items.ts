/**
 * Items (goods and services) as the item screens use them, typed by the API schema. Prices
 * are decimal strings with 4 places on the wire (`"116.0000"`); the screens read them with
 * `fromWire` and send them with `toWire`.
 */
import { api } from './client';
import type { QueryOf, RequestBodyOf, ResponseOf } from './paths';

type ItemList = ResponseOf<'/api/v1/orgs/{org_id}/items', 'get'>;
export type Item = ItemList['items'][number];
export type ItemKind = Item['kind'];
export type TaxCategory = Item['tax_category'];
export type Levy = NonNullable<Item['levy']>;
export type ItemBody = RequestBodyOf<'/api/v1/orgs/{org_id}/items', 'post'>;
export type ItemQuery = NonNullable<QueryOf<'/api/v1/orgs/{org_id}/items', 'get'>>;

export const ITEM_KINDS: readonly ItemKind[] = ['goods', 'service'];

/**
 * The categories an item may have (`shared_code/sales/tax.py`). `TOT` is left out: it is not
 * a property of an item but what every line becomes for a seller not registered for VAT.
 */
export const ITEM_TAX_CATEGORIES: readonly TaxCategory[] = ['A', 'B', 'C1', 'C2', 'C3', 'D', 'E', 'RVAT'];

export const LEVIES: readonly Levy[] = ['TL', 'IPL1', 'IPL2', 'ECM', 'EXEEG'];

export function listItems(orgId: string, query: ItemQuery, signal?: AbortSignal): Promise<ItemList> {
  return api.call('get', '/api/v1/orgs/{org_id}/items', { path: { org_id: orgId }, query, signal });
}

export function getItem(orgId: string, itemId: string, signal?: AbortSignal): Promise<Item> {
  return api.call('get', '/api/v1/orgs/{org_id}/items/{item_id}', { path: { org_id: orgId, item_id: itemId }, signal });
}

export function createItem(orgId: string, item: ItemBody): Promise<Item> {
  return api.call('post', '/api/v1/orgs/{org_id}/items', { path: { org_id: orgId }, body: item });
}

export function replaceItem(orgId: string, itemId: string, item: ItemBody): Promise<Item> {
  return api.call('put', '/api/v1/orgs/{org_id}/items/{item_id}', { path: { org_id: orgId, item_id: itemId }, body: item });
}
