import type { ScreenProps } from '../../app/routes';
import { PurchaseDetail } from './PurchaseDetailScreen';

/** `/bills/:billId`: the bill and what the person may do with it next. */
export default function BillDetailScreen({ params }: ScreenProps) {
  return <PurchaseDetail kind="bills" id={params.billId ?? ''} />;
}
