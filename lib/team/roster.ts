import type { Database, Json } from '@/lib/database/project-a.types';
import type { ProjectAClient } from '@/lib/supabase/clients';

type RosterRow = Database['public']['Functions']['practice_roster']['Returns'][number];
export type MemberAuditAction = Database['public']['Enums']['member_audit_action'];

export interface TeamMember {
  id: string;
  email: string | null;
  displayName: string;
  timeZone: string;
  role: RosterRow['role'];
  active: boolean;
  mustChoosePassword: boolean;
  /** Invited, and waiting for them to set a password from the link: not active until then. */
  invitationPending: boolean;
}

/** The whole team with e-mails, read as the signed-in admin (the function refuses anyone else). */
export async function listTeam(asAdmin: ProjectAClient): Promise<TeamMember[]> {
  const { data, error } = await asAdmin.rpc('practice_roster');
  if (error) throw error;
  return data.map((row) => ({
    id: row.user_id,
    // A left join: a membership whose account was removed by hand shows without an address.
    email: (row.email as string | null) ?? null,
    displayName: row.display_name,
    timeZone: row.time_zone,
    role: row.role,
    active: row.active,
    mustChoosePassword: row.must_choose_password,
    invitationPending: row.invitation_pending,
  }));
}

export interface TeamEvent {
  id: number;
  occurredAt: string;
  memberId: string;
  actorId: string | null;
  action: MemberAuditAction;
  detail: Json;
}

/** The newest changes first, read under RLS (admins only). */
export async function listTeamHistory(asAdmin: ProjectAClient, limit = 50): Promise<TeamEvent[]> {
  const { data, error } = await asAdmin
    .from('practice_member_events')
    .select('id, occurred_at, member_id, actor_id, action, detail')
    .order('occurred_at', { ascending: false })
    .order('id', { ascending: false })
    .limit(limit);
  if (error) throw error;
  return data.map((row) => ({
    id: row.id,
    occurredAt: row.occurred_at,
    memberId: row.member_id,
    actorId: row.actor_id,
    action: row.action,
    detail: row.detail,
  }));
}
