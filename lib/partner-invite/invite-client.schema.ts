import { z } from 'zod';
import { uuidSchema } from '@/lib/ids';

/** The client page's "Invite to the partner app" form: which client, nothing else (the e-mail and name are the record's). */
export const inviteClientSchema = z.object({
  clientId: uuidSchema,
});

export type InviteClientField = keyof z.input<typeof inviteClientSchema>;
export const INVITE_CLIENT_FIELDS = ['clientId'] as const satisfies readonly InviteClientField[];

/** What GoTrue accepts as an address to send its e-mail to; the practice record's looser check lets "ana@clinic" through. */
export const inviteEmailSchema = z.email();
