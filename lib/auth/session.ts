import 'server-only';
import { forbidden, redirect } from 'next/navigation';
import { cache } from 'react';
import { createServerSupabase } from '@/lib/supabase/server';
import { verifyVisitor, type Therapist, type Visitor } from './therapist';

/**
 * Who is asking this request: signed out, signed in without an active
 * membership, or a member. Cached per request so a layout and its page share
 * one check; never across requests, so a deactivation counts at once.
 */
export const getVisitor = cache(async (): Promise<Visitor> => verifyVisitor(await createServerSupabase()));

/** The signed-in therapist with an active practice membership, or null. */
export async function getTherapist(): Promise<Therapist | null> {
  const visitor = await getVisitor();
  return visitor.status === 'member' ? visitor.therapist : null;
}

/** The path that every page sends a member with a temporary password to. */
export const CHOOSE_PASSWORD_PATH = '/choose-password';

/**
 * For layouts and pages. Signed out: /login. Signed in but not a member: 403
 * with app/forbidden.tsx, which tells them so (a redirect would bounce between
 * /login and the page, since they are signed in). A member who still has a
 * temporary password gets nothing else until they choose their own.
 */
export async function requireTherapist(): Promise<Therapist> {
  const visitor = await getVisitor();
  if (visitor.status === 'signed_out') redirect('/login');
  if (visitor.status === 'not_a_member') forbidden();
  if (visitor.therapist.mustChoosePassword) redirect(CHOOSE_PASSWORD_PATH);
  return visitor.therapist;
}
