/**
 * Messages in the person's language. `t(key, params)` from here reads the shell's catalogue
 * (`core.ts`); each screen folder has its own `messages.ts`, whose `t` reads that folder's
 * catalogue first and this one after it, and which loads with the folder's screens. A
 * language without a translation of a message shows the English one.
 *
 * Numbers, money and dates are formatted the Zambian way in every language (`../format/`).
 */
import { coreMessages, type CoreMessages } from './core';
import {
  currentLanguage,
  LANGUAGE_TAGS,
  selectLanguage,
  translator,
  type Catalogue,
  type CountedBase,
  type Language,
  type Messages,
  type PlainKey,
  type Translator,
} from './translate';

export { defineCatalogue, formatCount, placeholdersOf, currentLanguage } from './translate';
export type { Catalogue, CountedBase, Language, Messages, PlainKey, Translation, Translator } from './translate';
export type { CoreMessages } from './core';

/** A key of the shell's catalogue. */
export type MessageKey = keyof CoreMessages & string;

/** A shell key whose message has no placeholders, so `t(key)` needs nothing else. */
export type PlainMessageKey = PlainKey<CoreMessages>;

/** The base of a shell message pair `base.one` / `base.other`. */
export type CountedMessageBase = CountedBase<CoreMessages>;

/** The languages of the app, each with the key of its name. */
export const LANGUAGES = {
  en: { nameKey: 'language.en' },
  bem: { nameKey: 'language.bem' },
  ny: { nameKey: 'language.ny' },
} as const satisfies Record<Language, { nameKey: MessageKey }>;

export const { t, tCount, isPlainMessageKey } = translator<CoreMessages>(coreMessages);

/**
 * English, and each language of which the shell's catalogue has at least one message
 * translated. A language with none is not offered: choosing it would show English under
 * another name.
 */
export function offeredLanguages(catalogue: Catalogue<Messages> = coreMessages): readonly Language[] {
  return LANGUAGE_TAGS.filter(
    (language) => language === 'en' || Object.values(catalogue[language]).some((message) => message !== null),
  );
}

/**
 * The translator of a screen folder: its own catalogues first (`extra` for one it shares,
 * such as the account screens reading the sign-in family's), then the shell's.
 */
export function translatorFor<M extends Messages>(own: Catalogue<Messages>, ...extra: readonly Catalogue<Messages>[]): Translator<M> {
  return translator<M>(own, ...extra, coreMessages);
}

const STORAGE_KEY = 'intellifin.language';

const listeners = new Set<(language: Language) => void>();

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGE_TAGS as readonly string[]).includes(value);
}

/** Switches the app's language, remembers it on this device and tells the shell to redraw. */
export function setLanguage(language: Language): void {
  selectLanguage(language);
  document.documentElement.lang = language;
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Private browsing may refuse storage; the choice then lasts until the page closes.
  }
  listeners.forEach((listener) => listener(language));
}

/** The language chosen earlier on this device, or English. */
export function restoreLanguage(): void {
  let saved: string | null = null;
  try {
    saved = localStorage.getItem(STORAGE_KEY);
  } catch {
    saved = null;
  }
  selectLanguage(isLanguage(saved) ? saved : 'en');
  document.documentElement.lang = currentLanguage();
}

/** Calls `listener` after each language change; returns the function that stops it. */
export function onLanguageChange(listener: (language: Language) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
