import pg from 'pg';

/**
 * Where the local auth servers "send" e-mail: a table in the cluster's own `postgres`
 * database, outside both projects, so PostgREST never exposes it, the projects' schemas and
 * grants stay as hosted ones are, and the messages survive an auth server or stack restart
 * (they go with the data folder, like the rest of the stack's state).
 */
const SCHEMA_SQL = `
  create schema if not exists local_mail;
  create table if not exists local_mail.messages (
    id uuid primary key default gen_random_uuid(),
    project text not null,
    kind text not null,
    sender text not null,
    recipient text not null,
    subject text not null,
    html text not null,
    sent_at timestamptz not null default clock_timestamp()
  );
  create index if not exists messages_recipient_sent_at on local_mail.messages (lower(recipient), sent_at desc);
`;

export interface OutgoingMessage {
  /** Which project's auth server sent it: 'a' or 'b'. */
  project: string;
  /** GoTrue's e-mail action type: recovery, invite, signup, magiclink. */
  kind: string;
  sender: string;
  recipient: string;
  subject: string;
  html: string;
}

export interface StoredMessage extends OutgoingMessage {
  id: string;
  sentAt: string;
}

export type MessageSummary = Omit<StoredMessage, 'html'>;

export interface MessageLink {
  text: string;
  href: string;
}

export interface Outbox {
  send(message: OutgoingMessage): Promise<StoredMessage>;
  /** Newest first; `to` matches the address case-insensitively, as mail servers do. */
  list(filter?: { to?: string; limit?: number }): Promise<MessageSummary[]>;
  read(id: string): Promise<StoredMessage | null>;
  close(): Promise<void>;
}

interface MessageRow {
  id: string;
  project: string;
  kind: string;
  sender: string;
  recipient: string;
  subject: string;
  html: string;
  sent_at: Date;
}

function fromRow(row: MessageRow): StoredMessage {
  return {
    id: row.id,
    project: row.project,
    kind: row.kind,
    sender: row.sender,
    recipient: row.recipient,
    subject: row.subject,
    html: row.html,
    sentAt: row.sent_at.toISOString(),
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Opens the outbox on the cluster's maintenance database, creating its table on first use. */
export async function openOutbox(databaseUrl: string): Promise<Outbox> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  pool.on('error', (error) => console.error(JSON.stringify({ event: 'mailbox.connection_lost', detail: error.message })));
  await pool.query(SCHEMA_SQL);

  return {
    async send(message) {
      const { rows } = await pool.query<MessageRow>(
        `insert into local_mail.messages (project, kind, sender, recipient, subject, html)
         values ($1, $2, $3, $4, $5, $6) returning *`,
        [message.project, message.kind, message.sender, message.recipient, message.subject, message.html],
      );
      return fromRow(rows[0]!);
    },
    async list({ to, limit = 50 } = {}) {
      const { rows } = await pool.query<MessageRow>(
        `select * from local_mail.messages where ($1::text is null or lower(recipient) = lower($1))
         order by sent_at desc limit $2`,
        [to ?? null, Math.min(Math.max(limit, 1), 500)],
      );
      return rows.map((row) => {
        const { html: _html, ...summary } = fromRow(row);
        return summary;
      });
    },
    async read(id) {
      if (!UUID.test(id)) return null;
      const { rows } = await pool.query<MessageRow>('select * from local_mail.messages where id = $1', [id]);
      return rows[0] ? fromRow(rows[0]) : null;
    },
    close: () => pool.end(),
  };
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (match, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
    return ENTITIES[name.toLowerCase()] ?? match;
  });
}

/** The links of a message's HTML body, as a reader clicks them: href decoded, text without tags. */
export function linksOf(html: string): MessageLink[] {
  return [...html.matchAll(/<a\s[^>]*?href\s*=\s*(["'])(.*?)\1[^>]*>([\s\S]*?)<\/a>/gi)].map((match) => ({
    href: decodeEntities(match[2] ?? ''),
    text: decodeEntities((match[3] ?? '').replace(/<[^>]*>/g, '').trim()),
  }));
}

/** The body as plain text, for a quick look and for tests that read a code out of it. */
export function textOf(html: string): string {
  return decodeEntities(
    html
      .replace(/<(br|\/p|\/h\d|\/li|\/div)[^>]*>/gi, '\n')
      .replace(/<[^>]*>/g, '')
      .replace(/[ \t]+/g, ' ')
      .replace(/\n\s*\n+/g, '\n')
      .trim(),
  );
}
