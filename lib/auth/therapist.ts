import type { User } from '@supabase/supabase-js';
import type { Tables } from '@/lib/database/project-a.types';
import type { ProjectAClient } from '@/lib/supabase/clients';

export interface Therapist {
  id: string;
  email: string;
  fullName: string;
  /** IANA zone the therapist books in; a date and time on a form means wall-clock time there. */
  timeZone: string;
  isAdmin: boolean;
  /** Signed in with a temporary password: every page sends them to choose their own first. */
  mustChoosePassword: boolean;
}

type Membership = Pick<Tables<'practice_members'>, 'display_name' | 'time_zone' | 'role' | 'active' | 'must_choose_password'>;

/**
 * The therapist as Supabase Auth vouches for who they are and the practice's
 * membership table says what they may do; null unless the membership is active.
 */
export function therapistFromMembership(user: User, membership: Membership | null): Therapist | null {
  if (!membership?.active) return null;
  return {
    id: user.id,
    email: user.email ?? '',
    fullName: membership.display_name,
    timeZone: membership.time_zone,
    isAdmin: membership.role === 'admin',
    mustChoosePassword: membership.must_choose_password,
  };
}

/**
 * The user behind `supabase`, verified with the auth server (getUser, never the
 * cookie or token alone), and their membership read under RLS as that user.
 */
export async function verifyTherapist(supabase: ProjectAClient): Promise<Therapist | null> {
  const { data, error } = await supabase.auth.getUser();
  if (error || !data.user) return null;
  const membership = await supabase
    .from('practice_members')
    .select('display_name, time_zone, role, active, must_choose_password')
    .eq('user_id', data.user.id)
    .maybeSingle();
  if (membership.error) throw membership.error;
  return therapistFromMembership(data.user, membership.data);
}
