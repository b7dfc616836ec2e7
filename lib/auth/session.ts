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

/** The path that every page sends a member with a temporary password to. */
export const CHOOSE_PASSWORD_PATH = '/choose-password';

/**
 * For pages and server actions: every action is a public endpoint and checks
 * the user itself. A member who still has a temporary password gets nothing
 * else until they choose their own.
 */
export async function requireTherapist(): Promise<Therapist> {
  const therapist = await getTherapist();
  if (!therapist) redirect('/login');
  if (therapist.mustChoosePassword) redirect(CHOOSE_PASSWORD_PATH);
  return therapist;
}
