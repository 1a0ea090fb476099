/**
 * Messages in the person's language: `t(key, params)` reads the chosen catalogue and falls
 * back to English for every message not translated yet.
 *
 * English (`en.ts`) is the source. Bemba (`bem.ts`) and Nyanja (`ny.ts`) list every key, with
 * `null` where translators have not written the message yet; `tsc` fails when a key is missing
 * from one of them or is not in English. Numbers, money and dates are formatted the Zambian
 * way in every language (`../format/`).
 */
import { bem } from './bem';
import { en, type Catalogue, type Translation } from './en';
import { ny } from './ny';

/** A key of the message catalogue. */
export type MessageKey = keyof Catalogue;

/** The names of the `{placeholders}` in a message template. */
type Placeholders<Template extends string> = Template extends `${string}{${infer Name}}${infer Rest}`
  ? Name | Placeholders<Rest>
  : never;

/** A key whose message has no placeholders, so `t(key)` needs nothing else. */
export type PlainMessageKey = {
  [K in MessageKey]: [Placeholders<Catalogue[K]>] extends [never] ? K : never;
}[MessageKey];

/** `t()`'s trailing argument: required exactly when the message has placeholders. */
type ParamsArg<K extends MessageKey> = [K] extends [PlainMessageKey]
  ? []
  : [params: Record<Placeholders<Catalogue[K]>, string | number>];

/** The languages of the app, by BCP 47 tag, each with its catalogue. */
export const LANGUAGES = {
  en: { nameKey: 'language.en', messages: en },
  bem: { nameKey: 'language.bem', messages: bem },
  ny: { nameKey: 'language.ny', messages: ny },
} as const satisfies Record<string, { nameKey: MessageKey; messages: Translation }>;

export type Language = keyof typeof LANGUAGES;

const STORAGE_KEY = 'intellifin.language';
const PLACEHOLDER = /\{(\w+)\}/g;
const HAS_PLACEHOLDER = /\{\w+\}/;

let current: Language = 'en';
const listeners = new Set<(language: Language) => void>();

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(LANGUAGES, value);
}

export function currentLanguage(): Language {
  return current;
}

/** Switches the app's language, remembers it on this device and tells the shell to redraw. */
export function setLanguage(language: Language): void {
  current = language;
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
  current = isLanguage(saved) ? saved : 'en';
  document.documentElement.lang = current;
}

/** Calls `listener` after each language change; returns the function that stops it. */
export function onLanguageChange(listener: (language: Language) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The template for `key` in the current language, or in English when not translated yet. */
function templateOf(key: MessageKey): string {
  const messages: Translation = LANGUAGES[current].messages;
  return messages[key] ?? en[key];
}

/**
 * The message for `key`, with each `{name}` replaced by `params[name]`.
 *
 * A placeholder with no value is left as written, so a missing value shows up in review
 * instead of silently vanishing (the types already demand every value).
 */
export function t<K extends MessageKey>(key: K, ...args: ParamsArg<K>): string {
  const template = templateOf(key);
  const params: Record<string, string | number> | undefined = args[0];
  if (params === undefined) {
    return template;
  }
  return template.replace(PLACEHOLDER, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

/** The base of message pairs `base.one` / `base.other`, chosen by a count. */
export type CountedMessageBase = {
  [K in MessageKey]: K extends `${infer Base}.one` ? (`${Base}.other` extends MessageKey ? Base : never) : never;
}[MessageKey];

/**
 * The message for `count` things: `base.one` for exactly one, `base.other` (with `{count}`)
 * otherwise. English, Bemba and Nyanja all make that one distinction.
 */
export function tCount(base: CountedMessageBase, count: number): string {
  const template = templateOf(count === 1 ? (`${base}.one` as MessageKey) : (`${base}.other` as MessageKey));
  return template.replace(PLACEHOLDER, (whole, name: string) => (name === 'count' ? formatCount(count) : whole));
}

/**
 * Whether `key` names a catalogue message without placeholders: for messages chosen by
 * data, such as the label of a readiness check the server names.
 */
export function isPlainMessageKey(key: string): key is PlainMessageKey {
  return Object.prototype.hasOwnProperty.call(en, key) && !HAS_PLACEHOLDER.test(en[key as MessageKey]);
}

/** The placeholder names of a template, sorted: a translation must use the same ones. */
export function placeholdersOf(template: string): string[] {
  return Array.from(template.matchAll(PLACEHOLDER), (match) => match[1] ?? '').sort();
}

const integerFormat = new Intl.NumberFormat('en-ZM', { maximumFractionDigits: 0 });

/** A count as written in Zambia: `1,234`. */
export function formatCount(count: number): string {
  return integerFormat.format(count);
}
