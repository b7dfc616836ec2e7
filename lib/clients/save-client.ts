import type { ProjectAClient } from '@/lib/supabase/admin';
import { parseClientEdit, parseNewClient, type ClientField } from './client.schema';
import { createNativeClient, getClient, SAVE_CLIENT_MESSAGES, updateClient, type SaveClientResult } from './clients';

/**
 * The client forms' whole rule set, from raw form input to a saved row, so the
 * server actions stay thin and tests run exactly what the forms run. Nothing
 * is written unless every field is valid.
 */
export type SubmitClientResult =
  | { ok: true; clientId: string }
  | {
      ok: false;
      fieldErrors?: Partial<Record<ClientField, string[]>>;
      message?: string;
      reason?: Exclude<SaveClientResult, { ok: true }>['reason'];
    };

export async function submitNewClient(client: ProjectAClient, input: Record<string, unknown>): Promise<SubmitClientResult> {
  const parsed = parseNewClient(input);
  if (!parsed.ok) return { ok: false, fieldErrors: parsed.fieldErrors };
  const saved = await createNativeClient(client, parsed.value);
  return saved.ok ? { ok: true, clientId: saved.client.id } : { ok: false, message: saved.message, reason: saved.reason };
}

/** The client's origin decides which fields are editable, so it is read first (under RLS). */
export async function submitClientEdit(
  client: ProjectAClient,
  clientId: string,
  input: Record<string, unknown>,
): Promise<SubmitClientResult> {
  const existing = await getClient(client, clientId);
  if (!existing) return { ok: false, message: SAVE_CLIENT_MESSAGES.not_found, reason: 'not_found' };
  const parsed = parseClientEdit(input, existing.origin);
  if (!parsed.ok) return { ok: false, fieldErrors: parsed.fieldErrors };
  const saved = await updateClient(client, existing.id, parsed.value);
  return saved.ok ? { ok: true, clientId: saved.client.id } : { ok: false, message: saved.message, reason: saved.reason };
}
