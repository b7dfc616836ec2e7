import 'server-only';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { createServerSupabase } from '@/lib/supabase/server';
import { therapistFromUser, type Therapist } from './therapist';

/**
 * The signed-in therapist, verified with the auth server (getUser), never read
 * from the cookie alone. Cached per request so a layout and its page share one check.
 */
export const getTherapist = cache(async (): Promise<Therapist | null> => {
  const supabase = await createServerSupabase();
  const { data, error } = await supabase.auth.getUser();
  if (error || !data.user) return null;
  return therapistFromUser(data.user);
});

/** For pages and server actions: every action is a public endpoint and checks the user itself. */
export async function requireTherapist(): Promise<Therapist> {
  const therapist = await getTherapist();
  if (!therapist) redirect('/login');
  return therapist;
}
