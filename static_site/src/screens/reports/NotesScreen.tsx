import { useCallback, useState } from 'preact/hooks';
import { Link } from '../../app/Link';
import { ProblemNotice } from '../../components/ProblemNotice';
import { useSession } from '../../app/session';
import { useResource } from '../../app/useResource';
import { Skeleton } from '../../components/States';
import { formatDateTime } from '../../format/dates';
import { t } from './messages';
import { getNotes, putNotes, type Notes } from '../../api/reports';
import './reports.css';

/** `/reports/notes`: basis of preparation, framework and policies, editable by those allowed. */
export default function NotesScreen() {
  const session = useSession();
  const orgId = session.status === 'signed_in' ? (session.currentOrganization?.id ?? null) : null;
  return (
    <section class="screen reports" aria-labelledby="notes-title">
      <div class="screen__header">
        <h1 id="notes-title">{t('reports.notes.title')}</h1>
      </div>
      <p>
        <Link href="/reports">{t('reports.title')}</Link>
      </p>
      {session.status === 'loading' ? (
        <Skeleton label={t('screen.loading')} lines={4} />
      ) : orgId === null ? (
        <p class="notice">{t('reports.noOrganization')}</p>
      ) : (
        <NotesBody key={orgId} orgId={orgId} canEdit={session.can('reports:manage')} />
      )}
    </section>
  );
}

function NotesBody({ orgId, canEdit }: { readonly orgId: string; readonly canEdit: boolean }) {
  const load = useCallback((signal: AbortSignal) => getNotes(orgId, signal), [orgId]);
  const notes = useResource(load);
  if (notes.error !== undefined && notes.data === undefined) {
    return <ProblemNotice error={notes.error} />;
  }
  if (notes.data === undefined) {
    return <Skeleton label={t('screen.loading')} lines={6} />;
  }
  return canEdit ? <NotesForm orgId={orgId} notes={notes.data} /> : <NotesText notes={notes.data} />;
}

function NotesText({ notes }: { readonly notes: Notes }) {
  return (
    <dl class="reports-notes">
      <dt>{t('reports.notes.basis')}</dt>
      <dd>{notes.basis_of_preparation}</dd>
      <dt>{t('reports.notes.framework')}</dt>
      <dd>{t(`reports.notes.framework.${notes.framework}`)}</dd>
      <dt>{t('reports.notes.policies')}</dt>
      <dd>{notes.policies}</dd>
    </dl>
  );
}

function NotesForm({ orgId, notes }: { readonly orgId: string; readonly notes: Notes }) {
  const [basis, setBasis] = useState(notes.basis_of_preparation);
  const [framework, setFramework] = useState(notes.framework);
  const [policies, setPolicies] = useState(notes.policies);
  const [saved, setSaved] = useState<Notes | null>(notes.id === null ? null : notes);
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);

  const save = async (event: Event): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      setSaved(await putNotes(orgId, { basis_of_preparation: basis, framework, policies }));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="reports-notes-form" noValidate onSubmit={(event) => void save(event)} aria-label={t('reports.notes.title')}>
      {error !== undefined && <ProblemNotice error={error} />}
      <p class="muted" role="status">
        {saved?.saved_at ? t('reports.notes.savedAt', { when: formatDateTime(saved.saved_at) }) : t('reports.notes.defaults')}
      </p>
      <div class="field">
        <label for="notes-basis">{t('reports.notes.basis')}</label>
        <textarea id="notes-basis" rows={4} maxLength={20000} value={basis} onInput={(event) => setBasis((event.target as HTMLTextAreaElement).value)} />
      </div>
      <div class="field">
        <label for="notes-framework">{t('reports.notes.framework')}</label>
        <select id="notes-framework" value={framework} onChange={(event) => setFramework((event.target as HTMLSelectElement).value as Notes['framework'])}>
          <option value="ifrs_for_smes">{t('reports.notes.framework.ifrs_for_smes')}</option>
          <option value="mse">{t('reports.notes.framework.mse')}</option>
        </select>
      </div>
      <div class="field">
        <label for="notes-policies">{t('reports.notes.policies')}</label>
        <textarea id="notes-policies" rows={8} maxLength={50000} value={policies} onInput={(event) => setPolicies((event.target as HTMLTextAreaElement).value)} />
      </div>
      <button type="submit" class="button" disabled={busy}>
        {t('reports.notes.save')}
      </button>
    </form>
  );
}
