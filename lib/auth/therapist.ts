import type { User } from '@supabase/supabase-js';

export interface Therapist {
  id: string;
  email: string;
  fullName: string;
  /** IANA zone the therapist books in; a date and time on a form means wall-clock time there. */
  timeZone: string;
  isAdmin: boolean;
}

function isValidTimeZone(zone: unknown): zone is string {
  if (typeof zone !== 'string' || zone === '') return false;
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The therapist as Supabase Auth vouches for them; `role` lives in app_metadata, which users cannot edit. */
export function therapistFromUser(user: User): Therapist {
  const meta = user.user_metadata as Record<string, unknown>;
  const email = user.email ?? '';
  return {
    id: user.id,
    email,
    fullName: typeof meta.full_name === 'string' && meta.full_name.trim() ? meta.full_name : (email.split('@')[0] ?? 'Therapist'),
    timeZone: isValidTimeZone(meta.time_zone) ? meta.time_zone : 'UTC',
    isAdmin: (user.app_metadata as Record<string, unknown>).role === 'admin',
  };
}
