/**
 * The names of the customers a page of invoices is for. The list answers with customer ids;
 * the first page of customers (a small business has a few dozen) names most of them at once,
 * and any other is read on its own, once.
 */
import { useEffect, useState } from 'preact/hooks';
import { getCustomer, searchCustomers } from '../../api/invoices';

export function useCustomerNames(orgId: string, customerIds: readonly string[], allowed: boolean): ReadonlyMap<string, string> {
  const [names, setNames] = useState<ReadonlyMap<string, string>>(new Map());
  const [firstPageRead, setFirstPageRead] = useState(false);
  const wanted = [...new Set(customerIds)].sort().join(',');

  useEffect(() => {
    if (!allowed) {
      return undefined;
    }
    const controller = new AbortController();
    searchCustomers(orgId, '', controller.signal, 200).then(
      (answer) => {
        setNames((known) => new Map([...known, ...answer.items.map((customer) => [customer.id, customer.name] as const)]));
        setFirstPageRead(true);
      },
      () => setFirstPageRead(true),
    );
    return () => controller.abort();
  }, [orgId, allowed]);

  useEffect(() => {
    if (!allowed || !firstPageRead) {
      return undefined;
    }
    const controller = new AbortController();
    const missing = wanted.split(',').filter((id) => id !== '' && !names.has(id));
    for (const id of missing) {
      getCustomer(orgId, id, controller.signal).then(
        (customer) => setNames((known) => new Map(known).set(customer.id, customer.name)),
        () => undefined,
      );
    }
    return () => controller.abort();
    // Only the ids asked for decide what is read; names read meanwhile are not read again.
  }, [orgId, wanted, allowed, firstPageRead]);

  return names;
}
