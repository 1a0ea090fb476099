/**
 * How a message is found: catalogues, each holding English (the source) and one entry per key
 * for every other language (`null` while not translated: English is shown meanwhile), and a
 * translator that reads a feature's catalogue first and the shell's after it.
 *
 * A feature (a folder of `src/screens/`) keeps its messages in its own `messages.ts`, which
 * its screens import and which is therefore loaded with them, never in the first load. The
 * types make `tsc` fail when a language misses a key or has one English lacks, and make
 * `t(key, params)` demand exactly the key's `{placeholders}`.
 */

/** The languages of the app, by BCP 47 tag. */
export const LANGUAGE_TAGS = ['en', 'bem', 'ny'] as const;

export type Language = (typeof LANGUAGE_TAGS)[number];

/** Messages by key, in English. */
export type Messages = Readonly<Record<string, string>>;

/** Another language's messages: every English key, with `null` where it is not translated yet. */
export type Translation<En extends Messages> = { readonly [K in keyof En]: string | null };

/** One catalogue: the English messages and their translations. */
export type Catalogue<En extends Messages> = { readonly en: En } & { readonly [L in Exclude<Language, 'en'>]: Translation<En> };

/**
 * A catalogue from its English messages and their translations. Each translation must list
 * exactly the English keys (an object literal here is checked key by key).
 */
export function defineCatalogue<const En extends Messages>(
  en: En,
  translations: { readonly [L in Exclude<Language, 'en'>]: Translation<En> },
): Catalogue<En> {
  return { en, ...translations };
}

/** The names of the `{placeholders}` in a message template. */
type Placeholders<Template extends string> = Template extends `${string}{${infer Name}}${infer Rest}`
  ? Name | Placeholders<Rest>
  : never;

/** A key whose message has no placeholders, so `t(key)` needs nothing else. */
export type PlainKey<M extends Messages> = {
  [K in keyof M & string]: [Placeholders<M[K]>] extends [never] ? K : never;
}[keyof M & string];

/** `t()`'s trailing argument: required exactly when the message has placeholders. */
type ParamsArg<M extends Messages, K extends keyof M & string> = [K] extends [PlainKey<M>]
  ? []
  : [params: Record<Placeholders<M[K]>, string | number>];

/** The base of message pairs `base.one` / `base.other`, chosen by a count. */
export type CountedBase<M extends Messages> = {
  [K in keyof M & string]: K extends `${infer Base}.one` ? (`${Base}.other` extends keyof M ? Base : never) : never;
}[keyof M & string];

export interface Translator<M extends Messages> {
  /**
   * The message for `key` in the current language (English when not translated yet), with
   * each `{name}` replaced by `params[name]`. A placeholder with no value is left as written,
   * so a missing value shows up in review instead of silently vanishing.
   */
  t<K extends keyof M & string>(key: K, ...args: ParamsArg<M, K>): string;
  /**
   * The message for `count` things: `base.one` for exactly one, `base.other` (with `{count}`)
   * otherwise. English, Bemba and Nyanja all make that one distinction.
   */
  tCount(base: CountedBase<M>, count: number): string;
  /** Whether `key` names a message without placeholders: for keys chosen by data. */
  isPlainMessageKey(key: string): key is PlainKey<M>;
}

const PLACEHOLDER = /\{(\w+)\}/g;
const HAS_PLACEHOLDER = /\{\w+\}/;

let current: Language = 'en';

export function currentLanguage(): Language {
  return current;
}

/** Sets the language every translator reads (`setLanguage` in `index.ts` also tells the page). */
export function selectLanguage(language: Language): void {
  current = language;
}

/** A translator over `catalogues`, searched in order: the feature's first, the shell's last. */
export function translator<M extends Messages>(...catalogues: readonly Catalogue<Messages>[]): Translator<M> {
  const owner = (key: string): Catalogue<Messages> | undefined =>
    catalogues.find((catalogue) => Object.prototype.hasOwnProperty.call(catalogue.en, key));

  const templateOf = (key: string): string => {
    const catalogue = owner(key);
    if (catalogue === undefined) {
      return key;
    }
    const english = catalogue.en[key] ?? key;
    return current === 'en' ? english : (catalogue[current][key] ?? english);
  };

  const fill = (template: string, params: Readonly<Record<string, string | number>>): string =>
    template.replace(PLACEHOLDER, (whole, name: string) =>
      Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
    );

  return {
    t: (key, ...args) => {
      const params: Readonly<Record<string, string | number>> | undefined = args[0];
      const template = templateOf(key);
      return params === undefined ? template : fill(template, params);
    },
    tCount: (base, count) => fill(templateOf(count === 1 ? `${base}.one` : `${base}.other`), { count: formatCount(count) }),
    isPlainMessageKey: (key): key is PlainKey<M> => {
      const english = owner(key)?.en[key];
      return english !== undefined && !HAS_PLACEHOLDER.test(english);
    },
  };
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
