import type { Therapist } from '@/lib/auth/therapist';
import { formatDateTime } from '@/lib/format/date-time';
import { findInvitation } from '@/lib/partner-invite/invitations';
import { createServerSupabase } from '@/lib/supabase/server';
import { PartnerInviteForm, SendInvitationEmailForm } from './partner-invite-form';

interface InviteeClient {
  id: string;
  full_name: string;
  email: string | null;
  origin: 'native' | 'project_b';
  linked_client_id: string | null;
}

/** Details-list rows for a client who was invited: when and by whom. Nothing for anyone else. */
export async function InvitedRows({ clientId, therapist }: { clientId: string; therapist: Therapist }) {
  const invitation = await findInvitation(await createServerSupabase(), clientId);
  if (!invitation) return null;
  const who = invitation.actorId === therapist.id ? 'you' : (invitation.actorLabel ?? 'a therapist');
  return (
    <>
      <dt>Invited to the partner app</dt>
      <dd data-test="client-invited">
        {formatDateTime(invitation.invitedAt, therapist.timeZone)} by {who}
      </dd>
    </>
  );
}

/**
 * The invitation panel of a practice client, shown only while PROJECT_B_WRITES
 * is on (the action refuses without it, whatever a stale page sends).
 */
export async function PartnerInvitePanel({ client, enabled }: { client: InviteeClient; enabled: boolean }) {
  if (!enabled || client.linked_client_id) return null;
  if (client.origin === 'project_b') return <InvitationEmailPanel client={client} />;
  return (
    <section className="card stack" aria-labelledby="partner-invite-heading" data-test="partner-invite">
      <h2 id="partner-invite-heading">Partner app</h2>
      {client.email ? (
        <PartnerInviteForm clientId={client.id} clientName={client.full_name} email={client.email} />
      ) : (
        <p className="muted" data-test="invite-needs-email">
          Add an e-mail address to invite {client.full_name} to the partner app.
        </p>
      )}
    </section>
  );
}

/** An invited client whose invitation e-mail the partner app has not sent: a way to send it. */
async function InvitationEmailPanel({ client }: { client: InviteeClient }) {
  const invitation = await findInvitation(await createServerSupabase(), client.id);
  if (!invitation?.emailPending) return null;
  return (
    <section className="card stack" aria-labelledby="partner-invite-heading" data-test="partner-invite">
      <h2 id="partner-invite-heading">Partner app</h2>
      <SendInvitationEmailForm clientId={client.id} clientName={client.full_name} />
    </section>
  );
}
