/**
 * Every privilege the API roles hold in Project A's public schema, as the
 * migrations leave it (see migrations/20261201090000_api_grants.sql for why
 * each one is there). grants.test.ts reads the catalog and compares: an object
 * missing from this list, a grant not in it, or one in it that the database
 * lacks, all fail. An object with no grants at all is listed with an empty set.
 */

export const API_GRANTEES = ['anon', 'authenticated', 'service_role', 'PUBLIC'] as const;
export type ApiGrantee = (typeof API_GRANTEES)[number];

export type RelationPrivilege = 'SELECT' | 'INSERT' | 'UPDATE' | 'DELETE' | 'TRUNCATE' | 'REFERENCES' | 'TRIGGER' | 'MAINTAIN' | 'USAGE';

/** A privilege on the whole relation, or on the listed columns only. */
export type PrivilegeScope = 'whole table' | readonly string[];

export interface RelationGrants {
  kind: 'table' | 'view' | 'materialized view' | 'sequence' | 'foreign table';
  grants: Partial<Record<ApiGrantee, Partial<Record<RelationPrivilege, PrivilegeScope>>>>;
}

const TABLE = 'whole table';

export const EXPECTED_RELATION_GRANTS: Record<string, RelationGrants> = {
  clients: {
    kind: 'table',
    grants: {
      authenticated: { SELECT: TABLE, UPDATE: ['full_name', 'email', 'phone', 'date_of_birth', 'notes', 'status'] },
      service_role: {
        SELECT: TABLE,
        INSERT: ['id', 'full_name', 'email', 'notes', 'origin', 'synced_at', 'source_updated_at', 'created_by'],
        UPDATE: ['full_name', 'email', 'source_updated_at', 'synced_at'],
      },
    },
  },
  care_team: {
    kind: 'table',
    grants: {
      authenticated: { SELECT: TABLE },
      service_role: { SELECT: TABLE, INSERT: TABLE },
    },
  },
  sessions: {
    kind: 'table',
    grants: {
      authenticated: {
        SELECT: TABLE,
        INSERT: ['therapist_id', 'client_id', 'starts_at', 'duration_minutes', 'session_type', 'notes', 'request_id'],
        UPDATE: ['status'],
      },
      service_role: { SELECT: TABLE, INSERT: TABLE },
    },
  },
  client_email_conflicts: {
    kind: 'table',
    grants: {
      authenticated: { SELECT: TABLE },
      service_role: { SELECT: TABLE, INSERT: ['native_client_id', 'synced_client_id', 'email', 'detected_via'] },
    },
  },
  client_audit_events: {
    kind: 'table',
    grants: {
      authenticated: { SELECT: TABLE },
      service_role: { SELECT: TABLE, INSERT: ['client_id', 'action', 'outcome', 'source', 'actor_id', 'actor_label', 'run_id', 'detail'] },
    },
  },
  // The identity column of client_audit_events draws from it without any grant.
  client_audit_events_id_seq: { kind: 'sequence', grants: {} },
  sync_runs: {
    kind: 'table',
    grants: {
      authenticated: { SELECT: TABLE },
      service_role: {
        SELECT: TABLE,
        INSERT: ['scope', 'source', 'actor_id', 'actor_label'],
        UPDATE: [
          'status',
          'heartbeat_at',
          'finished_at',
          'total',
          'scanned',
          'created',
          'updated',
          'unchanged',
          'conflicts',
          'errors',
          'orphans',
          'elapsed_ms',
          'message',
          'error_samples',
        ],
      },
    },
  },
  // Membership (migrations/20261202090000_practice_members.sql): read under RLS, changed by the server only.
  practice_members: {
    kind: 'table',
    grants: {
      authenticated: { SELECT: TABLE },
      service_role: { SELECT: TABLE, INSERT: TABLE, UPDATE: ['display_name', 'time_zone', 'role', 'active'] },
    },
  },
  practice_member_events: {
    kind: 'table',
    grants: {
      authenticated: { SELECT: TABLE },
      service_role: { SELECT: TABLE, INSERT: ['member_id', 'actor_id', 'action', 'detail'] },
    },
  },
  practice_member_events_id_seq: { kind: 'sequence', grants: {} },
};

