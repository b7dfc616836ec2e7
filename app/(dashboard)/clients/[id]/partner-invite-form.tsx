'use client';

import { useActionState, useEffect, useRef, useState } from 'react';
import { FormMessage } from '@/app/_components/form-feedback';
import { idleFormState, type FormState } from '@/lib/forms/form-state';
import type { InviteClientField } from '@/lib/partner-invite/invite-client.schema';
import { inviteClientAction } from '../actions';

/**
 * "Invite to the partner app", in two steps: the button opens a confirmation
 * that says what will happen, and only its own button sends the form. Focus
 * moves into the confirmation and back to the button when it closes (Escape
 * or Cancel), so it works from the keyboard alone.
 */
export function PartnerInviteForm({ clientId, clientName, email }: { clientId: string; clientName: string; email: string }) {
  const [state, action, pending] = useActionState<FormState<InviteClientField>, FormData>(inviteClientAction, idleFormState);
  const [confirming, setConfirming] = useState(false);
  const openButton = useRef<HTMLButtonElement>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef(false);

  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
    else if (wasConfirming.current) openButton.current?.focus();
    wasConfirming.current = confirming;
  }, [confirming]);

  if (!confirming) {
    return (
      <div className="stack">
        <FormMessage state={state} />
        <div>
          <button ref={openButton} type="button" className="button" onClick={() => setConfirming(true)} data-test="invite-open">
            Invite to the partner app…
          </button>
        </div>
      </div>
    );
  }

  return (
    <form
      action={action}
      className="stack"
      role="group"
      aria-labelledby="invite-confirm-text"
      data-test="invite-confirm"
      onKeyDown={(event) => {
        if (event.key === 'Escape' && !pending) setConfirming(false);
      }}
    >
      <input type="hidden" name="clientId" value={clientId} />
      <p id="invite-confirm-text">
        Create a partner-app account for <strong>{clientName}</strong> with <strong>{email}</strong>, under this client’s id? The partner app will
        e-mail them a link to set a password. From then on, name and e-mail are managed in the partner app and kept up to date by the sync.
      </p>
      <FormMessage state={state} />
      <div className="row">
        <button ref={confirmButton} type="submit" className="button primary" disabled={pending} data-test="invite-submit">
          {pending ? 'Inviting…' : 'Send invitation'}
        </button>
        <button type="button" className="button ghost" disabled={pending} onClick={() => setConfirming(false)} data-test="invite-cancel">
          Cancel
        </button>
      </div>
    </form>
  );
}

/** Sends the invitation e-mail the partner app did not send: the same action, which sends only what is still owed. */
export function SendInvitationEmailForm({ clientId, clientName }: { clientId: string; clientName: string }) {
  const [state, action, pending] = useActionState<FormState<InviteClientField>, FormData>(inviteClientAction, idleFormState);
  return (
    <form action={action} className="stack" data-test="invite-email">
      <input type="hidden" name="clientId" value={clientId} />
      <p>{clientName} has a partner-app account, but the partner app has not sent them the invitation e-mail yet.</p>
      <FormMessage state={state} />
      <div>
        <button type="submit" className="button primary" disabled={pending} data-test="invite-email-submit">
          {pending ? 'Sending…' : 'Send the invitation e-mail'}
        </button>
      </div>
    </form>
  );
}
