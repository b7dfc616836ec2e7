/**
 * Project B accounts by e-mail. supabase-js's `auth.admin.listUsers` only
 * pages through everyone; GoTrue's admin list also takes `filter` (a substring
 * of the e-mail or the full name, as Supabase Studio's user search sends it),
 * so this asks B's auth for that one list directly, with the same headers
 * supabase-js sends, and keeps the exact, live matches.
 */
export interface SourceAuthSettings {
  /** B's project URL, e.g. https://<ref>.supabase.co */
  url: string;
  serviceRoleKey: string;
  timeoutMs?: number;
}

export type AccountsByEmail = { ok: true; ids: string[] } | { ok: false; detail: string };

interface ListedAccount {
  id: string;
  email?: string | null;
  deleted_at?: string | null;
}

// GoTrue's filter matches substrings, so a page holds the address itself and every longer one that contains it.
const FILTER_PAGE = 100;

export async function findSourceAccountsByEmail(settings: SourceAuthSettings, email: string): Promise<AccountsByEmail> {
  const wanted = email.trim().toLowerCase();
  const url = new URL(`${settings.url.replace(/\/+$/, '')}/auth/v1/admin/users`);
  url.searchParams.set('page', '1');
  url.searchParams.set('per_page', String(FILTER_PAGE));
  // GoTrue stores addresses lower-cased and compares the filter case-sensitively.
  url.searchParams.set('filter', wanted);
  try {
    const response = await fetch(url, {
      headers: { apikey: settings.serviceRoleKey, authorization: `Bearer ${settings.serviceRoleKey}` },
      signal: AbortSignal.timeout(settings.timeoutMs ?? 4000),
    });
    if (!response.ok) return { ok: false, detail: `auth admin list: HTTP ${response.status}` };
    const body = (await response.json()) as { users?: ListedAccount[] };
    const ids = (body.users ?? []).filter((user) => !user.deleted_at && user.email?.toLowerCase() === wanted).map((user) => user.id);
    return { ok: true, ids };
  } catch (error) {
    return { ok: false, detail: `auth admin list: ${error instanceof Error ? error.message : String(error)}` };
  }
}
