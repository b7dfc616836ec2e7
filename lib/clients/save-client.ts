import type { ProjectAClient } from '@/lib/supabase/admin';
import { parseClientEdit, parseNewClient, type ClientField } from './client.schema';
import { createNativeClient, getClient, SAVE_CLIENT_MESSAGES, updateClient, type SaveClientFailure, type SaveClientOptions } from './clients';

/**
 * The client forms' whole rule set, from raw form input to a saved row, so the
 * server actions stay thin and tests run exactly what the forms run. Nothing
 * is written unless every field is valid.
 */
export type SubmitClientResult =
  | { ok: true; outcome: 'saved'; clientId: string }
  /** A field the form checks was wrong: nothing was sent to the database. */
  | { ok: false; outcome: 'invalid'; fieldErrors: Partial<Record<ClientField, string[]>>; message?: undefined }
  /** The database refused or failed; it is logged where it happened (clients.save_refused). */
  | { ok: false; outcome: SaveClientFailure; message: string; fieldErrors?: undefined };

export async function submitNewClient(
  client: ProjectAClient,
  input: Record<string, unknown>,
  options: SaveClientOptions = {},
): Promise<SubmitClientResult> {
  const parsed = parseNewClient(input);
  if (!parsed.ok) return { ok: false, outcome: 'invalid', fieldErrors: parsed.fieldErrors };
  const saved = await createNativeClient(client, parsed.value, options);
  return saved.ok ? { ok: true, outcome: 'saved', clientId: saved.client.id } : saved;
}

/** The client's origin decides which fields are editable, so it is read first (under RLS). */
export async function submitClientEdit(
  client: ProjectAClient,
  clientId: string,
  input: Record<string, unknown>,
  options: SaveClientOptions = {},
): Promise<SubmitClientResult> {
  const existing = await getClient(client, clientId);
  if (!existing) return { ok: false, outcome: 'not_found', message: SAVE_CLIENT_MESSAGES.not_found };
  const parsed = parseClientEdit(input, existing.origin);
  if (!parsed.ok) return { ok: false, outcome: 'invalid', fieldErrors: parsed.fieldErrors };
  const saved = await updateClient(client, existing.id, parsed.value, options);
  return saved.ok ? { ok: true, outcome: 'saved', clientId: saved.client.id } : saved;
}
