import { describe, expect, it } from 'vitest';
import { formatMoney, fromWire, parseMoney, toWire } from './money';

describe('formatMoney', () => {
  it('writes kwacha with the K sign, commas between thousands and two ngwee digits', () => {
    expect(formatMoney(123450n, 'ZMW')).toBe('K1,234.50');
    expect(formatMoney(116000n, 'ZMW')).toBe('K1,160.00');
    expect(formatMoney(123456789012n, 'ZMW')).toBe('K1,234,567,890.12');
    expect(formatMoney(5n, 'ZMW')).toBe('K0.05');
    expect(formatMoney(0n, 'ZMW')).toBe('K0.00');
  });

  it('writes the ISO code and a space when asked, or the bare figure', () => {
    expect(formatMoney(123450n, 'ZMW', 'code')).toBe('ZMW 1,234.50');
    expect(formatMoney(123450n, 'ZMW', 'none')).toBe('1,234.50');
  });

  it('puts the minus before the sign', () => {
    expect(formatMoney(-123450n, 'ZMW')).toBe('-K1,234.50');
    expect(formatMoney(-5n, 'ZMW', 'code')).toBe('-ZMW 0.05');
  });

  it('shows other currencies by their code, with their own decimals', () => {
    expect(formatMoney(1200n, 'USD')).toBe('USD 12.00');
    expect(formatMoney(1500n, 'JPY')).toBe('JPY 1,500');
    expect(formatMoney(1200n, 'xof')).toBe('XOF 12.00');
  });

  it('stays exact far beyond the range of floating point', () => {
    expect(formatMoney(900719925474099312n, 'ZMW')).toBe('K9,007,199,254,740,993.12');
  });
});

describe('parseMoney', () => {
  it.each([
    ['1,234.50', 123450n],
    ['1234.5', 123450n],
    ['1234', 123400n],
    ['K1,234.50', 123450n],
    ['K 1,234.50', 123450n],
    ['ZK1,234.50', 123450n],
    ['zmw 1234.50', 123450n],
    ['1,234.50 ZMW', 123450n],
    ['  0.05 ', 5n],
    ['.5', 50n],
    ['1 234 567.10', 123456710n],
    ['1,234.500', 123450n],
    ['0', 0n],
  ])('reads %j as %s ngwee', (text, minor) => {
    expect(parseMoney(text, 'ZMW')).toEqual({ ok: true, minor });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['abc', 'invalid'],
    ['1.234,50', 'invalid'],
    ['12,34.50', 'invalid'],
    ['1,2345', 'invalid'],
    ['1.2.3', 'invalid'],
    ['K', 'invalid'],
    ['1e3', 'invalid'],
    ['USD 12', 'invalid'],
    ['1,234.505', 'tooManyDecimals'],
    ['0.001', 'tooManyDecimals'],
    ['-12', 'negative'],
  ])('refuses %j: %s', (text, error) => {
    expect(parseMoney(text, 'ZMW')).toEqual({ ok: false, error });
  });

  it('reads negative amounts, written with a minus or in brackets, when they are allowed', () => {
    expect(parseMoney('-K1,234.50', 'ZMW', { allowNegative: true })).toEqual({ ok: true, minor: -123450n });
    expect(parseMoney('K-50', 'ZMW', { allowNegative: true })).toEqual({ ok: true, minor: -5000n });
    expect(parseMoney('(1,000.00)', 'ZMW', { allowNegative: true })).toEqual({ ok: true, minor: -100000n });
    expect(parseMoney('-0', 'ZMW')).toEqual({ ok: true, minor: 0n });
  });

  it('uses the decimals of the currency being entered', () => {
    expect(parseMoney('USD 12.5', 'USD')).toEqual({ ok: true, minor: 1250n });
    expect(parseMoney('1,500', 'JPY')).toEqual({ ok: true, minor: 1500n });
    expect(parseMoney('1,500.5', 'JPY')).toEqual({ ok: false, error: 'tooManyDecimals' });
  });

  it('round-trips whatever formatMoney writes', () => {
    for (const minor of [0n, 1n, 99n, 100n, 123450n, 100000000n]) {
      for (const display of ['sign', 'code', 'none'] as const) {
        expect(parseMoney(formatMoney(minor, 'ZMW', display), 'ZMW')).toEqual({ ok: true, minor });
      }
    }
  });
});

describe('the wire format', () => {
  it('sends minor units as a plain decimal string', () => {
    expect(toWire(123450n, 'ZMW')).toBe('1234.50');
    expect(toWire(-5n, 'ZMW')).toBe('-0.05');
    expect(toWire(1500n, 'JPY')).toBe('1500');
  });

  it('reads decimal strings exactly, with fewer decimals or trailing zeros', () => {
    expect(fromWire('1234.50', 'ZMW')).toBe(123450n);
    expect(fromWire('1234.5', 'ZMW')).toBe(123450n);
    expect(fromWire('1234', 'ZMW')).toBe(123400n);
    expect(fromWire('-0.05', 'ZMW')).toBe(-5n);
    expect(fromWire('0.10000', 'ZMW')).toBe(10n);
    expect(fromWire('9007199254740993.12', 'ZMW')).toBe(900719925474099312n);
  });

  it('refuses what is not an exact amount of the currency', () => {
    expect(() => fromWire('1,234.50', 'ZMW')).toThrow(RangeError);
    expect(() => fromWire('1e3', 'ZMW')).toThrow(RangeError);
    expect(() => fromWire('0.005', 'ZMW')).toThrow('more decimals than ZMW allows');
  });
});
