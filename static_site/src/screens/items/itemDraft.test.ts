import { describe, expect, it } from 'vitest';
import { item } from '../customers/testing';
import { classificationError, codeError, countryError, crossFieldErrors, itemBody, itemValues, priceError } from './itemDraft';

describe('an item being typed', () => {
  it('takes the codes ZRA takes', () => {
    expect(codeError('CEM-50_kg.1')).toBeNull();
    expect(codeError('')).toBe('Fill this in.');
    expect(codeError('-CEM')).not.toBeNull();
    expect(codeError('a'.repeat(51))).not.toBeNull();
    expect(classificationError('')).toBeNull();
    expect(classificationError('50202201')).toBeNull();
    expect(classificationError('5020220100')).toBeNull();
    expect(classificationError('502022')).toBe('ZRA’s classification code is 8 or 10 digits.');
  });

  it('takes a price in kwacha and ngwee, zero or more', () => {
    expect(priceError('0')).toBeNull();
    expect(priceError('1,234.50')).toBeNull();
    expect(priceError('')).toBe('Fill this in.');
    expect(priceError('1.234')).toBe('Use at most 2 digits after the point.');
    expect(priceError('-5')).toBe('Enter an amount of zero or more.');
  });

  it('asks a B item for its RRP and never counts a service’s stock', () => {
    const values = itemValues(null);
    expect(crossFieldErrors(values)).toEqual({});
    expect(crossFieldErrors({ ...values, taxCategory: 'B' })).toEqual({ rrp: 'A minimum-taxable-value (B) item needs its RRP.' });
    expect(crossFieldErrors({ ...values, taxCategory: 'B', rrp: '15.5' })).toEqual({});
    expect(crossFieldErrors({ ...values, kind: 'service', stockTracked: true })).toEqual({ stockTracked: 'Only goods are counted in stock.' });
  });

  it('becomes the API body with prices as exact decimal strings, the RRP only for a B item', () => {
    expect(
      itemBody({
        ...itemValues(null),
        code: ' DEL ',
        name: 'Delivery  in Lusaka',
        kind: 'service',
        taxCategory: 'A',
        rrp: '99',
        defaultPrice: '1,250.5',
        priceBasis: 'exclusive',
        stockTracked: true,
      }),
    ).toEqual({
      code: 'DEL',
      name: 'Delivery in Lusaka',
      kind: 'service',
      classification_code: null,
      unit_code: 'U',
      packaging_code: 'NT',
      tax_category: 'A',
      levy: null,
      rrp: null,
      default_price: '1250.50',
      price_includes_vat: false,
      income_account_id: null,
      stock_tracked: false,
      origin_country: 'ZM',
    });
  });

  it('starts an edit from what was saved, the 4-place prices shown in ngwee', () => {
    const saved = item('LAGER', 'Lager 375 ml', { tax_category: 'B', rrp: '15.5000', default_price: '14.0000', levy: 'TL' });
    expect(itemValues(saved)).toMatchObject({ rrp: '15.50', defaultPrice: '14.00', levy: 'TL', priceBasis: 'inclusive' });
    expect(itemValues({ ...saved, default_price: '14.1250' }).defaultPrice).toBe('14.1250');
  });
});

describe('the country of origin', () => {
  it('takes two letters, sent upper-case as ZRA reads them', () => {
    expect(countryError('za')).toBeNull();
    expect(countryError('Z1')).toBe('Two letters, e.g. ZM for Zambia or CN for China.');
    expect(countryError('ZMB')).toBe('Two letters, e.g. ZM for Zambia or CN for China.');
    expect(itemBody({ ...itemValues(null), code: 'X1', name: 'X', defaultPrice: '1', originCountry: ' cn ' }).origin_country).toBe('CN');
  });
});
