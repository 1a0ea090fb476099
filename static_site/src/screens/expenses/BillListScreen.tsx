import { PurchaseList } from './ExpenseListScreen';

/** `/bills`: bills on credit, with the same filters as expenses. */
export default function BillListScreen() {
  return <PurchaseList kind="bills" />;
}
