import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { LANGUAGES, offeredLanguages, t, type Language } from '../i18n';
import { isPlainLeftClick, navigate } from './router';
import { initialsOf, type SignedInUser } from './session';
import { THEMES, type Theme } from './theme';

interface AccountMenuProps {
  /** The person signed in; without one the menu holds only this device's settings. */
  readonly user: SignedInUser | null;
  readonly language: Language;
  readonly onLanguageChange: (language: Language) => void;
  readonly theme: Theme;
  readonly onThemeChange: (theme: Theme) => void;
  readonly onSignOut?: () => void;
  /** Ends every session of the person, on every device. */
  readonly onSignOutEverywhere?: () => void;
  /** The person's own pages (security, devices), shown above the settings. */
  readonly links?: readonly { readonly href: string; readonly label: string }[];
  /** The languages to choose from; by default those with translations. With one, no choice is shown. */
  readonly languages?: readonly Language[];
}

const THEME_KEYS = { system: 'theme.system', light: 'theme.light', dark: 'theme.dark' } as const;

/**
 * The account menu: who is signed in, language, light or dark, and signing out. A disclosure
 * (a button that shows and hides a panel) rather than an ARIA menu, so that ordinary form
 * controls work inside it with ordinary keys; Esc closes it and returns focus to its button,
 * and so does a tap outside it.
 */
export function AccountMenu({
  user,
  language,
  onLanguageChange,
  theme,
  onThemeChange,
  onSignOut,
  onSignOutEverywhere,
  links = [],
  languages = offeredLanguages(),
}: AccountMenuProps) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) {
      return undefined;
    }
    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.key === 'Escape') {
        setOpen(false);
        button.current?.focus();
      }
    };
    const onPointerDown = (event: Event): void => {
      if (!root.current?.contains(event.target as Node)) {
        setOpen(false);
      }
    };
    document.addEventListener('keydown', onKeyDown);
    document.addEventListener('pointerdown', onPointerDown);
    return () => {
      document.removeEventListener('keydown', onKeyDown);
      document.removeEventListener('pointerdown', onPointerDown);
    };
  }, [open]);

  const panelId = `${id}-panel`;
  return (
    <div class="account-menu" ref={root}>
      <button
        type="button"
        class="account-menu__button"
        ref={button}
        aria-expanded={open ? 'true' : 'false'}
        aria-controls={panelId}
        onClick={() => setOpen((isOpen) => !isOpen)}
      >
        {user === null ? (
          t('userMenu.settings')
        ) : (
          <>
            <span class="account-menu__initials" aria-hidden="true">
              {initialsOf(user.name)}
            </span>
            <span class="visually-hidden">{t('userMenu.button', { name: user.name })}</span>
          </>
        )}
      </button>
      <div class="account-menu__panel" id={panelId} hidden={!open}>
        {user !== null && (
          <p class="account-menu__who">
            <strong>{user.name}</strong>
            <br />
            <span class="muted">{t('userMenu.signedInAs', { email: user.email })}</span>
          </p>
        )}
        {links.length > 0 && (
          <ul class="account-menu__links">
            {links.map((link) => (
              <li key={link.href}>
                <a
                  href={link.href}
                  onClick={(event) => {
                    if (isPlainLeftClick(event)) {
                      event.preventDefault();
                      setOpen(false);
                      navigate(link.href);
                    }
                  }}
                >
                  {link.label}
                </a>
              </li>
            ))}
          </ul>
        )}
        {languages.length > 1 && (
          <>
            <label class="field__label" for={`${id}-language`}>
              {t('userMenu.language')}
            </label>
            <select
              id={`${id}-language`}
              class="input"
              value={language}
              onChange={(event) => onLanguageChange(event.currentTarget.value as Language)}
            >
              {languages.map((code) => (
                <option key={code} value={code} lang={code}>
                  {t(LANGUAGES[code].nameKey)}
                </option>
              ))}
            </select>
          </>
        )}
        <fieldset class="account-menu__themes">
          <legend class="field__label">{t('userMenu.theme')}</legend>
          {THEMES.map((choice) => (
            <label key={choice} class="choice">
              <input
                type="radio"
                name={`${id}-theme`}
                value={choice}
                checked={theme === choice}
                onChange={() => onThemeChange(choice)}
              />
              {t(THEME_KEYS[choice])}
            </label>
          ))}
        </fieldset>
        {user !== null && onSignOut !== undefined && (
          <button
            type="button"
            class="button button--quiet account-menu__sign-out"
            onClick={() => {
              setOpen(false);
              onSignOut();
            }}
          >
            {t('userMenu.signOut')}
          </button>
        )}
        {user !== null && onSignOutEverywhere !== undefined && (
          <button
            type="button"
            class="button button--quiet account-menu__sign-out"
            onClick={() => {
              setOpen(false);
              onSignOutEverywhere();
            }}
          >
            {t('userMenu.signOutEverywhere')}
          </button>
        )}
      </div>
    </div>
  );
}
