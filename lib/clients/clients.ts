import type { Database } from '@/lib/database/project-a.types';
import { isUuid } from '@/lib/ids';
import { logEvent, type EventLogger } from '@/lib/observability/log';
import type { ProjectAClient } from '@/lib/supabase/clients';
import { CHECK_VIOLATION, hasCode, INSUFFICIENT_PRIVILEGE } from '@/lib/database/postgres-errors';
import type { ClientOrigin, ClientStatus } from './client-options';
import type { ClientEdit, NewClientInput } from './client.schema';
import { nameOrEmailFilter, normaliseSearch } from './search-filter';

export type ClientRow = Database['public']['Tables']['clients']['Row'];

export interface ClientListItem {
  id: string;
  fullName: string;
  email: string | null;
  phone: string | null;
  status: ClientStatus;
  origin: ClientOrigin;
  syncedAt: string | null;
  /** The caller's own sessions with this client (RLS counts no one else's). */
  sessionCount: number;
}

export interface ClientList {
  clients: ClientListItem[];
  /** More clients match than were returned: the page asks for a narrower search. */
  truncated: boolean;
}

export const CLIENT_LIST_LIMIT = 200;

/*
 * Client lists start from the caller's care-team rows. Starting from `clients`
 * would make RLS test every client in A, and after a bulk sync A holds every
 * Project B person; from `care_team` the cost follows the therapist's own list.
 * `client.linked_client_id is null` leaves out a native record confirmed as the
 * same person as a synced client: the pair shows once, as the synced client.
 */
const LIST_COLUMNS = 'client:clients!inner(id, full_name, email, phone, status, origin, synced_at, sessions!sessions_client_id_fkey(count))' as const;
export const CHOICE_COLUMNS = 'client:clients!inner(id, full_name, email)' as const;

/** The clients on the caller's care team. `q` matches name or e-mail, case-insensitively. */
export async function listClients(client: ProjectAClient, options: { q?: string | null; limit?: number } = {}): Promise<ClientList> {
  const limit = Math.min(Math.max(Math.trunc(options.limit ?? CLIENT_LIST_LIMIT), 1), CLIENT_LIST_LIMIT);
  const q = normaliseSearch(options.q);
  let query = client.from('care_team').select(LIST_COLUMNS).is('client.linked_client_id', null);
  if (q) query = query.or(nameOrEmailFilter(q), { referencedTable: 'client' });
  const { data, error } = await query
    .order('client(full_name)')
    .order('client(id)')
    .limit(limit + 1);
  if (error) throw new Error(`listClients: ${error.message}`);
  return {
    clients: data.slice(0, limit).map(({ client: row }) => ({
      id: row.id,
      fullName: row.full_name,
      email: row.email,
      phone: row.phone,
      status: row.status,
      origin: row.origin,
      syncedAt: row.synced_at,
      sessionCount: row.sessions[0]?.count ?? 0,
    })),
    truncated: data.length > limit,
  };
}

/** id and name of every client on the caller's care team, for pickers and filters. */
export async function listClientChoices(client: ProjectAClient): Promise<{ id: string; fullName: string }[]> {
  const { data, error } = await client
    .from('care_team')
    .select(CHOICE_COLUMNS)
    .is('client.linked_client_id', null)
    .order('client(full_name)')
    .order('client(id)')
    .limit(1000);
  if (error) throw new Error(`listClientChoices: ${error.message}`);
  return data.map(({ client: row }) => ({ id: row.id, fullName: row.full_name }));
}

/** A client on the caller's care team, or null when there is none by that id or it is not theirs to see. */
export async function getClient(client: ProjectAClient, clientId: string): Promise<ClientRow | null> {
  if (!isUuid(clientId)) return null;
  const { data, error } = await client.from('clients').select('*').eq('id', clientId).maybeSingle();
  if (error) throw new Error(`getClient: ${error.message}`);
  return data;
}

export type SaveClientFailure = 'not_found' | 'source_owned' | 'invalid' | 'failed';

/** `message` is for the therapist's screen; the database's own wording goes only to the log. */
export type SaveClientResult = { ok: true; outcome: 'saved'; client: { id: string } } | { ok: false; outcome: SaveClientFailure; message: string };

export interface SaveClientOptions {
  log?: EventLogger;
}

export const SAVE_CLIENT_MESSAGES = {
  not_found: 'This client does not exist or is not on your care team.',
  source_owned: 'Name and e-mail of a client synced from Project B are managed in Project B.',
  invalid: 'Some details were refused by the database. Check the fields and try again.',
  failed: 'The client could not be saved. Please try again.',
} as const;

function failure(outcome: SaveClientFailure): SaveClientResult {
  return { ok: false, outcome, message: SAVE_CLIENT_MESSAGES[outcome] };
}

/** The database refused the save: the refusal is logged with its code and wording, the therapist gets the message. */
function refused(
  error: { code?: string; message: string; details?: string | null },
  context: { operation: 'create' | 'update'; clientId?: string; log: EventLogger },
): SaveClientResult {
  const outcome: SaveClientFailure = hasCode(error, INSUFFICIENT_PRIVILEGE) ? 'source_owned' : hasCode(error, CHECK_VIOLATION) ? 'invalid' : 'failed';
  context.log('clients.save_refused', {
    level: outcome === 'failed' ? 'error' : 'warn',
    operation: context.operation,
    clientId: context.clientId,
    outcome,
    code: error.code,
    detail: error.details ? `${error.message} (${error.details})` : error.message,
  });
  return failure(outcome);
}

/**
 * A native client, created and linked to the caller's care team in one
 * transaction by create_native_client (a plain INSERT could not even return
 * the row: RLS hides a client until the care-team link exists).
 */
export async function createNativeClient(
  client: ProjectAClient,
  input: NewClientInput,
  { log = logEvent }: SaveClientOptions = {},
): Promise<SaveClientResult> {
  const { data, error } = await client.rpc('create_native_client', {
    full_name: input.fullName,
    email: input.email ?? undefined,
    phone: input.phone ?? undefined,
    date_of_birth: input.dateOfBirth ?? undefined,
    notes: input.notes ?? undefined,
  });
  if (error) return refused(error, { operation: 'create', log });
  return { ok: true, outcome: 'saved', client: { id: data.id } };
}

/**
 * Saves an edit under RLS. For a client synced from Project B the edit carries
 * no name or e-mail (see editSyncedClientSchema), and a DB trigger refuses them anyway.
 */
export async function updateClient(
  client: ProjectAClient,
  clientId: string,
  edit: ClientEdit,
  { log = logEvent }: SaveClientOptions = {},
): Promise<SaveClientResult> {
  if (!isUuid(clientId)) return failure('not_found');
  const changes: Database['public']['Tables']['clients']['Update'] = {
    phone: edit.phone,
    date_of_birth: edit.dateOfBirth,
    notes: edit.notes,
    status: edit.status,
  };
  if ('fullName' in edit) {
    changes.full_name = edit.fullName;
    changes.email = edit.email;
  }
  const { data, error } = await client.from('clients').update(changes).eq('id', clientId).select('id').maybeSingle();
  if (error) return refused(error, { operation: 'update', clientId, log });
  if (!data) return failure('not_found');
  return { ok: true, outcome: 'saved', client: { id: data.id } };
}
