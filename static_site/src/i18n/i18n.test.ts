import { afterEach, describe, expect, it } from 'vitest';
import { coreMessages } from './core';
import {
  currentLanguage,
  defineCatalogue,
  isPlainMessageKey,
  LANGUAGES,
  offeredLanguages,
  onLanguageChange,
  placeholdersOf,
  restoreLanguage,
  setLanguage,
  t,
  tCount,
  translatorFor,
  type Catalogue,
  type Messages,
} from './index';
import { LANGUAGE_TAGS } from './translate';

afterEach(() => {
  setLanguage('en');
  localStorage.clear();
});

/** Every catalogue of the app: the shell's and each screen folder's `messages.ts`. */
const CATALOGUES: Readonly<Record<string, Catalogue<Messages>>> = {
  'src/i18n/core.ts': coreMessages,
  ...Object.fromEntries(
    Object.entries(import.meta.glob<Record<string, unknown>>('../screens/*/messages.ts', { eager: true })).map(([path, module]) => {
      const catalogue = Object.entries(module).find(([name]) => name.endsWith('Messages'))?.[1];
      return [path.replace('../', 'src/'), catalogue as Catalogue<Messages>];
    }),
  ),
};

describe('t', () => {
  it('returns the catalogue message for a key', () => {
    expect(t('nav.home')).toBe('Home');
    expect(t('nav.pending')).toBe(coreMessages.en['nav.pending']);
  });

  it('puts each parameter in its placeholder', () => {
    expect(t('app.title', { screen: 'Dev mailbox' })).toBe('Dev mailbox · IntelliFin');
    expect(t('error.httpStatus', { status: 503 })).toBe('The server answered with an error (HTTP 503).');
  });

  it('does not read parameters as patterns', () => {
    expect(t('app.title', { screen: '$& {status} $1' })).toBe('$& {status} $1 · IntelliFin');
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
    expect(isPlainMessageKey('nav.home')).toBe(true);
  });

  it('rejects keys that are not in the catalogue, even inherited names', () => {
    expect(isPlainMessageKey('check.printer')).toBe(false);
    expect(isPlainMessageKey('toString')).toBe(false);
  });

  it('rejects a key whose message needs parameters', () => {
    expect(isPlainMessageKey('app.title')).toBe(false);
  });
});

describe("a screen folder's translator", () => {
  const invoices = defineCatalogue(
    { 'invoice.title': 'Invoices', 'invoice.issued': 'Invoice {number} issued.', 'invoice.lines.one': '1 line', 'invoice.lines.other': '{count} lines' },
    {
      bem: { 'invoice.title': 'Ama invoice', 'invoice.issued': null, 'invoice.lines.one': null, 'invoice.lines.other': null },
      ny: { 'invoice.title': null, 'invoice.issued': null, 'invoice.lines.one': null, 'invoice.lines.other': null },
    },
  );
  const sales = translatorFor<typeof coreMessages.en & typeof invoices.en>(invoices);

  it("reads the folder's own messages, and the shell's after them", () => {
    expect(sales.t('invoice.issued', { number: 'INV-0042' })).toBe('Invoice INV-0042 issued.');
    expect(sales.t('nav.home')).toBe('Home');
    expect(sales.tCount('invoice.lines', 3)).toBe('3 lines');
    expect(sales.isPlainMessageKey('invoice.title')).toBe(true);
    expect(sales.isPlainMessageKey('nav.home')).toBe(true);
    expect(sales.isPlainMessageKey('invoice.issued')).toBe(false);
  });

  it('shows a translation where there is one and English where there is none', () => {
    setLanguage('bem');

    expect(sales.t('invoice.title')).toBe('Ama invoice');
    expect(sales.t('invoice.issued', { number: 'INV-0042' })).toBe('Invoice INV-0042 issued.');
  });
});

describe('the catalogues', () => {
  it('are found: the shell and every screen folder with messages', () => {
    expect(Object.keys(CATALOGUES)).toEqual(
      expect.arrayContaining(['src/i18n/core.ts', 'src/screens/ledger/messages.ts', 'src/screens/organization/messages.ts']),
    );
    for (const catalogue of Object.values(CATALOGUES)) {
      expect(catalogue.en).toBeTypeOf('object');
    }
  });

  it.each(Object.keys(CATALOGUES))('%s has exactly the English keys in every language', (path) => {
    const catalogue = CATALOGUES[path] as Catalogue<Messages>;
    const englishKeys = Object.keys(catalogue.en).sort();
    for (const language of LANGUAGE_TAGS) {
      expect([language, Object.keys(catalogue[language]).sort()]).toEqual([language, englishKeys]);
    }
  });

  it.each(Object.keys(CATALOGUES))('%s uses the same placeholders as English in every translated message', (path) => {
    const catalogue = CATALOGUES[path] as Catalogue<Messages>;
    for (const language of LANGUAGE_TAGS) {
      for (const [key, message] of Object.entries(catalogue[language])) {
        if (message !== null) {
          expect([key, placeholdersOf(message)]).toEqual([key, placeholdersOf(catalogue.en[key] ?? '')]);
        }
      }
    }
  });

  it('never define the same key twice (a screen would silently hide the shell message)', () => {
    const owners = new Map<string, string[]>();
    for (const [path, catalogue] of Object.entries(CATALOGUES)) {
      for (const key of Object.keys(catalogue.en)) {
        owners.set(key, [...(owners.get(key) ?? []), path]);
      }
    }
    expect([...owners].filter(([, paths]) => paths.length > 1)).toEqual([]);
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

describe('the languages offered', () => {
  it('are English and each language with at least one message translated', () => {
    const catalogue = defineCatalogue({ 'a.b': 'Sales', 'a.c': 'Customers' } as const, {
      bem: { 'a.b': 'Ukushitisha', 'a.c': null },
      ny: { 'a.b': null, 'a.c': null },
    });

    expect(offeredLanguages(catalogue)).toEqual(['en', 'bem']);
  });

  it('are English alone while the shell has no translation', () => {
    expect(offeredLanguages()).toEqual(['en']);
  });
});
