import { describe, expect, it } from 'vitest';
import { isLocalHost } from './environment';

describe('isLocalHost', () => {
  it.each(['localhost', 'LOCALHOST', '127.0.0.1', '127.0.1.1', '[::1]', 'app.localhost'])('%s is this machine', (host) => {
    expect(isLocalHost(host)).toBe(true);
  });

  it.each(['intellifin.zm', 'app.intellifin.azurestaticapps.net', '192.168.1.10', '127.example.com', 'localhost.evil.com'])(
    '%s is not',
    (host) => {
      expect(isLocalHost(host)).toBe(false);
    },
  );
});
