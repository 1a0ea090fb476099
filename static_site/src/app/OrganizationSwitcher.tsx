import { useId } from 'preact/hooks';
import { t } from '../i18n';
import type { Organization } from './session';

interface OrganizationSwitcherProps {
  readonly organizations: readonly Organization[];
  readonly currentId: string;
  readonly onSwitch: (organizationId: string) => void;
}

/**
 * Which business the person is working on. One organization is simply named; several are a
 * native select, which every phone shows as its own easy picker and every screen reader knows.
 */
export function OrganizationSwitcher({ organizations, currentId, onSwitch }: OrganizationSwitcherProps) {
  const id = useId();
  if (organizations.length === 0) {
    return null;
  }
  if (organizations.length === 1) {
    return <span class="org-switcher org-switcher--single">{organizations[0]?.name}</span>;
  }
  return (
    <div class="org-switcher">
      <label class="visually-hidden" for={id}>
        {t('organization.label')}
      </label>
      <select id={id} class="org-switcher__select" value={currentId} onChange={(event) => onSwitch(event.currentTarget.value)}>
        {organizations.map((organization) => (
          <option key={organization.id} value={organization.id}>
            {organization.name}
          </option>
        ))}
      </select>
    </div>
  );
}
