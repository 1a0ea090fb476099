import { useCallback, useMemo, useState } from 'preact/hooks';
import { listChart } from '../../api/ledger';
import { createRule, deleteRule, listRules, type Rule } from '../../api/mobileMoney';
import { useResource } from '../../app/useResource';
import { ErrorSummary } from '../../components/ErrorSummary';
import { TextField } from '../../components/Field';
import { FormProblems, useGuardedForm } from '../../components/guardedForm';
import { ProblemNotice } from '../../components/ProblemNotice';
import { SelectField } from '../../components/SelectField';
import { EmptyState, Skeleton } from '../../components/States';
import { SubmitButton } from '../../components/SubmitButton';
import { showToast } from '../../components/toasts';
import { useAction } from '../../components/useAction';
import { useForm, type FormSpec } from '../../components/useForm';
import { money } from './display';
import { t } from './messages';
import { WalletsFrame, type WalletScope } from './WalletsFrame';

/** `/wallets/rules`: the categorisation rules (made here or by "Always do this"), and a new one. */
export default function RulesScreen() {
  return <WalletsFrame titleId="wallets-rules-title" title={t('wallets.rules.title')} current="rules" children={(scope) => <Rules scope={scope} />} />;
}

function Rules({ scope }: { readonly scope: WalletScope }) {
  const { orgId, canManage, canReadLedger } = scope;
  const load = useCallback(
    async (signal: AbortSignal) => {
      const [rules, accounts] = await Promise.all([listRules(orgId, signal), canReadLedger ? listChart(orgId, signal) : Promise.resolve([])]);
      return { rules, accounts: accounts.filter((account) => !account.is_header && account.archived_at === null) };
    },
    [orgId, canReadLedger],
  );
  const loaded = useResource(load);
  const names = useMemo(() => new Map((loaded.data?.accounts ?? []).map((account) => [account.id, `${account.code} ${account.name}`])), [loaded.data]);
  if (loaded.data === undefined) {
    return loaded.error === undefined ? <Skeleton label={t('screen.loading')} lines={4} /> : <ProblemNotice error={loaded.error} />;
  }
  const options = loaded.data.accounts.map((account) => ({ value: account.id, label: `${account.code} ${account.name}` }));
  return (
    <>
      <p class="muted">{t('wallets.rules.intro')}</p>
      {loaded.data.rules.length === 0 ? (
        <EmptyState title={t('wallets.rules.emptyTitle')} body={t('wallets.rules.emptyBody')} />
      ) : (
        <ul class="wallets-rows" aria-label={t('wallets.rules.title')}>
          {loaded.data.rules.map((rule) => (
            <RuleRow key={rule.id} rule={rule} orgId={orgId} canManage={canManage} account={names.get(rule.account_id) ?? t('wallets.inbox.accountUnknown')} onDeleted={loaded.reload} />
          ))}
        </ul>
      )}
      {canManage && <RuleForm orgId={orgId} options={options} onCreated={loaded.reload} />}
    </>
  );
}

function conditions(rule: Rule): string {
  const parts: string[] = [];
  if (rule.direction !== null) {
    parts.push(rule.direction === 'in' ? t('wallets.rules.moneyIn') : t('wallets.rules.moneyOut'));
  }
  if (rule.counterparty !== null) {
    parts.push(t('wallets.rules.fromTo', { who: rule.counterparty }));
  }
  if (rule.text_contains !== null) {
    parts.push(t('wallets.rules.contains', { text: rule.text_contains }));
  }
  if (rule.min_amount !== null) {
    parts.push(t('wallets.rules.atLeast', { amount: money(rule.min_amount) }));
  }
  if (rule.max_amount !== null) {
    parts.push(t('wallets.rules.atMost', { amount: money(rule.max_amount) }));
  }
  return parts.length === 0 ? t('wallets.rules.every') : parts.join(' · ');
}

