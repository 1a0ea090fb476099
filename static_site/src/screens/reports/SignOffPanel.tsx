import { useCallback, useState } from 'preact/hooks';
import { ProblemNotice } from '../../components/ProblemNotice';
import { useSession } from '../../app/session';
import { useResource } from '../../app/useResource';
import { formatDate, formatDateTime } from '../../format/dates';
import { t } from './messages';
import { listSignOffs, signOff, type SignOff, type SignOffStatus } from '../../api/reports';

interface Period {
  readonly from: string;
  readonly to: string;
}

/** The period's sign-off history (stale ones said so) and, for an accountant, the sign-off form. */
export function SignOffPanel({ orgId, period }: { readonly orgId: string; readonly period: Period }) {
  const session = useSession();
  const load = useCallback((signal: AbortSignal) => listSignOffs(orgId, period.from, period.to, signal), [orgId, period.from, period.to]);
  const history = useResource(load);
  return (
    <section class="reports-signoffs" aria-labelledby="signoffs-title">
      <h2 id="signoffs-title">{t('reports.signOff.title')}</h2>
      {history.error !== undefined && <ProblemNotice error={history.error} />}
      {history.data !== undefined &&
        (history.data.length === 0 ? (
          <p class="muted">{t('reports.signOff.none')}</p>
        ) : (
          <ul class="reports-signoffs__list">
            {history.data.map((item) => (
              <SignOffItem key={item.id} item={item} />
            ))}
          </ul>
        ))}
      {session.can('reports:sign_off') && <SignOffForm orgId={orgId} period={period} onSigned={history.reload} />}
    </section>
  );
}

function SignOffItem({ item }: { readonly item: SignOff }) {
  return (
    <li>
      <p>
        <strong>{t(item.status === 'approved' ? 'reports.signOff.approved' : 'reports.signOff.reviewed')}</strong>{' '}
        {t('reports.signOff.what', {
          from: formatDate(item.date_from),
          to: formatDate(item.date_to),
          when: formatDateTime(item.signed_at),
          number: item.ledger_head.entry_number,
        })}
      </p>
      {item.note !== '' && <p>{item.note}</p>}
      {item.stale && (
        <p class="notice notice--error" role="status">
          <span aria-hidden="true">⚠ </span>
          {t('reports.signOff.stale')}
        </p>
      )}
    </li>
  );
}

function SignOffForm({ orgId, period, onSigned }: { readonly orgId: string; readonly period: Period; readonly onSigned: () => void }) {
  const [status, setStatus] = useState<SignOffStatus>('reviewed');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);

  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await signOff(orgId, period.from, period.to, status, note.trim());
      setNote('');
      onSigned();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="reports-signoff-form" noValidate onSubmit={(event) => void submit(event)} aria-label={t('reports.signOff.formLabel')}>
      {error !== undefined && <ProblemNotice error={error} />}
      <div class="field">
        <label for="signoff-status">{t('reports.signOff.status')}</label>
        <select id="signoff-status" value={status} onChange={(event) => setStatus((event.target as HTMLSelectElement).value as SignOffStatus)}>
          <option value="reviewed">{t('reports.signOff.reviewed')}</option>
          <option value="approved">{t('reports.signOff.approved')}</option>
        </select>
      </div>
      <div class="field">
        <label for="signoff-note">{t('reports.signOff.note')}</label>
        <textarea id="signoff-note" maxLength={4000} value={note} onInput={(event) => setNote((event.target as HTMLTextAreaElement).value)} />
      </div>
      <button type="submit" class="button" disabled={busy}>
        {t('reports.signOff.submit', { from: formatDate(period.from), to: formatDate(period.to) })}
      </button>
    </form>
  );
}
