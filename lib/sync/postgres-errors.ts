/** SQLSTATE codes PostgREST passes through in `error.code`. */
export const FOREIGN_KEY_VIOLATION = '23503';
export const INSUFFICIENT_PRIVILEGE = '42501';

export function hasCode(error: { code?: string } | null | undefined, code: string): boolean {
  return error?.code === code;
}
