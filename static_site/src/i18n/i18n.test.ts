import { describe, expect, it } from 'vitest';
import { en } from './en';
import { formatDateTime, isPlainMessageKey, t } from './index';

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

describe('formatDateTime', () => {
  it('shows an ISO-8601 instant as a readable date and time', () => {
    const shown = formatDateTime('2026-03-14T09:30:00Z');
    expect(shown).toMatch(/2026/);
    expect(shown).not.toContain('T09');
  });

  it('shows text that is not a date unchanged', () => {
    expect(formatDateTime('yesterday')).toBe('yesterday');
  });
});
