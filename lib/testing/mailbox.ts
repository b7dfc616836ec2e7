/**
 * Reads the local mailbox's JSON API (supabase/local/mail/mailbox-server.ts) the way e2e
 * suites read Mailpit: wait for the message a flow sent to an address, then follow its link.
 * Plain HTTP, so integration tests and Playwright specs use it alike.
 */
export interface MailboxSummary {
  id: string;
  project: string;
  kind: string;
  sender: string;
  recipient: string;
  subject: string;
  sentAt: string;
}

export interface MailboxLink {
  text: string;
  href: string;
}

export interface MailboxMessage extends MailboxSummary {
  html: string;
  text: string;
  links: MailboxLink[];
}

export interface WaitOptions {
  /** Only messages of this kind (recovery, invite, signup, magiclink). */
  kind?: string;
  /** Only messages sent after this one, e.g. the one a previous step already read. */
  after?: MailboxSummary;
  timeoutMs?: number;
}

export interface MailboxReader {
  list(to: string): Promise<MailboxSummary[]>;
  read(id: string): Promise<MailboxMessage>;
  links(id: string): Promise<MailboxLink[]>;
  /** The newest message to `to` matching the options, polling until it arrives. */
  waitForMessage(to: string, options?: WaitOptions): Promise<MailboxMessage>;
}

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`mailbox ${url} answered ${response.status}`);
  return (await response.json()) as T;
}

export function mailboxReader(mailboxUrl: string): MailboxReader {
  const reader: MailboxReader = {
    async list(to) {
      const { messages } = await getJson<{ messages: MailboxSummary[] }>(`${mailboxUrl}/api/messages?to=${encodeURIComponent(to)}`);
      return messages;
    },
    read: (id) => getJson<MailboxMessage>(`${mailboxUrl}/api/messages/${encodeURIComponent(id)}`),
    async links(id) {
      return (await getJson<{ links: MailboxLink[] }>(`${mailboxUrl}/api/messages/${encodeURIComponent(id)}/links`)).links;
    },
    async waitForMessage(to, { kind, after, timeoutMs = 10_000 } = {}) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const match = (await reader.list(to)).find(
          (message) => (!kind || message.kind === kind) && (!after || (message.id !== after.id && message.sentAt >= after.sentAt)),
        );
        if (match) return reader.read(match.id);
        if (Date.now() > deadline) throw new Error(`no ${kind ?? ''} message to ${to} arrived within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
  };
  return reader;
}

/** The one link of a message whose text or address matches, or a clear failure naming what the message held. */
export function linkIn(message: MailboxMessage, pattern: RegExp): string {
  const link = message.links.find((candidate) => pattern.test(candidate.href) || pattern.test(candidate.text));
  if (!link) throw new Error(`message "${message.subject}" has no link matching ${pattern}: ${JSON.stringify(message.links)}`);
  return link.href;
}

export interface OpenedLink {
  /** Where the link sent the browser (its 303). */
  location: URL;
  /** The redirect's fragment: the session (`access_token`, `type`, …) or the error (`error_code`, …). */
  fragment: URLSearchParams;
}

/** Opens an auth server's /verify link as a mail client would (no API key) and reads where it redirects. */
export async function openEmailLink(href: string): Promise<OpenedLink> {
  const response = await fetch(href, { redirect: 'manual' });
  const location = response.headers.get('location');
  if (response.status !== 303 || !location) throw new Error(`link ${href} answered ${response.status} without a redirect`);
  const url = new URL(location);
  return { location: url, fragment: new URLSearchParams(url.hash.slice(1)) };
}
