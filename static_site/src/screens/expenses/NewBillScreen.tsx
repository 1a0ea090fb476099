import { PurchaseEditor } from './NewExpenseScreen';

/** `/bills/new`: a bill on credit, due on a date; the server works out the VAT. */
export default function NewBillScreen() {
  return <PurchaseEditor kind="bills" />;
}
