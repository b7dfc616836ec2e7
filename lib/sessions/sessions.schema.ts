import { z } from 'zod';
import { SESSION_STATUSES, type SessionStatus } from '@/lib/booking/session-options';

/** The two tabs of /sessions: from now on (ascending), and before now (descending). */
export const SESSION_SCOPES = ['upcoming', 'past'] as const;
export type SessionScope = (typeof SESSION_SCOPES)[number];

/** What a scheduled session can become. */
export const SESSION_OUTCOMES = ['cancelled', 'completed', 'no_show'] as const satisfies readonly SessionStatus[];
export type SessionOutcome = (typeof SESSION_OUTCOMES)[number];

export const SESSION_OUTCOME_DONE: Record<SessionOutcome, string> = {
  cancelled: 'Session cancelled',
  completed: 'Session marked completed',
  no_show: 'Session marked as a no-show',
};

/** The row action forms: the session and what to make of it. */
export const sessionStatusSchema = z.object({
  sessionId: z.uuid({ message: 'Unknown session' }),
  status: z.enum(SESSION_OUTCOMES, { message: 'Choose cancel, complete or no-show' }),
});
export type SessionStatusField = keyof z.input<typeof sessionStatusSchema>;
export const SESSION_STATUS_FIELDS = ['sessionId', 'status'] as const satisfies readonly SessionStatusField[];

/**
 * The /sessions query string. Anything malformed falls back to the default
 * rather than failing the page: it is a URL people edit and share.
 */
export const sessionsQuerySchema = z.object({
  tab: z.enum(SESSION_SCOPES).catch('upcoming'),
  clientId: z.uuid().optional().catch(undefined),
  status: z.enum(SESSION_STATUSES).optional().catch(undefined),
  cursor: z.string().max(200).optional().catch(undefined),
  booked: z.uuid().optional().catch(undefined),
});
export type SessionsQuery = z.infer<typeof sessionsQuerySchema>;

/** Next's searchParams give string | string[]; only the first value of each counts. */
export function parseSessionsQuery(searchParams: Record<string, string | string[] | undefined>): SessionsQuery {
  const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) || undefined;
  return sessionsQuerySchema.parse({
    tab: first(searchParams.tab),
    clientId: first(searchParams.clientId),
    status: first(searchParams.status),
    cursor: first(searchParams.cursor),
    booked: first(searchParams.booked),
  });
}
