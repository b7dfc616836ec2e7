import type { Database } from '@/lib/database/project-a.types';
import type { ProjectAClient } from '@/lib/supabase/clients';
import { isUuid } from '@/lib/ids';

export type AuditEvent = Database['public']['Tables']['client_audit_events']['Row'];
export type AuditAction = Database['public']['Enums']['client_audit_action'];

export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
  copy: 'Copied from Project B',
  refresh: 'Refreshed from Project B',
  link: 'Linked',
  conflict_found: 'E-mail conflict found',
  conflict_resolved: 'E-mail conflict resolved',
  invite: 'Invitation to the partner app',
};

export const AUDIT_SOURCE_LABELS: Record<Database['public']['Enums']['sync_source'], string> = {
  booking: 'Booking',
  bulk: 'Bulk sync',
  api: 'Sync API',
  cli: 'Command line',
  dashboard: 'Dashboard',
};

/** A client's trail, newest first, as the caller may see it (RLS: admins, and the client's care team). */
export async function listClientAudit(client: ProjectAClient, clientId: string, limit = 50): Promise<AuditEvent[]> {
  if (!isUuid(clientId)) return [];
  const { data, error } = await client
    .from('client_audit_events')
    .select('*')
    .eq('client_id', clientId)
    .order('occurred_at', { ascending: false })
    .order('id', { ascending: false })
    .limit(limit);
  if (error) throw new Error(`audit trail: ${error.message}`);
  return data;
}

/** The refusals adopt_invited_client's callers record (lib/partner-invite), in the trail's words. */
const INVITE_REFUSAL_LABELS: Record<string, string> = {
  disabled: 'invitations are turned off',
  not_permitted: 'not on the care team',
  not_practice_client: 'already from the partner app',
  linked: 'shown as one with a synced client',
  no_email: 'no e-mail address',
  invalid_email: 'e-mail address cannot receive mail',
  email_taken: 'e-mail already used in the partner app',
  id_taken: 'id already used in the partner app',
  source_grant_missing: 'Project B does not let CareBridge read profiles',
  profile_grant_missing: 'Project B does not let CareBridge create profiles',
};

/** Why B did not send an invitation e-mail (GoTrue's error codes), in the trail's words. */
const INVITE_EMAIL_FAILURES: Record<string, string> = {
  over_email_send_rate_limit: 'its e-mail limit was reached',
  email_address_not_authorized: 'its e-mail settings do not reach this address',
  unreachable: 'it did not answer',
};

/** One line saying what changed, from the event's detail. */
export function describeAuditDetail(event: Pick<AuditEvent, 'action' | 'outcome' | 'detail'>): string {
  const detail = (event.detail ?? {}) as Record<string, unknown>;
  const change = (key: string, label: string) => {
    // The sync writes these from text columns (jsonb_build_object('from', …, 'to', …)).
    const value = detail[key] as { from?: string | null; to?: string | null } | undefined;
    if (!value || typeof value !== 'object') return null;
    return `${label}: ${value.from ?? '—'} → ${value.to ?? '—'}`;
  };
  switch (event.action) {
    case 'refresh':
      return [change('full_name', 'name'), change('email', 'e-mail')].filter(Boolean).join('; ') || 'Project B data newer; name and e-mail unchanged';
    case 'conflict_found':
      return `Same e-mail as another client (${(detail.email as string | null | undefined) ?? ''})`;
    case 'conflict_resolved':
      return event.outcome === 'same_person' ? 'Resolved: same person' : 'Resolved: different people';
    case 'link':
      return event.outcome === 'same_person' ? 'Linked as the same person as another client' : 'Joined a care team';
    case 'copy':
      return 'Copied with the same id as in Project B';
    case 'invite':
      switch (event.outcome) {
        case 'invited':
          return `Invited with the same id; now synced from Project B (${(detail.email as string | undefined) ?? ''})`;
        case 'email_sent':
          return `The partner app sent the invitation e-mail (${(detail.email as string | undefined) ?? ''})`;
        case 'email_not_sent':
          return `The partner app did not send the invitation e-mail: ${INVITE_EMAIL_FAILURES[detail.reason as string] ?? (detail.reason as string | undefined) ?? 'no reason given'}`;
        case 'email_not_needed':
          return 'No invitation e-mail needed: already signed in to the partner app';
        default:
          return `Refused: ${INVITE_REFUSAL_LABELS[event.outcome] ?? event.outcome}`;
      }
    default:
      return event.outcome;
  }
}
