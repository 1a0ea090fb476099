import { ApiNetworkError, ApiProblem, ApiTimeoutError } from '../api/client';
import { t } from '../i18n';

/** What to tell a person about a failed API call: a headline and, maybe, more detail. */
interface FailureMessage {
  readonly title: string;
  readonly detail: string | null;
}

/** Turns any error from an API call into words for a person. */
function describeFailure(error: unknown, online: boolean = navigator.onLine): FailureMessage {
  if (error instanceof ApiProblem) {
    return { title: error.title, detail: error.detail };
  }
  if (error instanceof ApiTimeoutError) {
    return { title: t('error.timeout'), detail: null };
  }
  if (error instanceof ApiNetworkError) {
    return { title: online ? t('error.unreachable') : t('error.offline'), detail: null };
  }
  return { title: t('error.unexpected'), detail: null };
}

/** An alert that explains a failed API call; nothing while `error` is `undefined` (nothing failed). */
export function ProblemNotice({ error }: { readonly error: unknown }) {
  if (error === undefined) {
    return null;
  }
  const { title, detail } = describeFailure(error);
  return (
    <div class="notice notice--error" role="alert">
      <p class="notice__title">{title}</p>
      {detail !== null && <p>{detail}</p>}
    </div>
  );
}
