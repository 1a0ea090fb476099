import { describe, expect, it } from 'vitest';
import { customerBody, customerValues, emailError, phoneError, termsError, tidyPhone, tpinError, tpinProgress } from './customerDraft';
import { customer } from './testing';

describe('a customer being typed', () => {
  it('takes a TPIN of 10 digits, with spaces or dashes, or none at all', () => {
    expect(tpinError('')).toBeNull();
    expect(tpinError('1002-003-004')).toBeNull();
    expect(tpinError('100200300')).toBe('A TPIN is 10 digits.');
    expect(tpinError('10020030045')).toBe('A TPIN is 10 digits.');
    expect(tpinError('10020O3004')).toBe('A TPIN is 10 digits.');
  });

  it('says how far the TPIN typed is from its 10 digits', () => {
    expect(tpinProgress('')).toBeNull();
    expect(tpinProgress('1')).toBe('1 digit of 10 typed.');
    expect(tpinProgress('100 200')).toBe('6 digits of 10 typed.');
    expect(tpinProgress('1002003004')).toBe('10 digits: complete.');
    expect(tpinProgress('12a')).toBe('A TPIN is 10 digits.');
  });

  it('takes a Zambian phone in any usual form and shows it grouped once the field is left', () => {
    expect(phoneError('')).toBeNull();
    expect(phoneError('0977 123456')).toBeNull();
    expect(phoneError('+260 96 6555111')).toBeNull();
    expect(phoneError('0123')).toBe('Enter a Zambian number, such as 0977 123456.');
    expect(tidyPhone('0977123456')).toBe('+260 97 712 3456');
    expect(tidyPhone('0123')).toBe('0123');
  });

  it('takes an e-mail address or none, and payment terms of 0 to 365 whole days', () => {
    expect(emailError('')).toBeNull();
    expect(emailError('accounts@mwale.co.zm')).toBeNull();
    expect(emailError('accounts@')).not.toBeNull();
    expect(['0', '30', '365'].map(termsError)).toEqual([null, null, null]);
    expect(['', '366', '-1', '7.5', 'thirty'].map(termsError).every((error) => error !== null)).toBe(true);
  });

  it('becomes the API body: single-spaced name, TPIN digits only, phone in +260 form, blanks as null', () => {
    expect(
      customerBody({
        kind: 'individual',
        name: '  Grace   Banda ',
        tpin: '',
        contactPerson: ' ',
        phone: '0966 555111',
        email: '',
        address: '',
        paymentTermsDays: ' 0 ',
        currency: 'ZMW',
      }),
    ).toEqual({
      kind: 'individual',
      name: 'Grace Banda',
      tpin: null,
      contact_person: null,
      phone: '+260966555111',
      email: null,
      address: null,
      payment_terms_days: 0,
      currency: 'ZMW',
    });
  });

  it('starts a new customer as a business in kwacha on 30 days, and an edit from what was saved', () => {
    expect(customerValues(null)).toMatchObject({ kind: 'business', paymentTermsDays: '30', currency: 'ZMW', tpin: '' });
    const saved = customer('Chola Lodge', { currency: 'USD', payment_terms_days: 7, phone: '+260966555111' });
    expect(customerBody(customerValues(saved))).toEqual({
      kind: 'business',
      name: 'Chola Lodge',
      tpin: '1002003004',
      contact_person: null,
      phone: '+260966555111',
      email: null,
      address: null,
      payment_terms_days: 7,
      currency: 'USD',
    });
  });
});
