/**
 * The live balance check of a journal entry being typed: debits and credits added up in
 * `bigint` ngwee, straight from the text of each amount field. No floating point anywhere:
 * 0.10 + 0.20 is exactly 0.30 here.
 */
import { HOME_CURRENCY, parseMoney } from '../../format/money';

/** What the person has typed in one line's amount fields. */
export interface LineAmounts {
  readonly debit: string;
  readonly credit: string;
}

export interface BalanceCheck {
  /** Sum of the readable debits, in ngwee. */
  readonly debits: bigint;
  /** Sum of the readable credits, in ngwee. */
  readonly credits: bigint;
  /** Debits minus credits: positive when debits are larger. */
  readonly difference: bigint;
  /** Every amount typed so far can be read (blank counts as zero). */
  readonly readable: boolean;
  /** Readable, something to post, and debits equal credits to the ngwee. */
  readonly balanced: boolean;
}

/** An amount field's value in ngwee: blank is zero, unreadable or negative is `null`. */
export function amountOf(text: string, currency: string = HOME_CURRENCY): bigint | null {
  if (text.trim() === '') {
    return 0n;
  }
  const parsed = parseMoney(text, currency);
  return parsed.ok ? parsed.minor : null;
}

/** Adds up the lines as they stand. */
export function checkBalance(lines: readonly LineAmounts[], currency: string = HOME_CURRENCY): BalanceCheck {
  let debits = 0n;
  let credits = 0n;
  let readable = true;
  for (const line of lines) {
    const debit = amountOf(line.debit, currency);
    const credit = amountOf(line.credit, currency);
    if (debit === null || credit === null) {
      readable = false;
    }
    debits += debit ?? 0n;
    credits += credit ?? 0n;
  }
  const difference = debits - credits;
  return { debits, credits, difference, readable, balanced: readable && debits > 0n && difference === 0n };
}

/** The absolute value of a `bigint`. */
export function abs(value: bigint): bigint {
  return value < 0n ? -value : value;
}
