import { MAX_DURATION_MINUTES } from './session-options';
import type { NewSession } from './session.schema';
import { formatTimeSpan } from '@/lib/format/date-time';
import type { ProjectAClient } from '@/lib/supabase/clients';

/** The statuses that hold a slot, as in the sessions_*_no_overlap constraints. */
export const SLOT_HOLDING_STATUSES = ['scheduled', 'completed'] as const;

/**
 * Why the database refused `session` as an overlap (23P01), in the
 * therapist's words. It reads as the therapist, under RLS: a clash with one
 * of their own sessions is named ("You already have Maya Okafor 10:00–10:50
 * on Tue 8 Dec"); a clash with another therapist's session names neither that
 * therapist nor the time, only that the client is taken then. null when the
 * sessions cannot be read just now: the caller falls back to a plain refusal.
 */
export async function describeClash(user: ProjectAClient, session: NewSession, timeZone: string): Promise<string | null> {
  const start = Date.parse(session.startsAt);
  const end = start + session.durationMinutes * 60_000;
  // A session that overlaps starts before this one ends and at most the longest session before it starts.
  const { data, error } = await user
    .from('sessions')
    .select('starts_at, duration_minutes, client:clients!sessions_client_id_fkey(full_name)')
    .eq('therapist_id', session.therapistId)
    .in('status', SLOT_HOLDING_STATUSES)
    .lt('starts_at', new Date(end).toISOString())
    .gt('starts_at', new Date(start - MAX_DURATION_MINUTES * 60_000).toISOString())
    .order('starts_at');
  if (error) return null;
  const own = data.find((row) => Date.parse(row.starts_at) + row.duration_minutes * 60_000 > start);
  if (own) {
    return `You already have ${own.client?.full_name ?? 'a session'} ${formatTimeSpan(own.starts_at, own.duration_minutes, timeZone)}. Choose another time.`;
  }
  const client = await user.from('clients').select('full_name').eq('id', session.clientId).maybeSingle();
  return `${client.data?.full_name ?? 'This client'} is already booked at that time. Choose another time.`;
}
