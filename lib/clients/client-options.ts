import type { Database } from '@/lib/database/project-a.types';

/**
 * Client choices and limits, free of zod so client components can import
 * them without shipping the validation library to the browser.
 */
export type ClientOrigin = Database['public']['Enums']['client_origin'];
export const CLIENT_STATUSES = ['active', 'inactive', 'discharged'] as const satisfies readonly Database['public']['Enums']['client_status'][];
export type ClientStatus = (typeof CLIENT_STATUSES)[number];
export const CLIENT_STATUS_LABELS: Record<ClientStatus, string> = {
  active: 'Active',
  inactive: 'Inactive',
  discharged: 'Discharged',
};

export const MAX_FULL_NAME_LENGTH = 200;
export const MAX_EMAIL_LENGTH = 320;
export const MAX_PHONE_LENGTH = 40;
export const MAX_CLIENT_NOTES_LENGTH = 5000;
/** The database refuses earlier dates of birth (clients_date_of_birth_check). */
export const EARLIEST_DATE_OF_BIRTH = '1900-01-02';
