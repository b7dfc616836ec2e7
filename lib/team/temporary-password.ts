import { randomInt } from 'node:crypto';

// No look-alikes (0/O, 1/l/I), so the admin can read it out or copy it by hand.
const LOWER = 'abcdefghijkmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '23456789';
const SYMBOLS = '-_.!#%+=';
const ALL = LOWER + UPPER + DIGITS + SYMBOLS;
const LENGTH = 20;

function pick(alphabet: string): string {
  return alphabet[randomInt(alphabet.length)] ?? '';
}

/**
 * A random password with every character class, so it passes whatever
 * strength rules a hosted project sets (about 120 bits). Shown to the admin
 * once and never stored or logged.
 */
export function temporaryPassword(): string {
  const characters = [pick(LOWER), pick(UPPER), pick(DIGITS), pick(SYMBOLS)];
  while (characters.length < LENGTH) characters.push(pick(ALL));
  for (let i = characters.length - 1; i > 0; i -= 1) {
    const j = randomInt(i + 1);
    [characters[i], characters[j]] = [characters[j] ?? '', characters[i] ?? ''];
  }
  return characters.join('');
}
