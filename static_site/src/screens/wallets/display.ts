import { formatMoney, fromWire } from '../../format/money';

/** The wallets are Zambian Airtel Money wallets: kwacha. */
export const WALLET_CURRENCY = 'ZMW';

export function money(amount: string): string {
  return formatMoney(fromWire(amount, WALLET_CURRENCY), WALLET_CURRENCY);
}

/** A confidence of 0–1 (a decimal string) as a whole percentage. */
export function percent(confidence: string | number): string {
  return `${Math.round(Number(confidence) * 100)}%`;
}

/** Whether a sync or import has finished (well or not). */
export function finished(status: string): boolean {
  return status === 'succeeded' || status === 'failed' || status === 'imported';
}
