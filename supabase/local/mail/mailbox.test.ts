import { randomUUID } from 'node:crypto';
import { createClient } from '@supabase/supabase-js';
import { describe, expect, it } from 'vitest';
import { mailboxReader } from '@/lib/testing/mailbox';
import { serviceClients, stack } from '@/lib/testing/stack-clients';
import { linksOf, openOutbox, textOf } from './outbox';

/** The mailbox as tests and a developer's browser see it, over a real stack's outbox. */
const mailbox = () => mailboxReader(stack().mailboxUrl);

async function sendReset(): Promise<string> {
  const email = `box-${randomUUID().slice(0, 8)}@carebridge.test`;
  const { error } = await serviceClients().projectA.auth.admin.createUser({ email, password: `pw-${randomUUID()}`, email_confirm: true });
  if (error) throw error;
  const anon = createClient(stack().a.url, stack().a.publishableKey, { auth: { persistSession: false, autoRefreshToken: false } });
  const reset = await anon.auth.resetPasswordForEmail(email);
  if (reset.error) throw reset.error;
  return email;
}

describe('the mailbox JSON API', () => {
  it('lists the messages to an address, whatever its case, newest first and without bodies', async () => {
    const email = await sendReset();
    const messages = await mailbox().list(email.toUpperCase());
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ project: 'a', kind: 'recovery', recipient: email, subject: 'Reset your CareBridge password' });
    expect(messages[0]).not.toHaveProperty('html');
  });

  it('reads one message with its text and links, and its links alone', async () => {
    const email = await sendReset();
    const [summary] = await mailbox().list(email);
    const message = await mailbox().read(summary!.id);
    expect(message.sender).toBe('Supabase Auth <noreply@mail.app.supabase.io>');
    expect(message.text).toContain(`Someone asked to reset the password of the CareBridge account for ${email}.`);
    expect(message.links).toEqual([
      { text: 'Choose a new password', href: expect.stringMatching(/\/auth\/confirm\?token_hash=[0-9a-f]{56}&type=recovery$/) as string },
    ]);
    expect(await mailbox().links(summary!.id)).toEqual(message.links);
  });

  it('answers 404 for an unknown or malformed id, and 405 for anything but GET', async () => {
    expect((await fetch(`${stack().mailboxUrl}/api/messages/${randomUUID()}`)).status).toBe(404);
    expect((await fetch(`${stack().mailboxUrl}/api/messages/not-an-id`)).status).toBe(404);
    expect((await fetch(`${stack().mailboxUrl}/api/messages`, { method: 'DELETE' })).status).toBe(405);
  });
});

describe('the mailbox in a browser', () => {
  it('lists messages with links to each, and shows one with its links and a sandboxed body', async () => {
    const email = await sendReset();
    const list = await fetch(`${stack().mailboxUrl}/?to=${encodeURIComponent(email)}`);
    expect(list.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const [summary] = await mailbox().list(email);
    const listHtml = await list.text();
    expect(listHtml).toContain(`<a href="/messages/${summary!.id}">Reset your CareBridge password</a>`);

    const page = await (await fetch(`${stack().mailboxUrl}/messages/${summary!.id}`)).text();
    expect(page).toContain('<iframe title="Message body" sandbox srcdoc="');
    expect(page).toMatch(/<a href="http:\/\/localhost:3000\/auth\/confirm\?token_hash=[0-9a-f]{56}&amp;type=recovery">/);
  });
});

describe('the outbox', () => {
  it('keeps messages in the stack’s own database, so another connection (an auth server after a restart) reads them', async () => {
    const email = await sendReset();
    const url = new URL(stack().a.dbUrl);
    url.pathname = '/postgres';
    const outbox = await openOutbox(url.toString());
    try {
      const [stored] = await outbox.list({ to: email });
      expect(stored?.kind).toBe('recovery');
    } finally {
      await outbox.close();
    }
  });

  it('reads links and text the way a mail client shows them', () => {
    const html = '<p>Hi&nbsp;there &amp; welcome</p><p><a class="x" href="https://a.test/?x=1&amp;y=&#50;"><b>Open</b></a></p>';
    expect(linksOf(html)).toEqual([{ text: 'Open', href: 'https://a.test/?x=1&y=2' }]);
    expect(textOf(html)).toBe('Hi there & welcome\nOpen');
  });
});
