import { describe, expect, it } from 'vitest';
import type { BusinessProfile } from '../../api/organizations';
import { CHANDA } from './testing';
import {
  checkFields,
  EMPTY_PROFILE,
  fieldOfProblem,
  formatPhone,
  mapServerErrors,
  normaliseZambianPhone,
  profileChanges,
  taxModeKey,
  toProfileBody,
  valuesFromProfile,
  type FieldName,
} from './rules';

const ALL = Object.keys(EMPTY_PROFILE) as FieldName[];

describe('Zambian phone numbers, normalised as the API does (phonenumbers, region ZM)', () => {
  // Expected values produced by shared_code.organizations.model.normalise_zambian_phone.
  const cases: readonly [string, string | null][] = [
    ['0977 123456', '+260977123456'],
    ['+260 97 7123456', '+260977123456'],
    ['00260977123456', '+260977123456'],
    ['260977123456', '+260977123456'],
    ['977123456', '+260977123456'],
    ['0211 123456', '+260211123456'],
    ['+260211123456', '+260211123456'],
    ['0800 123456', '+260800123456'],
    ['0630123456', '+260630123456'],
    ['0966-123-456', '+260966123456'],
    ['(0977) 123 456', '+260977123456'],
    ['0761234567', '+260761234567'],
    ['0951234567', '+260951234567'],
    ['0551234567', '+260551234567'],
    ['0212123456', '+260212123456'],
    ['+260 0977123456', '+260977123456'],
    ['0977.123.456', '+260977123456'],
    ['0977/123456', '+260977123456'],
    ['260 97 712 3456', '+260977123456'],
    ['0 977 123 456', '+260977123456'],
    ['0991234567', null],
    ['0941234567', null],
    ['0741234567', null],
    ['0219123456', null],
    ['+27 82 123 4567', null],
    ['+1 202 555 0100', null],
    ['0977 12345', null],
    ['09771234567', null],
    ['123', null],
    ['', null],
    ['abc', null],
  ];

  it.each(cases)('%s → %s', (raw, expected) => {
    expect(normaliseZambianPhone(raw)).toBe(expected);
  });

  it('shows a stored number in groups', () => {
    expect(formatPhone('+260977123456')).toBe('+260 97 712 3456');
    expect(formatPhone('+27821234567')).toBe('+27821234567');
  });
});

describe('the checks of each field, mirroring the API', () => {
  it('finds nothing wrong with a complete profile', () => {
    expect(checkFields(CHANDA, ALL)).toEqual({});
  });

  it('asks for every required answer of an empty profile, and nothing optional', () => {
    expect(Object.keys(checkFields(EMPTY_PROFILE, ALL)).sort()).toEqual(
      [
        'legal_name',
        'business_type',
        'tpin',
        'vat_registered',
        'turnover_tax',
        'physical_line1',
        'physical_town',
        'physical_province',
        'phone',
        'email',
      ].sort(),
    );
  });

  it.each([
    ['12345', 'A TPIN is 10 digits'],
    ['10023456AB', 'A TPIN is 10 digits'],
    ['10023456789', 'A TPIN is 10 digits'],
  ])('refuses the TPIN %s', (tpin, message) => {
    expect(checkFields({ ...CHANDA, tpin }, ['tpin']).tpin).toContain(message);
  });

  it('takes a TPIN written with spaces or dashes, as the API strips them', () => {
    expect(checkFields({ ...CHANDA, tpin: '1002-345-678' }, ['tpin'])).toEqual({});
    expect(toProfileBody({ ...CHANDA, tpin: '1002-345-678' }).tpin).toBe('1002345678');
  });

  it('takes no PACRA number, but not a short one', () => {
    expect(checkFields({ ...CHANDA, pacra_number: '' }, ['pacra_number'])).toEqual({});
    expect(checkFields({ ...CHANDA, pacra_number: '123' }, ['pacra_number']).pacra_number).toContain('12 digits');
  });

  it('needs the VAT date only from a VAT-registered business, and a real one', () => {
    expect(checkFields({ ...CHANDA, vat_effective_date: '' }, ['vat_effective_date']).vat_effective_date).toContain(
      'VAT registration took effect',
    );
    expect(checkFields({ ...CHANDA, vat_effective_date: '31/04/2024' }, ['vat_effective_date']).vat_effective_date).toBe(
      'There is no such date.',
    );
    expect(checkFields({ ...CHANDA, vat_registered: 'no', vat_effective_date: '' }, ['vat_effective_date'])).toEqual({});
  });

  it('refuses a phone number that is not Zambian and a postal code that is not 5 digits', () => {
    const errors = checkFields({ ...CHANDA, phone: '+27 82 123 4567', physical_postal_code: '1010' }, ALL);
    expect(errors.phone).toContain('Zambian phone number');
    expect(errors.physical_postal_code).toContain('5 digits');
  });

  it('checks the postal address only when there is one', () => {
    expect(checkFields({ ...CHANDA, has_postal_address: false }, ALL)).toEqual({});
    expect(Object.keys(checkFields({ ...CHANDA, has_postal_address: true }, ALL)).sort()).toEqual([
      'postal_line1',
      'postal_province',
      'postal_town',
    ]);
  });

  it('keeps names within 200 characters', () => {
    expect(checkFields({ ...CHANDA, legal_name: 'x'.repeat(201) }, ['legal_name']).legal_name).toBe('Use at most 200 characters.');
  });
});

