import { ApiError, badRequest } from './http';

export const MIN_PASSWORD_LENGTH = 6;
// bcrypt ignores everything past 72 bytes; GoTrue refuses rather than silently truncating.
const MAX_PASSWORD_BYTES = 72;

// The format check GoTrue runs (checkmail): a plain local part and a hostname.
const EMAIL_FORMAT =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

const UUID_FORMAT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const NIL_UUID = '00000000-0000-0000-0000-000000000000';

export function isUuid(value: string): boolean {
  return UUID_FORMAT.test(value);
}

/** Returns the address lower-cased, as GoTrue stores it. */
export function validateEmail(email: string): string {
  if (email === '') throw badRequest('validation_failed', 'An email address is required');
  if (email.length > 255) throw badRequest('validation_failed', 'An email address is too long');
  if (!EMAIL_FORMAT.test(email)) throw badRequest('validation_failed', 'Unable to validate email address: invalid format');
  return email.toLowerCase();
}

/** E.164 digits without the plus, the form GoTrue keeps in auth.users.phone. */
export function validatePhone(phone: string): string {
  const digits = phone.replace(/^\+/, '').replaceAll(' ', '');
  if (!/^[1-9][0-9]{1,14}$/.test(digits)) {
    throw badRequest('validation_failed', 'Invalid phone number format (E.164 required)');
  }
  return digits;
}

export function passwordTooLong(password: string): boolean {
  return Buffer.byteLength(password) > MAX_PASSWORD_BYTES;
}

/** The weakness GoTrue reports, or null; lengths are bytes because Go's len() is. */
export function passwordWeakness(password: string): { message: string; reasons: string[] } | null {
  if (Buffer.byteLength(password) < MIN_PASSWORD_LENGTH) {
    return { message: `Password should be at least ${MIN_PASSWORD_LENGTH} characters.`, reasons: ['length'] };
  }
  return null;
}

export function checkPasswordStrength(password: string): void {
  if (passwordTooLong(password)) {
    throw badRequest('validation_failed', `Password cannot be longer than ${MAX_PASSWORD_BYTES} characters`);
  }
  const weakness = passwordWeakness(password);
  if (weakness) {
    throw new ApiError(422, 'weak_password', weakness.message, { weak_password: { reasons: weakness.reasons } });
  }
}

const DURATION_UNITS_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** Go's time.ParseDuration, which is what `ban_duration` is written in ("24h", "1h30m"). */
export function parseGoDuration(input: string): number {
  const invalid = () => badRequest('validation_failed', `invalid format for ban duration: time: invalid duration "${input}"`);
  let rest = input;
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    sign = rest.startsWith('-') ? -1 : 1;
    rest = rest.slice(1);
  }
  if (rest === '0') return 0;
  if (rest === '') throw invalid();
  let total = 0;
  const part = /^(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h)/;
  while (rest !== '') {
    const match = part.exec(rest);
    if (!match) throw invalid();
    total += Number(match[1]) * (DURATION_UNITS_MS[match[2] ?? ''] ?? Number.NaN);
    rest = rest.slice(match[0].length);
  }
  if (!Number.isFinite(total)) throw invalid();
  return sign * total;
}

/**
 * GoTrue merges metadata key by key and treats `null` as "remove this key";
 * split the update so SQL can apply it atomically with `||` and `-`.
 */
export function metadataPatch(updates: Record<string, unknown>): { set: Record<string, unknown>; remove: string[] } {
  const set: Record<string, unknown> = {};
  const remove: string[] = [];
  for (const [key, value] of Object.entries(updates)) {
    if (value === null || value === undefined) remove.push(key);
    else set[key] = value;
  }
  return { set, remove };
}
