import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { linksOf, textOf, type MessageSummary, type Outbox, type StoredMessage } from './outbox';

/**
 * The local mailbox: what the Supabase CLI's Mailpit is to `supabase start`. A browser view
 * of every message both projects' auth servers sent, and a small JSON API tests read:
 *
 *   GET /api/messages?to=<address>&limit=<n>   newest first, without bodies
 *   GET /api/messages/<id>                      one message: html, text and links
 *   GET /api/messages/<id>/links                its links only
 */
export interface RunningMailbox {
  url: string;
  port: number;
  stop(): Promise<void>;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(payload);
}

function sendHtml(res: ServerResponse, status: number, title: string, body: string): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    // The message bodies are rendered in a sandboxed frame; nothing here runs script.
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-src 'self'",
  });
  res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>
body{font:15px/1.5 system-ui,sans-serif;margin:0 auto;max-width:60rem;padding:1rem;color:#1f2933}
table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.4rem;border-bottom:1px solid #d9e2ec;vertical-align:top}
a{color:#0b5cad}iframe{width:100%;min-height:18rem;border:1px solid #d9e2ec}code{word-break:break-all}
form{display:flex;gap:.5rem;flex-wrap:wrap;margin:1rem 0}input{font:inherit;padding:.3rem;min-width:16rem}
</style></head><body>${body}</body></html>`);
}

function messageJson(message: StoredMessage) {
  return { ...message, text: textOf(message.html), links: linksOf(message.html) };
}

function listPage(messages: MessageSummary[], to: string | null): string {
  const rows = messages
    .map(
      (m) =>
        `<tr><td>${escapeHtml(m.sentAt.replace('T', ' ').slice(0, 19))}</td><td>${m.project.toUpperCase()}</td>` +
        `<td>${escapeHtml(m.recipient)}</td><td><a href="/messages/${m.id}">${escapeHtml(m.subject)}</a></td></tr>`,
    )
    .join('');
  return `<h1>Local mailbox</h1>
<p>E-mail the local auth servers sent instead of delivering it. Newest first.</p>
<form method="get" action="/"><label for="to">Recipient</label><input id="to" name="to" type="email" value="${escapeHtml(to ?? '')}">
<button type="submit">Filter</button>${to ? ' <a href="/">Show all</a>' : ''}</form>
${messages.length === 0 ? '<p>No messages.</p>' : `<table><thead><tr><th>Sent (UTC)</th><th>Project</th><th>To</th><th>Subject</th></tr></thead><tbody>${rows}</tbody></table>`}`;
}

function messagePage(message: StoredMessage): string {
  const links = linksOf(message.html)
    .map((link) => `<li>${escapeHtml(link.text || 'link')}: <a href="${escapeHtml(link.href)}"><code>${escapeHtml(link.href)}</code></a></li>`)
    .join('');
  return `<p><a href="/?to=${encodeURIComponent(message.recipient)}">All messages to ${escapeHtml(message.recipient)}</a></p>
<h1>${escapeHtml(message.subject)}</h1>
<table><tbody><tr><th>From</th><td>${escapeHtml(message.sender)}</td></tr><tr><th>To</th><td>${escapeHtml(message.recipient)}</td></tr>
<tr><th>Sent</th><td>${escapeHtml(message.sentAt)}</td></tr><tr><th>Project</th><td>${message.project.toUpperCase()} (${escapeHtml(message.kind)})</td></tr></tbody></table>
<h2>Links</h2><ul>${links || '<li>None</li>'}</ul>
<h2>Message</h2><iframe title="Message body" sandbox srcdoc="${escapeHtml(message.html)}"></iframe>`;
}

async function route(outbox: Outbox, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://mailbox.invalid');
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendJson(res, 405, { error: 'Only GET is supported' });
    return;
  }
  const to = url.searchParams.get('to') || null;
  const limit = Number(url.searchParams.get('limit') ?? 50) || 50;

  if (url.pathname === '/api/messages') {
    sendJson(res, 200, { messages: await outbox.list({ to: to ?? undefined, limit }) });
    return;
  }
  const api = /^\/api\/messages\/([^/]+)(\/links)?$/.exec(url.pathname);
  if (api) {
    const message = await outbox.read(decodeURIComponent(api[1]!));
    if (!message) sendJson(res, 404, { error: 'No such message' });
    else sendJson(res, 200, api[2] ? { links: linksOf(message.html) } : messageJson(message));
    return;
  }
  if (url.pathname === '/') {
    sendHtml(res, 200, 'Local mailbox', listPage(await outbox.list({ to: to ?? undefined, limit }), to));
    return;
  }
  const page = /^\/messages\/([^/]+)$/.exec(url.pathname);
  const message = page ? await outbox.read(decodeURIComponent(page[1]!)) : null;
  if (message) sendHtml(res, 200, message.subject, messagePage(message));
  else sendHtml(res, 404, 'Not found', '<h1>Not found</h1><p><a href="/">Back to the mailbox</a></p>');
}

/** Listens on 127.0.0.1 only: the messages hold working sign-in links. Port 0 picks a free one. */
export function startMailbox(options: { outbox: Outbox; port: number }): Promise<RunningMailbox> {
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    route(options.outbox, req, res).catch((error: unknown) => {
      console.error(JSON.stringify({ event: 'mailbox.request_failed', detail: error instanceof Error ? error.message : String(error) }));
      if (!res.headersSent) sendJson(res, 500, { error: 'Mailbox failed to answer' });
      else res.end();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        port,
        stop: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
