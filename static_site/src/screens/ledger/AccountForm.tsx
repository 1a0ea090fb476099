import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiProblem } from '../../api/client';
import { Dialog } from '../../components/Dialog';
import { ErrorSummary } from '../../components/ErrorSummary';
import { TextField } from '../../components/Field';
import { SelectField } from '../../components/SelectField';
import { required, useForm, type FormSpec } from '../../components/useForm';
import { t } from './messages';
import {
  ACCOUNT_TYPES,
  createAccount,
  getAccount,
  SUBTYPES,
  updateAccount,
  type Account,
  type AccountChanges,
  type AccountType,
} from '../../api/ledger';
import { subtypeLabel, typeLabel } from './display';
import { ledgerMessage } from './problems';

interface AccountValues {
  readonly code: string;
  readonly name: string;
  readonly accountType: AccountType;
  readonly subtype: string;
  readonly parentId: string;
  readonly isHeader: boolean;
}

const FORM_OPTIONS = {
  idPrefix: 'account',
  fieldNames: { account_type: 'accountType', parent_id: 'parentId', is_header: 'isHeader' },
} as const;

const CODE = /^[0-9A-Z-]{1,20}$/;

function codeError(value: string): string | null {
  const code = value.trim().toUpperCase();
  if (code === '') {
    return t('form.required');
  }
  return CODE.test(code) ? null : t('ledger.problem.codeInvalid');
}

/** Why an account's type (and whether it is a header) cannot change, if it cannot. */
export interface TypeLock {
  readonly reason: string;
}

/** The server's rules (docs/ledger.md), said before the person tries. */
export function typeLockOf(account: Account, lineCount: number, childCount: number): TypeLock | null {
  if (lineCount > 0) {
    return { reason: t('ledger.account.lockedByPostings', { type: typeLabel(account.account_type) }) };
  }
  if (account.is_header && childCount > 0) {
    return { reason: t('ledger.account.lockedByChildren') };
  }
  return null;
}

interface AccountFormProps {
  readonly orgId: string;
  /** The whole chart, for the choice of header. */
  readonly accounts: readonly Account[];
  /** The account to change; `null` for a new one. */
  readonly account: Account | null;
  readonly onClose: () => void;
  readonly onSaved: (account: Account) => void;
}

