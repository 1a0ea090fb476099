import { useEffect } from 'preact/hooks';
import type { ScreenProps } from '../../app/routes';
import { Link } from '../../app/Link';
import { navigate } from '../../app/router';
import { switchOrganization, useSession } from '../../app/session';
import { t } from './messages';

/**
 * `/orgs/<id>`, the link of the welcome e-mail: works on that organization and opens its
 * Home. An organization the person is not a member of is said so, not silently ignored.
 */
export default function OrganizationLinkScreen({ params }: ScreenProps) {
  const session = useSession();
  const orgId = params['orgId'] ?? '';
  const member = session.organizations.some((organization) => organization.id === orgId);

  useEffect(() => {
    // Once: switching changes the session, which must not switch again.
    if (member) {
      switchOrganization(orgId);
      navigate('/', { replace: true });
    }
  }, [member, orgId]);

  if (member) {
    return <p role="status">{t('orgLink.title')}</p>;
  }
  return (
    <section class="screen" aria-labelledby="org-link-title">
      <h1 id="org-link-title">{t('orgLink.notMemberTitle')}</h1>
      <p>{t('orgLink.notMemberBody')}</p>
      <p>
        <Link href="/">{t('notFound.home')}</Link>
      </p>
    </section>
  );
}
