import { fiscalStatusLabel } from './display';
import './zra.css';

/** Where a document stands with ZRA, as a badge in words (never colour alone). */
export function FiscalBadge({ status }: { readonly status: string }) {
  return <span class={`zra-badge zra-badge--${status}`}>{fiscalStatusLabel(status)}</span>;
}