describe('the profile as the API takes it', () => {
  it('is the integration tests’ valid profile', () => {
    expect(toProfileBody(CHANDA)).toEqual({
      legal_name: 'Chanda Hardware Limited',
      trading_name: 'Chanda Hardware',
      business_type: 'private_ltd_shares',
      tpin: '1002345678',
      pacra_number: '120130109834',
      vat_registered: true,
      vat_effective_date: '2024-03-01',
      turnover_tax: false,
      physical_address: { line1: 'Plot 12, Cairo Road', line2: null, town: 'Lusaka', province: 'lusaka', postal_code: '10101' },
      postal_address: null,
      phone: '+260977123456',
      email: 'accounts@chanda.co.zm',
      fiscal_year_start_month: 1,
      base_currency: 'ZMW',
    });
  });

  it('sends no VAT date for a business that is not registered, even one typed before', () => {
    expect(toProfileBody({ ...CHANDA, vat_registered: 'no' }).vat_effective_date).toBeNull();
  });

  it('reads a stored profile back, and a PATCH carries only what changed', () => {
    const stored = toProfileBody(CHANDA) as BusinessProfile;
    const values = valuesFromProfile(stored);
    expect(values.vat_effective_date).toBe('01/03/2024');
    expect(profileChanges(stored, values)).toEqual({});
    expect(profileChanges(stored, { ...values, physical_town: 'Ndola', email: 'x@chanda.co.zm' })).toEqual({
      physical_address: { line1: 'Plot 12, Cairo Road', line2: null, town: 'Ndola', province: 'lusaka', postal_code: '10101' },
      email: 'x@chanda.co.zm',
    });
  });

  it('names the tax set-up the chart of accounts will follow', () => {
    expect(taxModeKey(CHANDA)).toBe('org.taxMode.vat');
    expect(taxModeKey({ ...CHANDA, turnover_tax: 'yes' })).toBe('org.taxMode.both');
    expect(taxModeKey({ ...CHANDA, vat_registered: 'no', turnover_tax: 'yes' })).toBe('org.taxMode.turnoverTax');
  });
});

describe('the server’s field errors on the form', () => {
  it('maps nested paths and errors on the whole body onto the form’s fields', () => {
    expect(fieldOfProblem({ field: 'physical_address.province', code: 'enum', message: 'bad' })).toBe('physical_province');
    expect(fieldOfProblem({ field: 'postal_address.postal_code', code: 'x', message: '' })).toBe('postal_postal_code');
    expect(
      fieldOfProblem({
        field: 'body',
        code: 'value_error',
        message: 'Value error, vat_effective_date is required when the business is VAT registered',
      }),
    ).toBe('vat_effective_date');
    expect(fieldOfProblem({ field: 'base_currency', code: 'x', message: 'only ZMW' })).toBeNull();
  });

  it('words known refusals in the person’s language, keeps a configured TPIN rule’s own message', () => {
    const { fieldErrors, otherErrors } = mapServerErrors([
      { field: 'tpin', code: 'value_error', message: 'Value error, a TPIN is 10 digits' },
      { field: 'phone', code: 'value_error', message: 'Value error, enter a Zambian phone number' },
      { field: 'legal_name', code: 'missing', message: 'Field required' },
      { field: 'base_currency', code: 'string_pattern_mismatch', message: "String should match pattern '^ZMW$'" },
    ]);
    expect(fieldErrors).toEqual({
      tpin: 'A TPIN is 10 digits, for example 1002345678.',
      phone: 'Enter a Zambian phone number, for example 0977 123456 or +260 97 7123456.',
      legal_name: 'Fill this in.',
    });
    expect(otherErrors).toEqual(["String should match pattern '^ZMW$'"]);
    expect(
      mapServerErrors([{ field: 'tpin', code: 'tpin_rejected', message: 'This TPIN does not match the format we accept.' }]).fieldErrors,
    ).toEqual({ tpin: 'This TPIN does not match the format we accept.' });
  });
});
