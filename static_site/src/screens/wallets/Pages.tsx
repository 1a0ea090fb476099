import type { Paging } from '../../components/DataTable';
import { t } from './messages';

/** Previous and next page of a list served by cursor; nothing when everything is on one page. */
export function Pages({ paging, loading }: { readonly paging: Paging; readonly loading: boolean }) {
  if (!paging.hasPrevious && !paging.hasNext) {
    return null;
  }
  return (
    <nav class="wallets-actions" aria-label={t('table.pagination')}>
      <button type="button" class="button button--quiet" disabled={!paging.hasPrevious || loading} onClick={paging.onPrevious}>
        {t('table.previous')}
      </button>
      <button type="button" class="button button--quiet" disabled={!paging.hasNext || loading} onClick={paging.onNext}>
        {t('table.next')}
      </button>
    </nav>
  );
}
