import { createHash, randomInt } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { IncomingMessage } from 'node:http';
import type { Outbox } from '../mail/outbox';
import { ApiError, headerValue } from './http';

/** The e-mails this server sends, named as GoTrue names the verification types. */
export type EmailKind = 'recovery' | 'invite' | 'signup' | 'magiclink';

export interface EmailTemplate {
  subject: string;
  /** Go-template-style placeholders: {{ .ConfirmationURL }}, {{ .TokenHash }}, {{ .SiteURL }}, {{ .Data.full_name }}… */
  html: string;
}

export interface MailSettings {
  outbox: Outbox;
  /** Which project this auth server belongs to ('a' or 'b'), recorded on each message. */
  project: string;
  /** GOTRUE_SITE_URL: the default redirect, and the origin redirect_to may always point at. */
  siteUrl: string;
  /** Hosted default 3600 s (GOTRUE_MAILER_OTP_EXP; GoTrue's own default is a day). */
  otpExpirySeconds?: number;
  /** Hosted default 60 s between two e-mails of one kind to one user (GOTRUE_SMTP_MAX_FREQUENCY). */
  maxFrequencySeconds?: number;
  /** The project's own templates, where it replaced GoTrue's defaults. */
  templates?: Partial<Record<EmailKind, EmailTemplate>>;
  /**
   * GOTRUE_RATE_LIMIT_EMAIL_SENT: how many e-mails the whole project may send per window (hosted:
   * 2 an hour with the built-in sender, set by the owner with custom SMTP). Unset: no limit, as a
   * project whose owner set it high. `events: 0` refuses every e-mail, as GoTrue does.
   */
  emailRateLimit?: { events: number; overSeconds: number };
}

export const SENDER = 'Supabase Auth <noreply@mail.app.supabase.io>';
const OTP_LENGTH = 6;

// Defaults in the spirit of GoTrue's: a heading, one sentence, one link to GoTrue's /verify.
const DEFAULT_TEMPLATES: Record<EmailKind, EmailTemplate> = {
  recovery: {
    subject: 'Reset your password',
    html: '<h2>Reset your password</h2>\n<p>Someone asked to reset the password of this account. To choose a new one, open this link:</p>\n<p><a href="{{ .ConfirmationURL }}">Reset password</a></p>\n<p>If it was not you, ignore this e-mail.</p>',
  },
  invite: {
    subject: "You've been invited",
    html: '<h2>You have been invited</h2>\n<p>An account was made for you. Open this link to accept the invitation:</p>\n<p><a href="{{ .ConfirmationURL }}">Accept the invitation</a></p>',
  },
  signup: {
    subject: 'Confirm your email address',
    html: '<h2>Confirm your e-mail address</h2>\n<p>Open this link to confirm the address and finish signing up:</p>\n<p><a href="{{ .ConfirmationURL }}">Confirm e-mail address</a></p>',
  },
  magiclink: {
    subject: 'Your sign-in link',
    html: '<h2>Your sign-in link</h2>\n<p>Open this link to sign in. It works once and expires soon:</p>\n<p><a href="{{ .ConfirmationURL }}">Sign in</a></p>',
  },
};

export interface ResolvedMailSettings extends Required<Omit<MailSettings, 'templates' | 'emailRateLimit'>> {
  templates: Record<EmailKind, EmailTemplate>;
  emailLimiter: EmailLimiter | null;
}

export interface EmailLimiter {
  /** Counts one e-mail, or throws GoTrue's 429 when the window is full. */
  take(now?: number): void;
}

/** The project-wide e-mail limit, over a sliding window; GoTrue's error when it is reached. */
export function createEmailLimiter({ events, overSeconds }: { events: number; overSeconds: number }): EmailLimiter {
  const sentAt: number[] = [];
  return {
    take(now = Date.now()) {
      while (sentAt.length > 0 && (sentAt[0] ?? 0) <= now - overSeconds * 1000) sentAt.shift();
      if (sentAt.length >= events) throw new ApiError(429, 'over_email_send_rate_limit', 'email rate limit exceeded');
      sentAt.push(now);
    },
  };
}

export function resolveMailSettings(settings: MailSettings): ResolvedMailSettings {
  return {
    outbox: settings.outbox,
    project: settings.project,
    siteUrl: settings.siteUrl,
    otpExpirySeconds: settings.otpExpirySeconds ?? 3600,
    maxFrequencySeconds: settings.maxFrequencySeconds ?? 60,
    templates: { ...DEFAULT_TEMPLATES, ...settings.templates },
    emailLimiter: settings.emailRateLimit ? createEmailLimiter(settings.emailRateLimit) : null,
  };
}

/**
 * A project's e-mail templates, as the Supabase CLI's config.toml names them
 * (`[auth.email.template.recovery] subject, content_path`): `email-templates.json`
 * maps a kind to its subject and an HTML file beside it. No file: GoTrue's defaults.
 */