function RuleRow({ rule, orgId, canManage, account, onDeleted }: { readonly rule: Rule; readonly orgId: string; readonly canManage: boolean; readonly account: string; readonly onDeleted: () => void }) {
  const remove = useAction(async () => {
    await deleteRule(orgId, rule.id);
    showToast(t('wallets.rules.deleted', { name: rule.name }), 'success');
    onDeleted();
  });
  return (
    <li class="wallets-row" data-testid="rule">
      <p>
        <strong>{rule.name}</strong> → {account}
        {rule.vat_rate !== null && ` · ${t('wallets.rules.vat', { rate: rule.vat_rate })}`}
      </p>
      <p class="muted">{conditions(rule)}</p>
      {canManage && (
        <div class="wallets-actions">
          <button type="button" class="button button--quiet" disabled={remove.busy} onClick={() => void remove.run()} aria-label={t('wallets.rules.deleteLabel', { name: rule.name })}>
            {t('wallets.rules.delete')}
          </button>
        </div>
      )}
      <ProblemNotice error={remove.failure} />
    </li>
  );
}

interface RuleValues {
  readonly name: string;
  readonly account_id: string;
  readonly direction: string;
  readonly counterparty: string;
  readonly text_contains: string;
}

const FORM_OPTIONS = { idPrefix: 'rule' } as const;

function RuleForm({ orgId, options, onCreated }: { readonly orgId: string; readonly options: readonly { value: string; label: string }[]; readonly onCreated: () => void }) {
  const spec = useMemo<FormSpec<RuleValues>>(
    () => ({
      name: { initial: '', validate: (value) => (value.trim() === '' ? t('wallets.rules.nameMissing') : null), tidy: (value) => value.trim() },
      account_id: { initial: '', validate: (value) => (value === '' ? t('wallets.split.accountMissing') : null) },
      direction: { initial: '' },
      counterparty: { initial: '', tidy: (value) => value.trim() },
      text_contains: { initial: '', tidy: (value) => value.trim() },
    }),
    [],
  );
  const form = useForm(spec, FORM_OPTIONS);
  const guard = useGuardedForm(form);
  const [key, setKey] = useState(0);
  const save = guard.onSubmit(async () => {
    const values = form.values;
    const rule = await createRule(orgId, {
      name: values.name.trim(),
      account_id: values.account_id,
      direction: values.direction === '' ? null : (values.direction as 'in' | 'out'),
      counterparty: values.counterparty.trim() === '' ? null : values.counterparty.trim(),
      text_contains: values.text_contains.trim() === '' ? null : values.text_contains.trim(),
      priority: 100,
    });
    showToast(t('wallets.rules.created', { name: rule.name }), 'success');
    setKey(key + 1);
    onCreated();
  });
  return (
    <form class="form" noValidate onSubmit={save} aria-label={t('wallets.rules.new')} key={key}>
      <h2>{t('wallets.rules.new')}</h2>
      <ErrorSummary items={form.summary} />
      <FormProblems guard={guard} />
      <TextField {...form.field('name')} label={t('wallets.rules.name')} maxLength={100} autoComplete="off" />
      <SelectField {...form.field('account_id')} label={t('wallets.rules.account')} placeholder={t('wallets.split.choose')} options={options} />
      <SelectField
        {...form.field('direction')}
        label={t('wallets.rules.direction')}
        required={false}
        options={[
          { value: '', label: t('wallets.rules.either') },
          { value: 'in', label: t('wallets.rules.moneyIn') },
          { value: 'out', label: t('wallets.rules.moneyOut') },
        ]}
      />
      <TextField {...form.field('counterparty')} label={t('wallets.rules.counterparty')} hint={t('wallets.rules.counterpartyHint')} optional maxLength={200} autoComplete="off" />
      <TextField {...form.field('text_contains')} label={t('wallets.rules.textContains')} hint={t('wallets.rules.textContainsHint')} optional maxLength={200} autoComplete="off" />
      <SubmitButton busy={guard.busy} label={t('wallets.rules.save')} />
    </form>
  );
}
