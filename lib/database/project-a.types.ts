export type Json =
  | string
  | number
  | boolean
  | null
  | { [key: string]: Json | undefined }
  | Json[]

export type Database = {
  // Allows to automatically instantiate createClient with right options
  // instead of createClient<Database, { PostgrestVersion: 'XX' }>(URL, KEY)
  __InternalSupabase: {
    PostgrestVersion: "12"
  }
  public: {
    Tables: {
      care_team: {
        Row: {
          client_id: string
          created_at: string
          therapist_id: string
        }
        Insert: {
          client_id: string
          created_at?: string
          therapist_id: string
        }
        Update: {
          client_id?: string
          created_at?: string
          therapist_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "care_team_client_id_fkey"
            columns: ["client_id"]
            isOneToOne: false
            referencedRelation: "clients"
            referencedColumns: ["id"]
          },
        ]
      }
      client_audit_events: {
        Row: {
          action: Database["public"]["Enums"]["client_audit_action"]
          actor_id: string | null
          actor_label: string | null
          client_id: string
          detail: NonNullable<Json>
          id: number
          occurred_at: string
          outcome: string
          run_id: string | null
          source: Database["public"]["Enums"]["sync_source"]
        }
        Insert: {
          action: Database["public"]["Enums"]["client_audit_action"]
          actor_id?: string | null
          actor_label?: string | null
          client_id: string
          detail?: NonNullable<Json>
          id?: never
          occurred_at?: string
          outcome: string
          run_id?: string | null
          source: Database["public"]["Enums"]["sync_source"]
        }
        Update: {
          action?: Database["public"]["Enums"]["client_audit_action"]
          actor_id?: string | null
          actor_label?: string | null
          client_id?: string
          detail?: NonNullable<Json>
          id?: never
          occurred_at?: string
          outcome?: string
          run_id?: string | null
          source?: Database["public"]["Enums"]["sync_source"]
        }
        Relationships: []
      }
      client_email_conflicts: {
        Row: {
          detected_at: string
          detected_via: Database["public"]["Enums"]["sync_source"]
          email: string
          id: string
          native_client_id: string
          resolved_at: string | null
          resolved_by: string | null
          status: Database["public"]["Enums"]["email_conflict_status"]
          synced_client_id: string
        }
        Insert: {
          detected_at?: string
          detected_via: Database["public"]["Enums"]["sync_source"]
          email: string
          id?: string
          native_client_id: string
          resolved_at?: string | null
          resolved_by?: string | null
          status?: Database["public"]["Enums"]["email_conflict_status"]
          synced_client_id: string
        }
        Update: {
          detected_at?: string
          detected_via?: Database["public"]["Enums"]["sync_source"]
          email?: string
          id?: string
          native_client_id?: string
          resolved_at?: string | null
          resolved_by?: string | null
          status?: Database["public"]["Enums"]["email_conflict_status"]
          synced_client_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "client_email_conflicts_native_client_id_fkey"
            columns: ["native_client_id"]
            isOneToOne: false
            referencedRelation: "clients"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "client_email_conflicts_synced_client_id_fkey"
            columns: ["synced_client_id"]
            isOneToOne: false
            referencedRelation: "clients"
            referencedColumns: ["id"]
          },
        ]
      }
      clients: {
        Row: {
          created_at: string
          created_by: string | null
          date_of_birth: string | null
          email: string | null
          full_name: string
          id: string
          linked_client_id: string | null
          notes: string | null
          origin: Database["public"]["Enums"]["client_origin"]
          phone: string | null
          source_updated_at: string | null
          status: Database["public"]["Enums"]["client_status"]
          synced_at: string | null
          updated_at: string
        }
        Insert: {
          created_at?: string
          created_by?: string | null
          date_of_birth?: string | null
          email?: string | null
          full_name: string
          id?: string
          linked_client_id?: string | null
          notes?: string | null
          origin?: Database["public"]["Enums"]["client_origin"]
          phone?: string | null
          source_updated_at?: string | null
          status?: Database["public"]["Enums"]["client_status"]
          synced_at?: string | null
          updated_at?: string
        }
        Update: {
          created_at?: string
          created_by?: string | null
          date_of_birth?: string | null
          email?: string | null
          full_name?: string
          id?: string
          linked_client_id?: string | null
          notes?: string | null
          origin?: Database["public"]["Enums"]["client_origin"]
          phone?: string | null
          source_updated_at?: string | null
          status?: Database["public"]["Enums"]["client_status"]
          synced_at?: string | null
          updated_at?: string
        }
        Relationships: [
          {
            foreignKeyName: "clients_linked_client_id_fkey"
            columns: ["linked_client_id"]
            isOneToOne: false
            referencedRelation: "clients"
            referencedColumns: ["id"]
          },
        ]
      }
      practice_member_events: {
        Row: {
          action: Database["public"]["Enums"]["member_audit_action"]
          actor_id: string | null
          detail: NonNullable<Json>
          id: number
          member_id: string
          occurred_at: string
        }
        Insert: {
          action: Database["public"]["Enums"]["member_audit_action"]
          actor_id?: string | null
          detail?: NonNullable<Json>
          id?: never
          member_id: string
          occurred_at?: string
        }
        Update: {
          action?: Database["public"]["Enums"]["member_audit_action"]
          actor_id?: string | null
          detail?: NonNullable<Json>
          id?: never
          member_id?: string
          occurred_at?: string
        }
        Relationships: []
      }
      practice_members: {
        Row: {
          active: boolean
          created_at: string
          display_name: string
          invitation_pending: boolean
          must_choose_password: boolean
          role: Database["public"]["Enums"]["member_role"]
          time_zone: string
          updated_at: string
          user_id: string
        }
        Insert: {
          active?: boolean
          created_at?: string
          display_name: string
          invitation_pending?: boolean
          must_choose_password?: boolean
          role?: Database["public"]["Enums"]["member_role"]
          time_zone?: string
          updated_at?: string
          user_id: string
        }
        Update: {
          active?: boolean
          created_at?: string
          display_name?: string
          invitation_pending?: boolean
          must_choose_password?: boolean
          role?: Database["public"]["Enums"]["member_role"]
          time_zone?: string
          updated_at?: string
          user_id?: string
        }
        Relationships: []
      }
      sessions: {
        Row: {
          client_id: string
          created_at: string
          duration_minutes: number
          id: string
          notes: string | null
          request_id: string | null
          session_type: Database["public"]["Enums"]["session_type"]
          starts_at: string
          status: Database["public"]["Enums"]["session_status"]
          therapist_id: string
          updated_at: string
        }
        Insert: {
          client_id: string
          created_at?: string
          duration_minutes: number
          id?: string
          notes?: string | null
          request_id?: string | null
          session_type?: Database["public"]["Enums"]["session_type"]
          starts_at: string
          status?: Database["public"]["Enums"]["session_status"]
          therapist_id: string
          updated_at?: string
        }
        Update: {
          client_id?: string
          created_at?: string
          duration_minutes?: number
          id?: string
          notes?: string | null
          request_id?: string | null
          session_type?: Database["public"]["Enums"]["session_type"]
          starts_at?: string
          status?: Database["public"]["Enums"]["session_status"]
          therapist_id?: string
          updated_at?: string
        }
        Relationships: [
          {
            foreignKeyName: "sessions_care_team_fkey"
            columns: ["therapist_id", "client_id"]
            isOneToOne: false
            referencedRelation: "care_team"
            referencedColumns: ["therapist_id", "client_id"]
          },
          {
            foreignKeyName: "sessions_client_id_fkey"
            columns: ["client_id"]
            isOneToOne: false
            referencedRelation: "clients"
            referencedColumns: ["id"]
          },
        ]
      }
      sync_runs: {
        Row: {
          actor_id: string | null
          actor_label: string | null
          conflicts: number
          created: number
          elapsed_ms: number | null
          error_samples: NonNullable<Json>
          errors: number
          finished_at: string | null
          heartbeat_at: string
          id: string
          message: string | null
          orphans: number | null
          scanned: number
          scope: string
          source: Database["public"]["Enums"]["sync_source"]
          started_at: string
          status: Database["public"]["Enums"]["sync_run_status"]
          total: number | null
          unchanged: number
          updated: number
        }
        Insert: {
          actor_id?: string | null
          actor_label?: string | null
          conflicts?: number
          created?: number
          elapsed_ms?: number | null
          error_samples?: NonNullable<Json>
          errors?: number
          finished_at?: string | null
          heartbeat_at?: string
          id?: string
          message?: string | null
          orphans?: number | null
          scanned?: number
          scope: string
          source: Database["public"]["Enums"]["sync_source"]
          started_at?: string
          status?: Database["public"]["Enums"]["sync_run_status"]
          total?: number | null
          unchanged?: number
          updated?: number
        }
        Update: {
          actor_id?: string | null
          actor_label?: string | null
          conflicts?: number
          created?: number
          elapsed_ms?: number | null
          error_samples?: NonNullable<Json>
          errors?: number
          finished_at?: string | null
          heartbeat_at?: string
          id?: string
          message?: string | null
          orphans?: number | null
          scanned?: number
          scope?: string
          source?: Database["public"]["Enums"]["sync_source"]
          started_at?: string
          status?: Database["public"]["Enums"]["sync_run_status"]
          total?: number | null
          unchanged?: number
          updated?: number
        }
        Relationships: []
      }
    }
    Views: {
      [_ in never]: never
    }
    Functions: {
      activate_invited_member: { Args: { member: string }; Returns: undefined }
      add_practice_member: {
        Args: {
          actor: string
          display_name: string
          member: string
          must_choose_password: boolean
          role: Database["public"]["Enums"]["member_role"]
          time_zone: string
        }
        Returns: undefined
      }
      adopt_client_for_booking: {
        Args: { client: string; person?: Json; therapist: string }
        Returns: Database["public"]["Enums"]["adopt_client_outcome"]
      }
      adopt_invited_client: {
        Args: {
          client: string
          person: Json
          therapist: string
          therapist_label: string
        }
        Returns: Database["public"]["Enums"]["partner_invitation_outcome"]
      }
      apply_email_conflict_resolution: {
        Args: {
          conflict: string
          resolution: Database["public"]["Enums"]["email_conflict_status"]
        }
        Returns: {
          detected_at: string
          detected_via: Database["public"]["Enums"]["sync_source"]
          email: string
          id: string
          native_client_id: string
          resolved_at: string | null
          resolved_by: string | null
          status: Database["public"]["Enums"]["email_conflict_status"]
          synced_client_id: string
        }
        SetofOptions: {
          from: "*"
          to: "client_email_conflicts"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      beat_sync_run: { Args: { run: string }; Returns: boolean }
      change_member_role: {
        Args: {
          actor: string
          member: string
          new_role: Database["public"]["Enums"]["member_role"]
        }
        Returns: boolean
      }
      compare_clients_with_source: {
        Args: {
          batch: Json
          count_orphans?: boolean
          orphan_sample?: number
          range_after?: string
          range_through?: string
        }
        Returns: {
          conflicts: number
          id_taken: number
          new: number
          orphan_ids: string[]
          orphans: number
          people: number
          stale: number
          unchanged: number
        }[]
      }
      create_native_client: {
        Args: {
          date_of_birth?: string
          email?: string
          full_name: string
          notes?: string
          phone?: string
        }
        Returns: {
          created_at: string
          created_by: string | null
          date_of_birth: string | null
          email: string | null
          full_name: string
          id: string
          linked_client_id: string | null
          notes: string | null
          origin: Database["public"]["Enums"]["client_origin"]
          phone: string | null
          source_updated_at: string | null
          status: Database["public"]["Enums"]["client_status"]
          synced_at: string | null
          updated_at: string
        }
        SetofOptions: {
          from: "*"
          to: "clients"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      interrupt_stale_sync_runs: {
        Args: { stale_after: string }
        Returns: number
      }
      invitation_resend_wait: {
        Args: { interval_seconds: number; member: string }
        Returns: number
      }
      invite_practice_member: {
        Args: {
          actor: string
          display_name: string
          member: string
          role: Database["public"]["Enums"]["member_role"]
          time_zone: string
        }
        Returns: undefined
      }
      is_active_member: { Args: Record<PropertyKey, never>; Returns: boolean }
      is_practice_admin: { Args: Record<PropertyKey, never>; Returns: boolean }
      join_care_team: {
        Args: {
          clients: string[]
          therapist: string
          who: Database["public"]["CompositeTypes"]["sync_actor"]
        }
        Returns: string[]
      }
      link_synced_client: {
        Args: {
          client: string
          source?: Database["public"]["Enums"]["sync_source"]
          therapist: string
        }
        Returns: boolean
      }
      lock_team_for_admin: { Args: { actor: string }; Returns: undefined }
      practice_roster: {
        Args: Record<PropertyKey, never>
        Returns: {
          active: boolean
          created_at: string
          display_name: string
          email: string
          invitation_pending: boolean
          must_choose_password: boolean
          role: Database["public"]["Enums"]["member_role"]
          time_zone: string
          user_id: string
        }[]
      }
      record_invitation_refusal: {
        Args: {
          client: string
          detail?: Json
          outcome: string
          therapist: string
          therapist_label: string
        }
        Returns: undefined
      }
      record_invitation_resent: {
        Args: { actor: string; member: string }
        Returns: undefined
      }
      record_password_change: { Args: { member: string }; Returns: undefined }
      resolve_email_conflict: {
        Args: {
          conflict: string
          resolution: Database["public"]["Enums"]["email_conflict_status"]
        }
        Returns: {
          detected_at: string
          detected_via: Database["public"]["Enums"]["sync_source"]
          email: string
          id: string
          native_client_id: string
          resolved_at: string | null
          resolved_by: string | null
          status: Database["public"]["Enums"]["email_conflict_status"]
          synced_client_id: string
        }
        SetofOptions: {
          from: "*"
          to: "client_email_conflicts"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      set_member_active: {
        Args: { actor: string; make_active: boolean; member: string }
        Returns: boolean
      }
      start_bulk_sync_run: {
        Args: {
          actor?: string
          actor_label?: string
          source: Database["public"]["Enums"]["sync_source"]
          stale_after: string
        }
        Returns: {
          claimed: boolean
          run_id: string
        }[]
      }
      sync_batch_people: {
        Args: { batch: Json }
        Returns: {
          email: string
          full_name: string
          id: string
          notes: string
          source_updated_at: string
        }[]
      }
      sync_clients_from_source: {
        Args: {
          actor?: string
          actor_label?: string
          batch: Json
          count_orphans?: boolean
          link_therapist?: string
          range_after?: string
          range_through?: string
          run_id?: string
          source: Database["public"]["Enums"]["sync_source"]
        }
        Returns: {
          conflicts: number
          created: number
          errors: number
          orphans: number
          scanned: number
          unchanged: number
          updated: number
        }[]
      }
      sync_orphans: {
        Args: { ids: string[]; range_after: string; range_through: string }
        Returns: string[]
      }
      sync_unrecorded_conflicts: {
        Args: { batch: Json }
        Returns: {
          email: string
          native_client_id: string
          synced_client_id: string
        }[]
      }
      sync_verdicts: {
        Args: { batch: Json }
        Returns: {
          copy_email: string
          copy_full_name: string
          copy_source_updated_at: string
          email: string
          full_name: string
          id: string
          source_updated_at: string
          verdict: Database["public"]["Enums"]["sync_verdict"]
        }[]
      }
      update_member_settings: {
        Args: {
          member: string
          new_display_name: string
          new_time_zone: string
        }
        Returns: boolean
      }
    }
    Enums: {
      adopt_client_outcome:
        | "copied"
        | "already_synced"
        | "race_tolerated"
        | "native_client"
        | "no_such_person"
      client_audit_action:
        | "copy"
        | "refresh"
        | "link"
        | "conflict_found"
        | "conflict_resolved"
        | "invite"
      client_origin: "native" | "project_b"
      client_status: "active" | "inactive" | "discharged"
      email_conflict_status: "open" | "same_person" | "different_people"
      member_audit_action:
        | "added"
        | "role_changed"
        | "deactivated"
        | "reactivated"
        | "settings_changed"
        | "invited"
        | "invitation_resent"
        | "activated"
      member_role: "admin" | "therapist"
      partner_invitation_outcome:
        | "invited"
        | "already_synced"
        | "linked"
        | "no_such_client"
      session_status: "scheduled" | "completed" | "cancelled" | "no_show"
      session_type: "intake" | "individual" | "couples" | "family" | "group"
      sync_run_status:
        | "running"
        | "succeeded"
        | "completed_with_errors"
        | "failed"
        | "interrupted"
      sync_source: "booking" | "bulk" | "api" | "cli" | "dashboard"
      sync_verdict: "new" | "stale" | "unchanged" | "id_taken"
    }
    CompositeTypes: {
      sync_actor: {
        source: Database["public"]["Enums"]["sync_source"] | null
        actor_id: string | null
        actor_label: string | null
        run_id: string | null
      }
    }
  }
}

type DatabaseWithoutInternals = Omit<Database, "__InternalSupabase">

type DefaultSchema = DatabaseWithoutInternals[Extract<keyof Database, "public">]

export type Tables<
  DefaultSchemaTableNameOrOptions extends
    | keyof (DefaultSchema["Tables"] & DefaultSchema["Views"])
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends (DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
        DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])
    : never) = never,
> = DefaultSchemaTableNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
      DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])[TableName] extends {
      Row: infer R
    }
    ? R
    : never
  : DefaultSchemaTableNameOrOptions extends keyof (DefaultSchema["Tables"] &
        DefaultSchema["Views"])
    ? (DefaultSchema["Tables"] &
        DefaultSchema["Views"])[DefaultSchemaTableNameOrOptions] extends {
        Row: infer R
      }
      ? R
      : never
    : never

