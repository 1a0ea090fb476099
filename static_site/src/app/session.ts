/**
 * Who is signed in and for which organization, as the shell shows it. The identity API
 * (issue 3) will fill this in; until then the shell runs with no session.
 */

export interface Organization {
  readonly id: string;
  readonly name: string;
}

export interface SignedInUser {
  readonly name: string;
  readonly email: string;
}

export interface ShellSession {
  readonly user: SignedInUser;
  /** Every organization the person belongs to. */
  readonly organizations: readonly Organization[];
  readonly currentOrganizationId: string;
}

/** Up to two initials of a name, for the account button: "Chanda Mwila" → "CM". */
export function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/).filter((word) => word !== '');
  const letters = words.length > 1 ? [words[0], words[words.length - 1]] : words;
  return letters
    .map((word) => Array.from(word ?? '')[0] ?? '')
    .join('')
    .toUpperCase();
}
