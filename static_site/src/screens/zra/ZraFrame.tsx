import { Fragment, type ComponentChildren } from 'preact';
import { Link } from '../../app/Link';
import { Skeleton } from '../../components/States';
import { useZraAccess, type ZraAccess, type ZraPermission } from './access';
import { t } from './messages';
import { ZRA_PATHS } from './paths';
import './zra.css';

/** What a ZRA screen's body gets once the person may see it. */
export interface ZraScope {
  readonly orgId: string;
  readonly access: ZraAccess;
}

interface ZraFrameProps {
  /** The `id` of the screen's `<h1>`. */
  readonly titleId: string;
  readonly title: string;
  readonly current: 'settings' | 'submissions' | 'log';
  /** What the person needs to see this screen. */
  readonly permission: ZraPermission;
  readonly children: (scope: ZraScope) => ComponentChildren;
}

/** The frame of every ZRA screen: its title, the ZRA screens' own links, and the permission check. */
export function ZraFrame({ titleId, title, current, permission, children }: ZraFrameProps) {
  const access = useZraAccess();
  const scope = access.organizationId === null ? null : { orgId: access.organizationId, access };
  const allowed = scope !== null && access.can(permission);
  return (
    <section class="screen zra" aria-labelledby={titleId}>
      <div class="screen__header">
        <h1 id={titleId}>{title}</h1>
      </div>
      {allowed && (
        <nav class="zra-nav" aria-label={t('zra.navLabel')}>
          <ul>
            {access.can('zra:manage') && (
              <li>
                <Link href={ZRA_PATHS.settings} current={current === 'settings'}>
                  {t('zra.settings.title')}
                </Link>
              </li>
            )}
            {access.can('invoices:read') && (
              <li>
                <Link href={ZRA_PATHS.submissions} current={current === 'submissions'}>
                  {t('zra.submissions.title')}
                </Link>
              </li>
            )}
            {access.can('zra:manage') && (
              <li>
                <Link href={ZRA_PATHS.log} current={current === 'log'}>
                  {t('zra.log.title')}
                </Link>
              </li>
            )}
          </ul>
        </nav>
      )}
      {access.status === 'loading' ? (
        <Skeleton label={t('screen.loading')} lines={4} />
      ) : scope === null ? (
        <p class="notice">{t('zra.noOrganization')}</p>
      ) : !allowed ? (
        <p class="notice">{t('zra.notAllowed')}</p>
      ) : (
        // Another organization is another device: nothing typed or loaded for one carries over.
        <Fragment key={scope.orgId}>{children(scope)}</Fragment>
      )}
    </section>
  );
}
