/**
 * Session choices and limits, free of zod so client components can import
 * them without shipping the validation library to the browser.
 */
export const SESSION_TYPES = ['intake', 'individual', 'couples', 'family', 'group'] as const;
export type SessionType = (typeof SESSION_TYPES)[number];
export const SESSION_TYPE_LABELS: Record<SessionType, string> = {
  intake: 'Intake',
  individual: 'Individual',
  couples: 'Couples',
  family: 'Family',
  group: 'Group',
};

export const SESSION_STATUSES = ['scheduled', 'completed', 'cancelled', 'no_show'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];
export const SESSION_STATUS_LABELS: Record<SessionStatus, string> = {
  scheduled: 'Scheduled',
  completed: 'Completed',
  cancelled: 'Cancelled',
  no_show: 'No-show',
};

export const MIN_DURATION_MINUTES = 15;
export const MAX_DURATION_MINUTES = 240;
export const MAX_NOTES_LENGTH = 2000;
