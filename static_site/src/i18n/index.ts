import { en, type Catalogue } from './en';

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

/** The locale used for numbers and dates: English as written in Zambia. */
const LOCALE = 'en-ZM';

const PLACEHOLDER = /\{(\w+)\}/g;
const HAS_PLACEHOLDER = /\{\w+\}/;

/**
 * The message for `key`, with each `{name}` replaced by `params[name]`.
 *
 * A placeholder with no value is left as written, so a missing value shows up in review
 * instead of silently vanishing (the types already demand every value).
 */
export function t<K extends MessageKey>(key: K, ...args: ParamsArg<K>): string {
  const template: string = en[key];
  const params: Record<string, string | number> | undefined = args[0];
  if (params === undefined) {
    return template;
  }
  return template.replace(PLACEHOLDER, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

/**
 * Whether `key` names a catalogue message without placeholders: for messages chosen by
 * data, such as the label of a readiness check the server names.
 */
export function isPlainMessageKey(key: string): key is PlainMessageKey {
  return Object.prototype.hasOwnProperty.call(en, key) && !HAS_PLACEHOLDER.test(en[key as MessageKey]);
}

const dateTimeFormat = new Intl.DateTimeFormat(LOCALE, { dateStyle: 'medium', timeStyle: 'short' });
const timeFormat = new Intl.DateTimeFormat(LOCALE, { timeStyle: 'medium' });

/** An ISO-8601 instant as a local date and time; text that is not a date is shown as is. */
export function formatDateTime(iso: string): string {
  const instant = new Date(iso);
  return Number.isNaN(instant.getTime()) ? iso : dateTimeFormat.format(instant);
}

/** The time of day of `instant`, for "last checked" notes. */
export function formatTime(instant: Date): string {
  return timeFormat.format(instant);
}