export function loadEmailTemplates(dir: string): Partial<Record<EmailKind, EmailTemplate>> {
  const file = path.join(dir, 'email-templates.json');
  if (!existsSync(file)) return {};
  const config = JSON.parse(readFileSync(file, 'utf8')) as Partial<Record<EmailKind, { subject: string; content_path: string }>>;
  const templates: Partial<Record<EmailKind, EmailTemplate>> = {};
  for (const [kind, entry] of Object.entries(config) as [EmailKind, { subject: string; content_path: string }][]) {
    templates[kind] = { subject: entry.subject, html: readFileSync(path.join(dir, entry.content_path), 'utf8') };
  }
  return templates;
}

/** GoTrue's e-mail OTP: six random digits, zero-padded. */
export function generateOtp(): string {
  return String(randomInt(10 ** OTP_LENGTH)).padStart(OTP_LENGTH, '0');
}

/** GoTrue keeps and links only this hash of address and code: hex SHA-224 of email + otp. */
export function tokenHash(email: string, otp: string): string {
  return createHash('sha224')
    .update(email + otp)
    .digest('hex');
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

export type TemplateData = Record<string, string | Record<string, unknown>>;

/** Fills `{{ .Name }}` and `{{ .Data.key }}`, escaped as html/template escapes text and attribute values. */
export function renderTemplate(template: string, data: TemplateData): string {
  return template.replace(/\{\{\s*\.([A-Za-z]+)(?:\.([A-Za-z0-9_]+))?\s*\}\}/g, (_match, name: string, key?: string) => {
    const value = data[name];
    const picked: unknown = key !== undefined && value && typeof value === 'object' ? value[key] : value;
    if (typeof picked === 'string') return escapeHtml(picked);
    // Numbers and booleans print as Go prints them; anything else (an object, a missing key) prints nothing.
    return typeof picked === 'number' || typeof picked === 'boolean' ? String(picked) : '';
  });
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/**
 * GoTrue's IsRedirectURLValid with an empty URI allow list (a new project's): the Site URL's
 * scheme and host (any port on loopback), or a loopback IP. Anything else falls back to the Site URL.
 */
export function isRedirectUrlValid(siteUrl: string, candidate: string): boolean {
  if (candidate === '') return false;
  let base: URL;
  let target: URL;
  try {
    base = new URL(siteUrl);
    target = new URL(candidate);
  } catch {
    return false;
  }
  if (base.hostname === target.hostname && base.protocol === target.protocol && (base.port === target.port || LOOPBACK.has(target.hostname))) {
    return true;
  }
  // WHATWG URLs turn a decimal host (http://2130706433/) into an IP; GoTrue refuses those as written.
  if (/^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?\d+(?:[:/?#]|$)/i.test(candidate)) return false;
  return /^127\.\d+\.\d+\.\d+$/.test(target.hostname) || target.hostname === '[::1]';
}

/** GoTrue's GetReferrer: redirect_to (header, query or form) if allowed, else the Referer header if allowed, else the Site URL. */
export function referrerOf(req: IncomingMessage, siteUrl: string, requested: string | undefined): string {
  const fromHeader = headerValue(req, 'redirect_to') ?? '';
  for (const candidate of [fromHeader || requested || '', headerValue(req, 'referer') ?? '']) {
    if (isRedirectUrlValid(siteUrl, candidate)) return candidate;
  }
  return siteUrl;
}

// Go's url.QueryEscape.
export function goQueryEscape(value: string): string {
  return encodeURIComponent(value)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

/** The link to GoTrue's own /verify: `{{ .ConfirmationURL }}` and generate_link's action_link. */
export function confirmationUrl(externalUrl: string, token: string, type: string, redirectTo: string): string {
  // GoTrue escapes the redirect only when it looks unescaped (it holds &, = or #).
  const redirect = /[&=#]/.test(redirectTo) ? goQueryEscape(redirectTo) : redirectTo;
  return `${externalUrl}/verify?token=${goQueryEscape(token)}&type=${goQueryEscape(type)}&redirect_to=${redirect}`;
}

/** One e-mail of a kind per user per interval, counted from the last one sent (GoTrue's over_email_send_rate_limit). */
export function checkSendInterval(sentAt: Date | null, maxFrequencySeconds: number, now = Date.now()): void {
  if (!sentAt) return;
  const readyAt = sentAt.getTime() + maxFrequencySeconds * 1000;
  if (readyAt > now) {
    const seconds = Math.floor((readyAt - now) / 1000);
    throw new ApiError(429, 'over_email_send_rate_limit', `For security purposes, you can only request this after ${seconds} seconds.`);
  }
}

export function isExpired(sentAt: Date | null, otpExpirySeconds: number, now = Date.now()): boolean {
  return !sentAt || now > sentAt.getTime() + otpExpirySeconds * 1000;
}
