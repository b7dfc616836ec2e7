import type { ProjectAClient } from '@/lib/supabase/clients';

export interface Invitation {
  invitedAt: string;
  actorId: string | null;
  actorLabel: string | null;
}

/** When and by whom a client was invited to the partner app, from their audit trail (RLS: their care team and admins). */
export async function findInvitation(client: ProjectAClient, clientId: string): Promise<Invitation | null> {
  const { data, error } = await client
    .from('client_audit_events')
    .select('occurred_at, actor_id, actor_label')
    .eq('client_id', clientId)
    .eq('action', 'invite')
    .eq('outcome', 'invited')
    .order('occurred_at', { ascending: false })
    .limit(1)
    .maybeSingle();
  if (error) throw new Error(`invitation: ${error.message}`);
  return data ? { invitedAt: data.occurred_at, actorId: data.actor_id, actorLabel: data.actor_label } : null;
}
