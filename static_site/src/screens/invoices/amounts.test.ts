import { describe, expect, it } from 'vitest';
import { formatAmount, isZero, parseDecimal } from './amounts';

describe('an amount from the API', () => {
  it('is shown with the currency’s decimals when it has no more', () => {
    expect(formatAmount('1160.0000', 'ZMW')).toBe('K1,160.00');
    expect(formatAmount('160.00', 'ZMW')).toBe('K160.00');
    expect(formatAmount('12.5', 'USD')).toBe('USD 12.50');
    expect(formatAmount('-3.10', 'ZMW')).toBe('-K3.10');
  });

  it('keeps the decimals ZRA’s line amounts have beyond the ngwee', () => {
    expect(formatAmount('1234.4138', 'ZMW')).toBe('K1,234.4138');
    expect(formatAmount('0.005', 'ZMW')).toBe('K0.005');
  });
});

describe('a typed quantity or price', () => {
  it('is read as the API’s decimal string', () => {
    expect(parseDecimal('2', 4)).toEqual({ ok: true, wire: '2' });
    expect(parseDecimal(' 1,250.50 ', 4)).toEqual({ ok: true, wire: '1250.5' });
    expect(parseDecimal('0.1250', 4)).toEqual({ ok: true, wire: '0.125' });
    expect(parseDecimal('.5', 4)).toEqual({ ok: true, wire: '0.5' });
    expect(parseDecimal('007', 4)).toEqual({ ok: true, wire: '7' });
  });

  it('is refused with more than the places allowed, never rounded', () => {
    expect(parseDecimal('1.23456', 4)).toEqual({ ok: false, error: 'tooManyDecimals' });
    expect(parseDecimal('12.345', 2)).toEqual({ ok: false, error: 'tooManyDecimals' });
  });

  it('is refused when it is not a number, negative or empty', () => {
    expect(parseDecimal('two', 4)).toEqual({ ok: false, error: 'invalid' });
    expect(parseDecimal('1,23', 4)).toEqual({ ok: false, error: 'invalid' });
    expect(parseDecimal('.', 4)).toEqual({ ok: false, error: 'invalid' });
    expect(parseDecimal('-1', 4)).toEqual({ ok: false, error: 'negative' });
    expect(parseDecimal('  ', 4)).toEqual({ ok: false, error: 'empty' });
  });

  it('knows zero when it sees it', () => {
    expect(isZero('0')).toBe(true);
    expect(isZero('0.0000')).toBe(true);
    expect(isZero('0.01')).toBe(false);
  });
});