/** Adds an account to the chart, or renames, renumbers, moves or reclassifies one. */
export function AccountForm({ orgId, accounts, account, onClose, onSaved }: AccountFormProps) {
  const spec = useMemo<FormSpec<AccountValues>>(
    () => ({
      code: { initial: account?.code ?? '', validate: codeError },
      name: { initial: account?.name ?? '', validate: required },
      accountType: { initial: account?.account_type ?? 'asset' },
      subtype: { initial: account?.subtype ?? (SUBTYPES.asset[0] ?? '') },
      parentId: { initial: account?.parent_id ?? '' },
      isHeader: { initial: account?.is_header ?? false },
    }),
    [account],
  );
  const form = useForm(spec, FORM_OPTIONS);
  const { values } = form;
  // The summary as of the last press of the button: it takes focus whenever it changes, so
  // it must not change while the person corrects a field.
  const [presses, setPresses] = useState(0);
  const summary = useMemo(() => form.summary, [presses]);
  const [lock, setLock] = useState<TypeLock | null | 'checking'>(account === null ? null : 'checking');

  useEffect(() => {
    if (account === null) {
      return undefined;
    }
    const controller = new AbortController();
    getAccount(orgId, account.id, controller.signal).then(
      (detail) => setLock(typeLockOf(account, detail.line_count, detail.children.length)),
      // Unknown: let the server say it, as it would anyway.
      () => !controller.signal.aborted && setLock(null),
    );
    return () => controller.abort();
  }, [orgId, account]);

  const headers = accounts.filter(
    (candidate) =>
      candidate.is_header &&
      candidate.archived_at === null &&
      candidate.account_type === values.accountType &&
      candidate.id !== account?.id,
  );
  const typeLocked = lock !== null;

  const changeType = (next: AccountType): void => {
    form.set('accountType', next);
    if (!SUBTYPES[next].includes(values.subtype)) {
      form.set('subtype', SUBTYPES[next][0] ?? '');
    }
    const parent = accounts.find((candidate) => candidate.id === values.parentId);
    if (parent !== undefined && parent.account_type !== next) {
      form.set('parentId', '');
    }
  };

  const save = (event: Event): void => {
    event.preventDefault();
    void form
      .submit(async (submitted) => {
        try {
          onSaved(account === null ? await create(submitted) : await update(account, submitted));
        } catch (error) {
          throw error instanceof ApiProblem ? inWords(error) : error;
        }
      })
      .finally(() => setPresses((count) => count + 1));
  };

  const create = (submitted: AccountValues): Promise<Account> =>
    createAccount(orgId, {
      code: submitted.code.trim().toUpperCase(),
      name: submitted.name.trim(),
      account_type: submitted.accountType,
      subtype: submitted.subtype,
      parent_id: submitted.parentId === '' ? null : submitted.parentId,
      is_header: submitted.isHeader,
      description: '',
    });

  const update = (original: Account, submitted: AccountValues): Promise<Account> => {
    const changes: { -readonly [K in keyof AccountChanges]: AccountChanges[K] } = {};
    const code = submitted.code.trim().toUpperCase();
    if (code !== original.code) changes.code = code;
    if (submitted.name.trim() !== original.name) changes.name = submitted.name.trim();
    if (submitted.accountType !== original.account_type) changes.account_type = submitted.accountType;
    if (submitted.subtype !== original.subtype) changes.subtype = submitted.subtype;
    if ((submitted.parentId || null) !== original.parent_id) changes.parent_id = submitted.parentId || null;
    if (submitted.isHeader !== original.is_header) changes.is_header = submitted.isHeader;
    return updateAccount(orgId, original.id, changes);
  };

  const title = account === null ? t('ledger.account.newTitle') : t('ledger.account.editTitle', { code: account.code });
  return (
    <Dialog
      open
      title={title}
      onClose={onClose}
      actions={
        <>
          <button type="submit" form="account-form" class="button" disabled={form.submitting || lock === 'checking'}>
            {account === null ? t('ledger.account.create') : t('ledger.account.save')}
          </button>
          <button type="button" class="button button--quiet" onClick={onClose}>
            {t('action.cancel')}
          </button>
        </>
      }
    >
      <form id="account-form" class="form" noValidate onSubmit={save}>
        <ErrorSummary items={summary} />
        <TextField {...form.field('code')} label={t('ledger.account.code')} hint={t('ledger.account.codeHint')} maxLength={20} autoComplete="off" />
        <TextField {...form.field('name')} label={t('ledger.account.name')} maxLength={200} autoComplete="off" />
        <SelectField
          {...form.field('accountType')}
          onInput={(value) => changeType(value as AccountType)}
          label={t('ledger.account.type')}
          hint={typeLocked && lock !== 'checking' ? lock.reason : undefined}
          disabled={typeLocked}
          options={ACCOUNT_TYPES.map((option) => ({ value: option, label: typeLabel(option) }))}
        />
        <SelectField
          {...form.field('subtype')}
          label={t('ledger.account.subtype')}
          options={SUBTYPES[values.accountType].map((option) => ({ value: option, label: subtypeLabel(option) }))}
        />
        <SelectField
          {...form.field('parentId')}
          label={t('ledger.account.parent')}
          optional
          placeholder={t('ledger.account.noParent')}
          options={headers.map((header) => ({ value: header.id, label: `${header.code} · ${header.name}` }))}
        />
        <div class={form.errors.isHeader === undefined ? 'field' : 'field field--invalid'}>
          <label class="choice">
            <input
              id="account-isHeader"
              type="checkbox"
              checked={values.isHeader}
              disabled={typeLocked}
              aria-describedby="account-isHeader-hint"
              onChange={(event) => form.set('isHeader', event.currentTarget.checked)}
            />
            {t('ledger.account.isHeader')}
          </label>
          <p class="field__hint" id="account-isHeader-hint">
            {typeLocked && lock !== 'checking' ? lock.reason : t('ledger.account.isHeaderHint')}
          </p>
          {form.errors.isHeader !== undefined && <p class="field__error">{form.errors.isHeader}</p>}
        </div>
      </form>
    </Dialog>
  );
}

/** The same refusal with each field problem in the person's language. */
function inWords(problem: ApiProblem): ApiProblem {
  if (problem.errors === undefined) {
    return problem;
  }
  return new ApiProblem({
    type: problem.type,
    status: problem.status,
    code: problem.code,
    title: problem.title,
    detail: problem.detail,
    errors: problem.errors.map((error) => ({ ...error, message: ledgerMessage(error) })),
  });
}
