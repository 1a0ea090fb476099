import { useCallback } from 'preact/hooks';
import { getStock, type Stock } from '../../api/zra';
import { useResource } from '../../app/useResource';
import { ProblemNotice } from '../../components/ProblemNotice';
import { Skeleton } from '../../components/States';
import { t, tCount } from './messages';

type Movement = Stock['movements'][number];

/**
 * Stock as ZRA is told it: after each fiscalised sale of stock-tracked goods IntelliFin sends the
 * movement, then what is left. The quantities on hand, and how many movements wait or were refused.
 */
export function StockStatus({ orgId }: { readonly orgId: string }) {
  const load = useCallback((signal: AbortSignal) => getStock(orgId, signal), [orgId]);
  const loaded = useResource(load);
  if (loaded.data === undefined) {
    return loaded.error === undefined ? <Skeleton label={t('screen.loading')} lines={2} /> : <ProblemNotice error={loaded.error} />;
  }
  const { items, movements } = loaded.data;
  const waiting = movements.filter((m: Movement) => m.status === 'pending' || m.status === 'movement_sent').length;
  const refused = movements.filter((m: Movement) => m.status === 'rejected');
  return (
    <section class="zra-stock" aria-labelledby="zra-stock-title" data-testid="zra-stock">
      <h2 id="zra-stock-title">{t('zra.stock.title')}</h2>
      {items.length === 0 ? (
        <p>{t('zra.stock.none')}</p>
      ) : (
        <dl class="zra-facts">
          {items.map((item) => (
            <div key={item.item_id}>
              <dt>{`${item.code} ${item.name}`}</dt>
              <dd>{trimmed(item.quantity_on_hand)}</dd>
            </div>
          ))}
        </dl>
      )}
      <p>{waiting === 0 ? t('zra.stock.allSent') : tCount('zra.stock.waiting', waiting)}</p>
      {refused.length > 0 && (
        <div class="notice notice--error" role="alert">
          <p class="notice__title">{tCount('zra.stock.refused', refused.length)}</p>
          <p>{refused[0]?.last_error ?? ''}</p>
        </div>
      )}
    </section>
  );
}

/** `"97.0000"` → `"97"`, `"2.5000"` → `"2.5"`. */
function trimmed(wire: string): string {
  return wire.includes('.') ? wire.replace(/0+$/, '').replace(/\.$/, '') : wire;
}
