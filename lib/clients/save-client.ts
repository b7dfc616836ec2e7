import { finished, type FormSpec } from '@/lib/forms/form-action';
import type { SignedInTherapist } from '@/lib/forms/server-action';
import { CLIENT_FIELDS, clientEditSchemaFor, newClientSchema, type ClientField } from './client.schema';
import { createNativeClient, getClient, SAVE_CLIENT_MESSAGES, updateClient } from './clients';

/*
 * The client forms' whole rule set, from raw form input to a saved row, so the
 * server actions stay thin and tests run exactly what the forms run. Nothing
 * is written unless every field is valid. Each form finishes with the client's id.
 */

const INVALID_MESSAGE = 'Some fields need attention.';

export const newClientForm: FormSpec<ClientField, typeof newClientSchema, SignedInTherapist, string> = {
  action: 'client.create',
  fields: CLIENT_FIELDS,
  invalidMessage: INVALID_MESSAGE,
  schema: newClientSchema,
  async handle(input, { actor, log }) {
    const saved = await createNativeClient(actor.supabase, input, { log });
    if (!saved.ok) {
      log('clients.create_failed', { level: 'error', outcome: saved.outcome });
      return { status: 'error', message: saved.message };
    }
    log('clients.created', { level: 'info', clientId: saved.client.id });
    return finished(saved.client.id);
  },
};

/** The client's origin decides which fields are editable, so it is read first (under RLS). */
export function clientEditForm(clientId: string): FormSpec<ClientField, ReturnType<typeof clientEditSchemaFor>, SignedInTherapist, string> {
  return {
    action: 'client.update',
    fields: CLIENT_FIELDS,
    invalidMessage: INVALID_MESSAGE,
    async schema({ actor, log }) {
      const existing = await getClient(actor.supabase, clientId);
      if (existing) return clientEditSchemaFor(existing.origin);
      log('clients.update_failed', { level: 'warn', clientId, outcome: 'not_found' });
      return { status: 'error', message: SAVE_CLIENT_MESSAGES.not_found };
    },
    async handle(edit, { actor, log }) {
      const saved = await updateClient(actor.supabase, clientId, edit, { log });
      if (!saved.ok) {
        log('clients.update_failed', { level: saved.outcome === 'failed' ? 'error' : 'warn', clientId, outcome: saved.outcome });
        return { status: 'error', message: saved.message };
      }
      return finished(saved.client.id);
    },
  };
}