export type TablesInsert<
  DefaultSchemaTableNameOrOptions extends
    | keyof DefaultSchema["Tables"]
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends (DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never) = never,
> = DefaultSchemaTableNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
      Insert: infer I
    }
    ? I
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
    ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
        Insert: infer I
      }
      ? I
      : never
    : never

export type TablesUpdate<
  DefaultSchemaTableNameOrOptions extends
    | keyof DefaultSchema["Tables"]
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends (DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never) = never,
> = DefaultSchemaTableNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
      Update: infer U
    }
    ? U
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
    ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
        Update: infer U
      }
      ? U
      : never
    : never

export type Enums<
  DefaultSchemaEnumNameOrOptions extends
    | keyof DefaultSchema["Enums"]
    | { schema: keyof DatabaseWithoutInternals },
  EnumName extends (DefaultSchemaEnumNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"]
    : never) = never,
> = DefaultSchemaEnumNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"][EnumName]
  : DefaultSchemaEnumNameOrOptions extends keyof DefaultSchema["Enums"]
    ? DefaultSchema["Enums"][DefaultSchemaEnumNameOrOptions]
    : never

export type CompositeTypes<
  PublicCompositeTypeNameOrOptions extends
    | keyof DefaultSchema["CompositeTypes"]
    | { schema: keyof DatabaseWithoutInternals },
  CompositeTypeName extends (PublicCompositeTypeNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"]
    : never) = never,
> = PublicCompositeTypeNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"][CompositeTypeName]
  : PublicCompositeTypeNameOrOptions extends keyof DefaultSchema["CompositeTypes"]
    ? DefaultSchema["CompositeTypes"][PublicCompositeTypeNameOrOptions]
    : never

export const Constants = {
  public: {
    Enums: {
      adopt_client_outcome: [
        "copied",
        "already_synced",
        "race_tolerated",
        "native_client",
        "no_such_person",
      ],
      client_audit_action: [
        "copy",
        "refresh",
        "link",
        "conflict_found",
        "conflict_resolved",
        "invite",
      ],
      client_origin: ["native", "project_b"],
      client_status: ["active", "inactive", "discharged"],
      email_conflict_status: ["open", "same_person", "different_people"],
      member_audit_action: [
        "added",
        "role_changed",
        "deactivated",
        "reactivated",
        "settings_changed",
        "invited",
        "invitation_resent",
        "activated",
      ],
      member_role: ["admin", "therapist"],
      partner_invitation_outcome: [
        "invited",
        "already_synced",
        "linked",
        "no_such_client",
      ],
      session_status: ["scheduled", "completed", "cancelled", "no_show"],
      session_type: ["intake", "individual", "couples", "family", "group"],
      sync_run_status: [
        "running",
        "succeeded",
        "completed_with_errors",
        "failed",
        "interrupted",
      ],
      sync_source: ["booking", "bulk", "api", "cli", "dashboard"],
      sync_verdict: ["new", "stale", "unchanged", "id_taken"],
    },
  },
} as const
