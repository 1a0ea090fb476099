import { useState } from 'preact/hooks';
import { useSession } from '../../app/session';
import { messageForFieldProblem } from '../../components/useForm';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState, Skeleton } from '../../components/States';
import { useAction } from '../../components/useAction';
import { formatDateTime, formatTime } from '../../format/dates';
import { t } from './messages';
import { useOnline, useOutbox } from '../../offline/hooks';
import type { QueuedChange } from '../../offline/outbox';
import { outbox, sendPendingChanges } from '../../offline/sync';

/** Changes saved on this phone and not yet accepted: their state, and retry or discard. */
export default function PendingChangesScreen() {
  const changes = useOutbox();
  const online = useOnline();
  const { organizations } = useSession();
  // Each change names its organization; said only when the person has more than one.
  const organizationOf = (change: QueuedChange): string | null =>
    organizations.length > 1 ? (organizations.find((organization) => organization.id === change.organizationId)?.name ?? null) : null;
  const [discarding, setDiscarding] = useState<QueuedChange | null>(null);
  // Each change shows its own state after the attempt; a failure to reach the server is one of them.
  const sending = useAction(() => sendPendingChanges().catch(() => undefined));

  return (
    <section class="screen" aria-labelledby="pending-title">
      <div class="screen__header">
        <h1 id="pending-title">{t('pending.title')}</h1>
        {changes?.some((change) => change.state === 'waiting') === true && (
          <button type="button" class="button" onClick={() => void sending.run()} disabled={sending.busy || !online}>
            {t('pending.sendNow')}
          </button>
        )}
      </div>
      <p class="muted">{t('pending.intro')}</p>

      {changes === undefined && <Skeleton label={t('pending.loading')} />}
      {changes !== undefined && changes.length === 0 && <EmptyState title={t('pending.empty')} />}
      {changes !== undefined && changes.length > 0 && (
        <ul class="pending-list">
          {changes.map((change) => (
            <PendingChange
              key={change.id}
              change={change}
              organization={organizationOf(change)}
              online={online}
              onRetry={() => void outbox.retry(change.id).catch(() => undefined)}
              onDiscard={() => setDiscarding(change)}
            />
          ))}
        </ul>
      )}

      {discarding !== null && (
        <ConfirmDialog
          title={t('pending.discardTitle')}
          confirmLabel={t('pending.discardConfirm')}
          onClose={() => setDiscarding(null)}
          onConfirm={async () => {
            await outbox.discard(discarding.id);
            setDiscarding(null);
          }}
        >
          <p>{t('pending.discardBody', { summary: discarding.summary })}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

interface PendingChangeProps {
  readonly change: QueuedChange;
  /** The organization's name, when the person has several. */
  readonly organization: string | null;
  readonly online: boolean;
  readonly onRetry: () => void;
  readonly onDiscard: () => void;
}

function stateText(change: QueuedChange): string {
  switch (change.state) {
    case 'sending':
      return t('pending.state.sending');
    case 'conflict':
      return t('pending.state.conflict');
    case 'rejected':
      return t('pending.state.rejected');
    case 'waiting':
      return change.attempts > 0 && change.nextAttemptAt > Date.now()
        ? t('pending.state.retrying', { time: formatTime(new Date(change.nextAttemptAt)) })
        : t('pending.state.waiting');
  }
}

/** One change: what it is, where it stands in words, the server's reasons, and what can be done. */
function PendingChange({ change, organization, online, onRetry, onDiscard }: PendingChangeProps) {
  const needsReview = change.state === 'conflict' || change.state === 'rejected';
  const headingId = `pending-${change.id}`;
  return (
    <li class={needsReview ? 'pending pending--review' : 'pending'} aria-labelledby={headingId}>
      <p class="pending__summary" id={headingId}>
        {change.summary}
      </p>
      <p class="pending__state">
        <span aria-hidden="true">{needsReview ? '⚠ ' : '⏳ '}</span>
        {stateText(change)}
      </p>
      {organization !== null && <p class="muted pending__organization">{t('pending.organization', { organization })}</p>}
      <p class="muted">
        {t('pending.savedAt', { time: formatDateTime(new Date(change.createdAt)) })}
        {change.attempts > 0 && ` · ${t('pending.attempts', { count: change.attempts })}`}
      </p>
      {change.state === 'conflict' && <p>{t('pending.conflictHelp')}</p>}
      {change.state === 'rejected' && <p>{t('pending.rejectedHelp')}</p>}
      {needsReview && change.problem !== undefined && (
        <div class="notice notice--error">
          <p class="notice__title">{change.problem.title}</p>
          {change.problem.detail !== null && <p>{change.problem.detail}</p>}
          {change.problem.errors !== undefined && change.problem.errors.length > 0 && (
            <ul>
              {change.problem.errors.map((error, index) => (
                <li key={`${error.field}-${index}`}>
                  <code>{error.field}</code>: {messageForFieldProblem(error)}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <div class="pending__actions">
        {change.state !== 'sending' && (
          <button type="button" class="button" onClick={onRetry} disabled={!online} aria-describedby={headingId}>
            {t('action.retry')}
          </button>
        )}
        {change.state !== 'sending' && (
          <button type="button" class="button button--quiet" onClick={onDiscard} aria-describedby={headingId}>
            {t('pending.discard')}
          </button>
        )}
      </div>
    </li>
  );
}
