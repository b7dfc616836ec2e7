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

/** What the app tells a signed-in user whom the practice has not added, or has deactivated. */
export const NOT_A_MEMBER_MESSAGE = "This account isn't part of a practice. Ask your practice's admin to add you.";

/**
 * Who is asking, in the three cases every page, action and route handler tells
 * apart: nobody (sign in), a valid account the practice does not know or has
 * deactivated (nothing to see, say so), or an active member.
 */
export type Visitor =
  { status: 'signed_out' } | { status: 'not_a_member'; userId: string; email: string } | { status: 'member'; therapist: Therapist };

/**
 * The user behind `supabase`, verified with the auth server (getUser, never the
 * cookie or token alone), and their membership read under RLS as that user.
 * Read afresh on every call, so a deactivation counts from the next request.
 */
export async function verifyVisitor(supabase: ProjectAClient): Promise<Visitor> {
  const { data, error } = await supabase.auth.getUser();
  if (error || !data.user) return { status: 'signed_out' };
  const membership = await supabase
    .from('practice_members')
    .select('display_name, time_zone, role, active, must_choose_password')
    .eq('user_id', data.user.id)
    .maybeSingle();
  if (membership.error) throw membership.error;
  const therapist = therapistFromMembership(data.user, membership.data);
  if (!therapist) return { status: 'not_a_member', userId: data.user.id, email: data.user.email ?? '' };
  return { status: 'member', therapist };
}

/** The active member behind `supabase`, or null for anyone else. */
export async function verifyTherapist(supabase: ProjectAClient): Promise<Therapist | null> {
  const visitor = await verifyVisitor(supabase);
  return visitor.status === 'member' ? visitor.therapist : null;
}
