import { getHealth, getReadiness, type Health, type Readiness, type ReadinessCheck } from '../../api/system';
import { ProblemNotice } from '../../components/ProblemNotice';
import { useResource } from '../../app/useResource';
import { formatTime } from '../../format/dates';
import { isPlainMessageKey, t } from './messages';

interface SystemStatus {
  readonly health: PromiseSettledResult<Health>;
  readonly readiness: PromiseSettledResult<Readiness>;
}

/** Both checks at once; one failing must not hide the other's answer. */
async function loadSystemStatus(signal: AbortSignal): Promise<SystemStatus> {
  const [health, readiness] = await Promise.allSettled([getHealth(signal), getReadiness(signal)]);
  return { health, readiness };
}

/** The operator's status screen: whether the IntelliFin API is up and ready to work. */
export default function StatusScreen() {
  const status = useResource(loadSystemStatus);
  const { data } = status;

  return (
    <section class="screen" aria-labelledby="status-title">
      <div class="screen__header">
        <h1 id="status-title">{t('status.title')}</h1>
        <button type="button" class="button" onClick={status.reload} disabled={status.loading}>
          {t('status.checkAgain')}
        </button>
      </div>

      <h2>{t('status.statusHeading')}</h2>
      {status.loading && (
        <p class="notice" role="status">
          {t('status.checking')}
        </p>
      )}
      {data !== undefined && <StatusReport status={data} />}
      {status.loadedAt !== undefined && (
        <p class="muted">{t('status.checkedAt', { time: formatTime(status.loadedAt) })}</p>
      )}
    </section>
  );
}

function StatusReport({ status }: { readonly status: SystemStatus }) {
  const { health, readiness } = status;
  if (health.status === 'rejected' && readiness.status === 'rejected') {
    // The usual cause is no connection; one notice says it better than two.
    return <ProblemNotice error={health.reason} />;
  }
  return (
    <>
      <ul class="status-list">
        <StatusRow label={t('status.api')} ok={health.status === 'fulfilled' && health.value.status === 'ok'} />
        {readiness.status === 'fulfilled' && (
          <StatusRow
            label={t('status.readiness')}
            ok={readiness.value.status === 'ready'}
            okText={t('status.ready')}
            failingText={t('status.notReady')}
          />
        )}
      </ul>
      {health.status === 'rejected' && <ProblemNotice error={health.reason} />}
      {readiness.status === 'rejected' ? (
        <ProblemNotice error={readiness.reason} />
      ) : (
        <ChecksReport checks={readiness.value.checks} />
      )}
    </>
  );
}

function ChecksReport({ checks }: { readonly checks: Readiness['checks'] | undefined }) {
  const entries = Object.entries(checks ?? {});
  return (
    <>
      <h2>{t('status.checksHeading')}</h2>
      {entries.length === 0 ? (
        <p class="muted">{t('status.checksUnknown')}</p>
      ) : (
        <ul class="status-list">
          {entries.map(([name, check]) => (
            <CheckRow key={name} name={name} check={check} />
          ))}
        </ul>
      )}
    </>
  );
}

function CheckRow({ name, check }: { readonly name: string; readonly check: ReadinessCheck }) {
  const key = `check.${name}`;
  const label = isPlainMessageKey(key) ? t(key) : name;
  return <StatusRow label={label} ok={check.ok} detail={check.ok ? null : check.detail} />;
}

interface StatusRowProps {
  readonly label: string;
  readonly ok: boolean;
  readonly detail?: string | null;
  readonly okText?: string;
  readonly failingText?: string;
}

/** One line of the report; the state is said in words and a symbol, never by colour alone. */
function StatusRow({ label, ok, detail = null, okText = t('status.ok'), failingText = t('status.failing') }: StatusRowProps) {
  return (
    <li class={ok ? 'status status--ok' : 'status status--failing'}>
      <span class="status__label">{label}</span>
      <span class="status__state">
        <span aria-hidden="true">{ok ? '✓' : '✕'}</span> {ok ? okText : failingText}
      </span>
      {detail !== null && <span class="status__detail">{detail}</span>}
    </li>
  );
}
