/** The server's refusals of the device settings and identity, in the person's language. */
import { ApiProblem } from '../../api/client';
import { withMessages } from '../customers/display';
import { t, type PlainMessageKey } from './messages';

/** The field codes of `PUT /zra/settings` and `POST /zra/identity` (`shared_code/zra`). */
const FIELD_CODES: Readonly<Record<string, PlainMessageKey>> = {
  invalid_url: 'zra.problem.invalid_url',
  invalid_tpin: 'zra.problem.invalid_tpin',
  tpin_not_the_business: 'zra.problem.tpin_not_the_business',
  invalid_branch_id: 'zra.problem.invalid_branch_id',
  invalid_device_serial: 'zra.problem.invalid_device_serial',
  invalid_sdc_id: 'zra.problem.invalid_sdc_id',
  invalid_mrc_no: 'zra.problem.invalid_mrc_no',
};

/** A refusal with the field problems these screens know said in the person's language. */
export function inWords(error: unknown): unknown {
  if (!(error instanceof ApiProblem)) {
    return error;
  }
  return withMessages(error, (code) => {
    const key = FIELD_CODES[code];
    return key === undefined ? undefined : t(key);
  });
}

/** The stable codes the settings screen answers in its own way. */
export const ZRA_CODES = {
  notVatRegistered: 'zra_not_vat_registered',
  unreachable: 'zra_vsdc_unreachable',
  alreadyInitialised: 'zra_already_initialised',
} as const;

export function hasCode(error: unknown, code: string): error is ApiProblem {
  return error instanceof ApiProblem && error.code === code;
}

/** Checks of the form before it is sent, the same rules the server applies (`zra/model.py`). */
export function urlError(value: string): string | null {
  const trimmed = value.trim();
  if (trimmed === '') {
    return t('form.required');
  }
  return /^https?:\/\/[^\s/?#]+[^\s?#]*$/i.test(trimmed) ? null : t('zra.problem.invalid_url');
}

export function tpinError(value: string): string | null {
  const trimmed = value.trim();
  if (trimmed === '') {
    return t('form.required');
  }
  return /^\d{10}$/.test(trimmed) ? null : t('zra.problem.invalid_tpin');
}

export function branchError(value: string): string | null {
  const trimmed = value.trim();
  if (trimmed === '') {
    return t('form.required');
  }
  return /^\d{3}$/.test(trimmed) ? null : t('zra.problem.invalid_branch_id');
}

export function serialError(value: string): string | null {
  const trimmed = value.trim();
  if (trimmed === '') {
    return t('form.required');
  }
  return /^[A-Za-z0-9][A-Za-z0-9._/-]{0,99}$/.test(trimmed) ? null : t('zra.problem.invalid_device_serial');
}

export function sdcIdError(value: string): string | null {
  const trimmed = value.trim();
  if (trimmed === '') {
    return t('form.required');
  }
  return /^[A-Za-z0-9]{1,30}$/.test(trimmed) ? null : t('zra.problem.invalid_sdc_id');
}

export function mrcNoError(value: string): string | null {
  const trimmed = value.trim();
  return trimmed === '' || /^[A-Za-z0-9]{1,30}$/.test(trimmed) ? null : t('zra.problem.invalid_mrc_no');
}
