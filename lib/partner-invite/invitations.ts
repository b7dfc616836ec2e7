import type { ProjectAClient } from '@/lib/supabase/clients';

/**
 * What became of the invitation e-mail, as the trail records it after the invitation
 * (`invite` rows): B did not send it, B sent it, or the person no longer needs it
 * (they signed in to the partner app some other way).
 */
export const INVITATION_EMAIL_OUTCOMES = ['email_not_sent', 'email_sent', 'email_not_needed'] as const;
export type InvitationEmailOutcome = (typeof INVITATION_EMAIL_OUTCOMES)[number];

export interface Invitation {
  invitedAt: string;
  actorId: string | null;
  actorLabel: string | null;
  /** The partner app has not sent the invitation e-mail yet: the page offers to send it. */
  emailPending: boolean;
}

/** When and by whom a client was invited to the partner app, from their audit trail (RLS: their care team and admins). */
export async function findInvitation(client: ProjectAClient, clientId: string): Promise<Invitation | null> {
  const { data, error } = await client
    .from('client_audit_events')
    .select('outcome, occurred_at, actor_id, actor_label')
    .eq('client_id', clientId)
    .eq('action', 'invite')
    .in('outcome', ['invited', ...INVITATION_EMAIL_OUTCOMES])
    .order('id', { ascending: false })
    .limit(50);
  if (error) throw new Error(`invitation: ${error.message}`);
  const invited = data.find((row) => row.outcome === 'invited');
  if (!invited) return null;
  // Newest first: the e-mail's latest state, if anything was recorded after the invitation.
  const latestEmail = data.find((row) => row.outcome !== 'invited');
  return {
    invitedAt: invited.occurred_at,
    actorId: invited.actor_id,
    actorLabel: invited.actor_label,
    emailPending: latestEmail?.outcome === 'email_not_sent',
  };
}
