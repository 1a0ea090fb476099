/** Test data for the organization screens' unit tests (never imported by the app). */
import { EMPTY_PROFILE, type ProfileValues } from './rules';

/** The wizard's answers for tests/integration/test_onboarding.py's valid profile. */
export const CHANDA: ProfileValues = {
  ...EMPTY_PROFILE,
  legal_name: 'Chanda  Hardware Limited',
  trading_name: 'Chanda Hardware',
  business_type: 'private_ltd_shares',
  tpin: '1002 345 678',
  pacra_number: '120130109834',
  vat_registered: 'yes',
  vat_effective_date: '01/03/2024',
  turnover_tax: 'no',
  physical_line1: 'Plot 12, Cairo Road',
  physical_town: 'Lusaka',
  physical_province: 'lusaka',
  physical_postal_code: '10101',
  phone: '0977 123456',
  email: 'accounts@chanda.co.zm',
  fiscal_year_start_month: '1',
};
