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
          therapist_id: string
          client_id: string
          created_at: string
        }
        Insert: {
          therapist_id: string
          client_id: string
          created_at?: string
        }
        Update: {
          therapist_id?: string
          client_id?: string
          created_at?: string
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
          id: number
          occurred_at: string
          client_id: string
          action: Database["public"]["Enums"]["client_audit_action"]
          outcome: string
          source: Database["public"]["Enums"]["sync_source"]
          actor_id: string | null
          actor_label: string | null
          run_id: string | null
          detail: NonNullable<Json>
        }
        Insert: {
          id?: never
          occurred_at?: string
          client_id: string
          action: Database["public"]["Enums"]["client_audit_action"]
          outcome: string
          source: Database["public"]["Enums"]["sync_source"]
          actor_id?: string | null
          actor_label?: string | null
          run_id?: string | null
          detail?: NonNullable<Json>
        }
        Update: {
          id?: never
          occurred_at?: string
          client_id?: string
          action?: Database["public"]["Enums"]["client_audit_action"]
          outcome?: string
          source?: Database["public"]["Enums"]["sync_source"]
          actor_id?: string | null
          actor_label?: string | null
          run_id?: string | null
          detail?: NonNullable<Json>
        }
        Relationships: []
      }
      client_email_conflicts: {
        Row: {
          id: string
          native_client_id: string
          synced_client_id: string
          email: string
          status: Database["public"]["Enums"]["email_conflict_status"]
          detected_at: string
          detected_via: Database["public"]["Enums"]["sync_source"]
          resolved_at: string | null
          resolved_by: string | null
        }
        Insert: {
          id?: string
          native_client_id: string
          synced_client_id: string
          email: string
          status?: Database["public"]["Enums"]["email_conflict_status"]
          detected_at?: string
          detected_via: Database["public"]["Enums"]["sync_source"]
          resolved_at?: string | null
          resolved_by?: string | null
        }
        Update: {
          id?: string
          native_client_id?: string
          synced_client_id?: string
          email?: string
          status?: Database["public"]["Enums"]["email_conflict_status"]
          detected_at?: string
          detected_via?: Database["public"]["Enums"]["sync_source"]
          resolved_at?: string | null
          resolved_by?: string | null
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
          id: string
          full_name: string
          email: string | null
          phone: string | null
          date_of_birth: string | null
          notes: string | null
          status: Database["public"]["Enums"]["client_status"]
          origin: Database["public"]["Enums"]["client_origin"]
          synced_at: string | null
          source_updated_at: string | null
          created_by: string | null
          created_at: string
          updated_at: string
          linked_client_id: string | null
        }
        Insert: {
          id?: string
          full_name: string
          email?: string | null
          phone?: string | null
          date_of_birth?: string | null
          notes?: string | null
          status?: Database["public"]["Enums"]["client_status"]
          origin?: Database["public"]["Enums"]["client_origin"]
          synced_at?: string | null
          source_updated_at?: string | null
          created_by?: string | null
          created_at?: string
          updated_at?: string
          linked_client_id?: string | null
        }
        Update: {
          id?: string
          full_name?: string
          email?: string | null
          phone?: string | null
          date_of_birth?: string | null
          notes?: string | null
          status?: Database["public"]["Enums"]["client_status"]
          origin?: Database["public"]["Enums"]["client_origin"]
          synced_at?: string | null
          source_updated_at?: string | null
          created_by?: string | null
          created_at?: string
          updated_at?: string
          linked_client_id?: string | null
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
      sessions: {
        Row: {
          id: string
          client_id: string
          therapist_id: string
          starts_at: string
          duration_minutes: number
          session_type: Database["public"]["Enums"]["session_type"]
          status: Database["public"]["Enums"]["session_status"]
          notes: string | null
          created_at: string
          updated_at: string
        }
        Insert: {
          id?: string
          client_id: string
          therapist_id: string
          starts_at: string
          duration_minutes: number
          session_type?: Database["public"]["Enums"]["session_type"]
          status?: Database["public"]["Enums"]["session_status"]
          notes?: string | null
          created_at?: string
          updated_at?: string
        }
        Update: {
          id?: string
          client_id?: string
          therapist_id?: string
          starts_at?: string
          duration_minutes?: number
          session_type?: Database["public"]["Enums"]["session_type"]
          status?: Database["public"]["Enums"]["session_status"]
          notes?: string | null
          created_at?: string
          updated_at?: string
        }
        Relationships: [
          {
            foreignKeyName: "sessions_client_id_fkey"
            columns: ["client_id"]
            isOneToOne: false
            referencedRelation: "clients"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "sessions_care_team_fkey"
            columns: ["therapist_id", "client_id"]
            isOneToOne: false
            referencedRelation: "care_team"
            referencedColumns: ["therapist_id", "client_id"]
          },
        ]
      }
      sync_runs: {
        Row: {
          id: string
          scope: string
          source: Database["public"]["Enums"]["sync_source"]
          actor_id: string | null
          actor_label: string | null
          status: Database["public"]["Enums"]["sync_run_status"]
          started_at: string
          heartbeat_at: string
          finished_at: string | null
          total: number | null
          scanned: number
          created: number
          updated: number
          unchanged: number
          conflicts: number
          errors: number
          orphans: number | null
          elapsed_ms: number | null
          message: string | null
          error_samples: NonNullable<Json>
        }
        Insert: {
          id?: string
          scope: string
          source: Database["public"]["Enums"]["sync_source"]
          actor_id?: string | null
          actor_label?: string | null
          status?: Database["public"]["Enums"]["sync_run_status"]
          started_at?: string
          heartbeat_at?: string
          finished_at?: string | null
          total?: number | null
          scanned?: number
          created?: number
          updated?: number
          unchanged?: number
          conflicts?: number
          errors?: number
          orphans?: number | null
          elapsed_ms?: number | null
          message?: string | null
          error_samples?: NonNullable<Json>
        }
        Update: {
          id?: string
          scope?: string
          source?: Database["public"]["Enums"]["sync_source"]
          actor_id?: string | null
          actor_label?: string | null
          status?: Database["public"]["Enums"]["sync_run_status"]
          started_at?: string
          heartbeat_at?: string
          finished_at?: string | null
          total?: number | null
          scanned?: number
          created?: number
          updated?: number
          unchanged?: number
          conflicts?: number
          errors?: number
          orphans?: number | null
          elapsed_ms?: number | null
          message?: string | null
          error_samples?: NonNullable<Json>
        }
        Relationships: []
      }
    }
    Views: {
      [_ in never]: never
    }
    Functions: {
      adopt_client_for_booking: {
        Args: { client: string; therapist: string; person?: Json }
        Returns: Database["public"]["Enums"]["adopt_client_outcome"]
      }
      compare_clients_with_source: {
        Args: {
          range_through?: string
          range_after?: string
          orphan_sample?: number
          batch: Json
        }
        Returns: Json
      }
      create_native_client: {
        Args: {
          phone?: string
          date_of_birth?: string
          notes?: string
          full_name: string
          email?: string
        }
        Returns: {
          id: string
          full_name: string
          email: string | null
          phone: string | null
          date_of_birth: string | null
          notes: string | null
          status: Database["public"]["Enums"]["client_status"]
          origin: Database["public"]["Enums"]["client_origin"]
          synced_at: string | null
          source_updated_at: string | null
          created_by: string | null
          created_at: string
          updated_at: string
          linked_client_id: string | null
        }
        SetofOptions: {
          from: "*"
          to: "clients"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      link_synced_client: {
        Args: {
          therapist: string
          client: string
          source?: Database["public"]["Enums"]["sync_source"]
        }
        Returns: boolean
      }
      resolve_email_conflict: {
        Args: {
          conflict: string
          resolution: Database["public"]["Enums"]["email_conflict_status"]
        }
        Returns: {
          id: string
          native_client_id: string
          synced_client_id: string
          email: string
          status: Database["public"]["Enums"]["email_conflict_status"]
          detected_at: string
          detected_via: Database["public"]["Enums"]["sync_source"]
          resolved_at: string | null
          resolved_by: string | null
        }
        SetofOptions: {
          from: "*"
          to: "client_email_conflicts"
          isOneToOne: true
          isSetofReturn: false
        }
      }
      sync_clients_from_source: {
        Args: {
          run_id?: string
          link_therapist?: string
          range_after?: string
          range_through?: string
          dry_run?: boolean
          count_orphans?: boolean
          batch: Json
          source: Database["public"]["Enums"]["sync_source"]
          actor?: string
          actor_label?: string
        }
        Returns: Json
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
      client_origin: "native" | "project_b"
      client_status: "active" | "inactive" | "discharged"
      email_conflict_status: "open" | "same_person" | "different_people"
      session_status: "scheduled" | "completed" | "cancelled" | "no_show"
      session_type: "intake" | "individual" | "couples" | "family" | "group"
      sync_run_status:
        | "running"
        | "succeeded"
        | "completed_with_errors"
        | "failed"
      sync_source: "booking" | "bulk" | "api" | "cli" | "dashboard"
    }
    CompositeTypes: {
      [_ in never]: never
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
      ],
      client_origin: ["native", "project_b"],
      client_status: ["active", "inactive", "discharged"],
      email_conflict_status: ["open", "same_person", "different_people"],
      session_status: ["scheduled", "completed", "cancelled", "no_show"],
      session_type: ["intake", "individual", "couples", "family", "group"],
      sync_run_status: [
        "running",
        "succeeded",
        "completed_with_errors",
        "failed",
      ],
      sync_source: ["booking", "bulk", "api", "cli", "dashboard"],
    },
  },
} as const
