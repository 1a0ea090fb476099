import { describe, expect, it } from 'vitest';
import { amountOf, checkBalance } from './balance';

describe('the live balance check', () => {
  it('adds debits and credits exactly, in ngwee', () => {
    const check = checkBalance([
      { debit: '0.10', credit: '' },
      { debit: '0.20', credit: '' },
      { debit: '', credit: '0.30' },
    ]);

    expect(check).toEqual({ debits: 30n, credits: 30n, difference: 0n, readable: true, balanced: true });
  });

  it('reads amounts as people type them: grouped, with the kwacha sign, tidied or not', () => {
    const check = checkBalance([
      { debit: 'K1,234.50', credit: '' },
      { debit: '', credit: '1234.5' },
    ]);

    expect(check.debits).toBe(123_450n);
    expect(check.credits).toBe(123_450n);
    expect(check.balanced).toBe(true);
  });

  it('gives the difference with its side: positive when debits are larger', () => {
    expect(checkBalance([{ debit: '1,000.00', credit: '' }, { debit: '', credit: '900' }]).difference).toBe(10_000n);
    expect(checkBalance([{ debit: '900', credit: '' }, { debit: '', credit: '1,000.00' }]).difference).toBe(-10_000n);
  });

  it('stays exact beyond the range where floating point loses ngwee', () => {
    // 90,071,992,547,409.93 has more significant digits than a double holds.
    const check = checkBalance([
      { debit: '90,071,992,547,409.93', credit: '' },
      { debit: '0.01', credit: '' },
      { debit: '', credit: '90071992547409.94' },
    ]);

    expect(check.debits).toBe(9_007_199_254_740_994n);
    expect(check.balanced).toBe(true);
  });

  it('is not balanced while nothing is entered', () => {
    expect(checkBalance([{ debit: '', credit: '' }, { debit: '', credit: '' }]).balanced).toBe(false);
  });

  it('is not balanced while an amount cannot be read, and leaves it out of the sums', () => {
    const check = checkBalance([
      { debit: '100', credit: '' },
      { debit: '', credit: '100' },
      { debit: '12.345', credit: '' },
    ]);

    expect(check).toMatchObject({ debits: 10_000n, credits: 10_000n, readable: false, balanced: false });
  });

  it('refuses negative amounts rather than moving them to the other side', () => {
    expect(amountOf('-50')).toBeNull();
    expect(amountOf('(50.00)')).toBeNull();
    expect(amountOf('  ')).toBe(0n);
  });
});
