import { afterEach, describe, expect, it } from 'vitest';
import { en } from './en';
import {
  currentLanguage,
  isPlainMessageKey,
  LANGUAGES,
  onLanguageChange,
  placeholdersOf,
  restoreLanguage,
  setLanguage,
  t,
  tCount,
} from './index';

afterEach(() => {
  setLanguage('en');
  localStorage.clear();
});

describe('t', () => {
  it('returns the catalogue message for a key', () => {
    expect(t('nav.home')).toBe('Home');
    expect(t('mailbox.title')).toBe(en['mailbox.title']);
  });

  it('puts each parameter in its placeholder', () => {
    expect(t('app.title', { screen: 'Dev mailbox' })).toBe('Dev mailbox · IntelliFin');
    expect(t('error.httpStatus', { status: 503 })).toBe('The server answered with an error (HTTP 503).');
  });

  it('does not read parameters as patterns', () => {
    expect(t('mailbox.toLine', { recipients: '$& {status} $1' })).toBe('To: $& {status} $1');
  });

  it('leaves a placeholder without a value as written', () => {
    const incomplete = {} as { screen: string };
    expect(t('app.title', incomplete)).toBe('{screen} · IntelliFin');
  });

  it('does not take inherited properties as values', () => {
    const params = Object.create({ screen: 'inherited' }) as { screen: string };
    expect(t('app.title', params)).toBe('{screen} · IntelliFin');
  });
});

describe('tCount', () => {
  it('says one thing in the singular and any other count in the plural, with grouped digits', () => {
    expect(tCount('offline.waiting', 1)).toBe('1 change is waiting to be sent.');
    expect(tCount('offline.waiting', 0)).toBe('0 changes are waiting to be sent.');
    expect(tCount('offline.waiting', 1200)).toBe('1,200 changes are waiting to be sent.');
  });
});

describe('isPlainMessageKey', () => {
  it('accepts a catalogue key whose message has no placeholders', () => {
    expect(isPlainMessageKey('check.database')).toBe(true);
  });

  it('rejects keys that are not in the catalogue, even inherited names', () => {
    expect(isPlainMessageKey('check.printer')).toBe(false);
    expect(isPlainMessageKey('toString')).toBe(false);
  });

  it('rejects a key whose message needs parameters', () => {
    expect(isPlainMessageKey('app.title')).toBe(false);
  });
});

describe('the catalogues', () => {
  const englishKeys = Object.keys(en).sort();

  it.each(Object.keys(LANGUAGES))('%s has exactly the English keys', (language) => {
    expect(Object.keys(LANGUAGES[language as keyof typeof LANGUAGES].messages).sort()).toEqual(englishKeys);
  });

  it.each(Object.keys(LANGUAGES))('%s uses the same placeholders as English in every translated message', (language) => {
    const messages: Record<string, string | null> = LANGUAGES[language as keyof typeof LANGUAGES].messages;
    for (const [key, message] of Object.entries(messages)) {
      if (message !== null) {
        expect([key, placeholdersOf(message)]).toEqual([key, placeholdersOf(en[key as keyof typeof en])]);
      }
    }
  });

  it('names each language', () => {
    expect(Object.values(LANGUAGES).map((language) => t(language.nameKey))).toEqual(['English', 'Bemba', 'Nyanja']);
  });
});

describe('choosing a language', () => {
  it('falls back to English for every message not translated yet', () => {
    setLanguage('bem');

    expect(currentLanguage()).toBe('bem');
    expect(t('nav.home')).toBe('Home');
    expect(t('app.title', { screen: 'Home' })).toBe('Home · IntelliFin');
    expect(document.documentElement.lang).toBe('bem');
  });

  it('is remembered on this device and restored at the next start', () => {
    setLanguage('ny');

    restoreLanguage();

    expect(currentLanguage()).toBe('ny');
    localStorage.setItem('intellifin.language', 'klingon');
    restoreLanguage();
    expect(currentLanguage()).toBe('en');
  });

  it('tells listeners, until they stop listening', () => {
    const heard: string[] = [];
    const stop = onLanguageChange((language) => heard.push(language));

    setLanguage('bem');
    stop();
    setLanguage('ny');

    expect(heard).toEqual(['bem']);
  });
});
