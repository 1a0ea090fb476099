import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Language } from '../i18n';
import { axeViolations } from '../test/axe';
import { cleanup, click, findByText, press, renderIntoDocument, typeInto } from '../test/dom';
import { AccountMenu } from './AccountMenu';
import { OrganizationSwitcher } from './OrganizationSwitcher';
import { initialsOf } from './session';
import { currentTheme, restoreTheme, setTheme, type Theme } from './theme';

afterEach(() => {
  cleanup();
  setTheme('system');
  localStorage.clear();
});

const ORGANIZATIONS = [
  { id: 'org-1', name: 'Lusaka Traders Ltd' },
  { id: 'org-2', name: 'Mwila Farm Supplies' },
];

describe('the organization switcher', () => {
  it('is a labelled select when the person belongs to several organizations', async () => {
    const onSwitch = vi.fn();
    const root = renderIntoDocument(<OrganizationSwitcher organizations={ORGANIZATIONS} currentId="org-1" onSwitch={onSwitch} />);
    const select = root.querySelector('select') as HTMLSelectElement;

    expect(select.value).toBe('org-1');
    expect(root.querySelector(`label[for="${select.id}"]`)?.textContent).toBe('Organization');
    expect(await axeViolations(root)).toEqual([]);

    typeInto(select, 'org-2');
    expect(onSwitch).toHaveBeenCalledWith('org-2');
  });

  it('simply names the one organization there is, and shows nothing without one', () => {
    const one = renderIntoDocument(<OrganizationSwitcher organizations={ORGANIZATIONS.slice(0, 1)} currentId="org-1" onSwitch={() => undefined} />);
    expect(one.textContent).toBe('Lusaka Traders Ltd');
    expect(one.querySelector('select')).toBeNull();

    expect(renderIntoDocument(<OrganizationSwitcher organizations={[]} currentId="" onSwitch={() => undefined} />).innerHTML).toBe('');
  });
});

interface MenuProps {
  readonly user?: { name: string; email: string } | null;
  readonly onLanguageChange?: (language: Language) => void;
  readonly onThemeChange?: (theme: Theme) => void;
  readonly onSignOut?: () => void;
  readonly languages?: readonly Language[];
}

function renderMenu({ user = { name: 'Chanda Mwila', email: 'chanda@lusaka-traders.zm' }, ...handlers }: MenuProps = {}) {
  return renderIntoDocument(
    <AccountMenu
      user={user}
      language="en"
      theme="system"
      onLanguageChange={handlers.onLanguageChange ?? (() => undefined)}
      onThemeChange={handlers.onThemeChange ?? (() => undefined)}
      {...(handlers.onSignOut === undefined ? {} : { onSignOut: handlers.onSignOut })}
      {...(handlers.languages === undefined ? {} : { languages: handlers.languages })}
    />,
  );
}

describe('the account menu', () => {
  it('is a button that shows and hides its panel, saying which', async () => {
    const root = renderMenu();
    const button = root.querySelector<HTMLButtonElement>('.account-menu__button') as HTMLButtonElement;
    const panel = document.getElementById(button.getAttribute('aria-controls') ?? '') as HTMLElement;

    expect(button.textContent).toBe('CMAccount: Chanda Mwila');
    expect(button.getAttribute('aria-expanded')).toBe('false');
    expect(panel.hidden).toBe(true);

    click(button);

    expect(button.getAttribute('aria-expanded')).toBe('true');
    expect(panel.hidden).toBe(false);
    expect(panel.textContent).toContain('Signed in as chanda@lusaka-traders.zm');
    expect(await axeViolations(root)).toEqual([]);
  });

  it('closes on Esc and returns focus to its button', () => {
    const root = renderMenu();
    const button = root.querySelector<HTMLButtonElement>('.account-menu__button') as HTMLButtonElement;
    click(button);
    (root.querySelector('input[type="radio"]') as HTMLElement).focus();

    press('Escape');

    expect(button.getAttribute('aria-expanded')).toBe('false');
    expect(document.activeElement).toBe(button);
  });

  it('closes when the person taps elsewhere, not inside it', () => {
    const root = renderMenu();
    const button = root.querySelector<HTMLButtonElement>('.account-menu__button') as HTMLButtonElement;
    click(button);
    const tap = (target: Element): void => {
      act(() => {
        target.dispatchEvent(new Event('pointerdown', { bubbles: true }));
      });
    };

    tap(root.querySelector('input[type="radio"]') as HTMLElement);
    expect(button.getAttribute('aria-expanded')).toBe('true');

    tap(document.body);
    expect(button.getAttribute('aria-expanded')).toBe('false');
  });

  it('changes language and appearance, and signs out', () => {
    const onLanguageChange = vi.fn();
    const onThemeChange = vi.fn();
    const onSignOut = vi.fn();
    const root = renderMenu({ onLanguageChange, onThemeChange, onSignOut, languages: ['en', 'bem', 'ny'] });
    click(root.querySelector<HTMLElement>('.account-menu__button') as HTMLElement);

    const language = root.querySelector('select') as HTMLSelectElement;
    expect(Array.from(language.options, (option) => option.textContent)).toEqual(['English', 'Bemba', 'Nyanja']);
    typeInto(language, 'ny');
    click(findByText(root, 'label', 'Dark')?.querySelector('input') as HTMLElement);
    click(findByText(root, 'button', 'Sign out') as HTMLElement);

    expect(onLanguageChange).toHaveBeenCalledWith('ny');
    expect(onThemeChange).toHaveBeenCalledWith('dark');
    expect(onSignOut).toHaveBeenCalled();
  });

  it('offers no choice of language while no other language has a message translated', () => {
    const root = renderMenu();
    click(root.querySelector<HTMLElement>('.account-menu__button') as HTMLElement);

    expect(root.querySelector('select')).toBeNull();
    expect(findByText(root, 'label', 'Dark')).toBeDefined();
  });

  it('holds only this device\'s settings when nobody is signed in', async () => {
    const root = renderMenu({ user: null });
    const button = root.querySelector<HTMLButtonElement>('.account-menu__button') as HTMLButtonElement;

    expect(button.textContent).toBe('Settings');
    click(button);
    expect(findByText(root, 'button', 'Sign out')).toBeUndefined();
    expect(await axeViolations(root)).toEqual([]);
  });
});

describe('initialsOf', () => {
  it('takes the first letters of the first and last names', () => {
    expect(initialsOf('Chanda Mwila')).toBe('CM');
    expect(initialsOf('  mutale  chisanga  banda ')).toBe('MB');
    expect(initialsOf('Bupe')).toBe('B');
    expect(initialsOf('')).toBe('');
  });
});

describe('the theme', () => {
  it("follows the device unless the person chose, and remembers the choice", () => {
    expect(currentTheme()).toBe('system');
    expect(document.documentElement.hasAttribute('data-theme')).toBe(false);

    setTheme('dark');
    expect(document.documentElement.dataset.theme).toBe('dark');

    document.documentElement.removeAttribute('data-theme');
    restoreTheme();
    expect(currentTheme()).toBe('dark');

    localStorage.setItem('intellifin.theme', 'purple');
    restoreTheme();
    expect(currentTheme()).toBe('system');
  });
});
