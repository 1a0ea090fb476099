import type { ComponentChildren } from 'preact';
import { Link } from '../../app/Link';
import { usePath } from '../../app/router';
import { useSession, type Permission } from '../../app/session';
import type { PlainMessageKey } from './messages';
import { t } from './messages';
import './team.css';

/** The team's pages, each shown to those whose role allows it. */
export const TEAM_PAGES: readonly { readonly path: string; readonly nameKey: PlainMessageKey; readonly permission: Permission }[] = [
  { path: '/team', nameKey: 'team.caption', permission: 'users:read' },
  { path: '/team/invitations', nameKey: 'nav.teamInvitations', permission: 'users:read' },
  { path: '/team/roles', nameKey: 'nav.teamRoles', permission: 'users:read' },
  { path: '/team/audit-log', nameKey: 'nav.auditLog', permission: 'audit:read' },
  { path: '/team/security', nameKey: 'nav.organizationSecurity', permission: 'security:manage' },
];

interface TeamFrameProps {
  readonly id: string;
  readonly title: string;
  readonly children: ComponentChildren;
}

/** A team page: its title, the organization it is about, and links to the other team pages. */
export function TeamFrame({ id, title, children }: TeamFrameProps) {
  const session = useSession();
  const path = usePath();
  const pages = TEAM_PAGES.filter((page) => session.can(page.permission));
  return (
    <section class="screen team" aria-labelledby={`${id}-title`}>
      <h1 id={`${id}-title`}>{title}</h1>
      {session.currentOrganization !== null && <p class="muted">{session.currentOrganization.name}</p>}
      {pages.length > 1 && (
        <nav class="team__pages" aria-label={t('team.pages')}>
          <ul>
            {pages.map((page) => (
              <li key={page.path}>
                <Link href={page.path} current={page.path === path}>
                  {t(page.nameKey)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      )}
      {children}
    </section>
  );
}

/** The current organization's id: team routes declare a permission, so the shell guarantees one. */
export function useOrganizationId(): string {
  return useSession().currentOrganization?.id ?? '';
}
