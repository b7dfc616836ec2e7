import 'server-only';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { createServerSupabase } from '@/lib/supabase/server';
import { verifyTherapist, type Therapist } from './therapist';

/**
 * The signed-in therapist with an active practice membership. Cached per
 * request so a layout and its page share one check.
 */
export const getTherapist = cache(async (): Promise<Therapist | null> => verifyTherapist(await createServerSupabase()));

/** For pages and server actions: every action is a public endpoint and checks the user itself. */
export async function requireTherapist(): Promise<Therapist> {
  const therapist = await getTherapist();
  if (!therapist) redirect('/login');
  return therapist;
}