/** Functions by name and argument types, with the grantees that may execute them. */
export const EXPECTED_FUNCTION_GRANTS: Record<string, readonly ApiGrantee[]> = {
  'create_native_client(text, text, text, date, text)': ['authenticated'],
  'resolve_email_conflict(uuid, email_conflict_status)': ['authenticated'],
  // Its checked body, called only by it (migrations/20261202130000_conflict_not_found_is_404.sql).
  'apply_email_conflict_resolution(uuid, email_conflict_status)': [],
  'sync_clients_from_source(jsonb, sync_source, uuid, text, uuid, uuid, uuid, uuid, boolean)': ['service_role'],
  'link_synced_client(uuid, uuid, sync_source)': ['service_role'],
  'compare_clients_with_source(jsonb, uuid, uuid, boolean, integer)': ['service_role'],
  // The sync's rules (migrations/20261201110000_sync_rules_once.sql). The functions above run with
  // the caller's rights, so the server's role executes these too; no other role may.
  'sync_batch_people(jsonb)': ['service_role'],
  'sync_verdicts(jsonb)': ['service_role'],
  'sync_unrecorded_conflicts(jsonb)': ['service_role'],
  'sync_orphans(uuid[], uuid, uuid)': ['service_role'],
  'join_care_team(uuid[], uuid, sync_actor)': ['service_role'],
  'adopt_client_for_booking(uuid, uuid, jsonb)': ['service_role'],
  // Inviting a practice client to Project B (migrations/20261202100500_partner_invitations.sql).
  'adopt_invited_client(uuid, jsonb, uuid, text)': ['service_role'],
  'record_invitation_refusal(uuid, text, uuid, text, jsonb)': ['service_role'],
  // The bulk-sync slot and heartbeats (migrations/20261202100200_one_bulk_sync_at_a_time.sql).
  'start_bulk_sync_run(sync_source, interval, uuid, text)': ['service_role'],
  'interrupt_stale_sync_runs(interval)': ['service_role'],
  'beat_sync_run(uuid)': ['service_role'],
  // Called inside RLS policies as the signed-in user.
  'is_active_member()': ['authenticated'],
  'is_practice_admin()': ['authenticated'],
  // Team changes (migrations/20261202100000_team_management.sql): the server calls them with the verified caller as actor.
  'add_practice_member(uuid, text, text, member_role, boolean, uuid)': ['service_role'],
  'change_member_role(uuid, member_role, uuid)': ['service_role'],
  'set_member_active(uuid, boolean, uuid)': ['service_role'],
  'update_member_settings(uuid, text, text)': ['service_role'],
  'record_password_change(uuid)': ['service_role'],
  // Invitations (migrations/20261202110000_team_invitations.sql), the same way.
  'invite_practice_member(uuid, text, text, member_role, uuid)': ['service_role'],
  'invitation_resend_wait(uuid, integer)': ['service_role'],
  'record_invitation_resent(uuid, uuid)': ['service_role'],
  'activate_invited_member(uuid)': ['service_role'],
  // Checks is_practice_admin() itself, as the signed-in admin.
  'practice_roster()': ['authenticated'],
  // Only called from the functions above, which run as their owner.
  'lock_team_for_admin(uuid)': [],
  // Trigger functions: a trigger runs its function without checking EXECUTE.
  'touch_updated_at()': [],
  'keep_source_owned_fields()': [],
  'refuse_audit_change()': [],
  'check_member_time_zone()': [],
  'keep_an_active_admin()': [],
  'keep_finished_sync_runs()': [],
};
