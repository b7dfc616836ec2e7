import { z } from 'zod';

/** Any 8-4-4-4-12 hex id, as Postgres' uuid type accepts it (version bits are not checked). */
export const uuidSchema = z.guid();

export function isUuid(value: unknown): boolean {
  return uuidSchema.safeParse(value).success;
}
