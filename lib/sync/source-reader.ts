import type { ProjectBClient } from '@/lib/supabase/admin';
import { isPermissionDenied, SourceGrantMissingError } from './source-access';
import { isLiveAccount, PROFILE_COLUMNS, sourcePersonFrom, type SourceAccount, type SourcePerson, type SourceProfile } from './source-person';

/**
 * Reading all of Project B, for the bulk sync and the reconciliation.
 *
 * E-mails live in B's auth users, reachable only through GoTrue's admin list
 * (offset pages, newest first); profiles are read by id range through
 * PostgREST. So the accounts are listed once into a compact index sorted by
 * id, and then cut into batches of consecutive ids: each batch reads the
 * profiles of exactly its id range (a short URL, one keyset scan) and covers a
 * known slice of the id space, which is what lets A spot orphans per batch.
 */

export class SourceUnavailableError extends Error {
  override name = 'SourceUnavailableError';
}

/** One live B account, reduced to what a sync needs (about 150 bytes a person). */
export type IndexedAccount = readonly [id: string, email: string | null, fallbackStamp: string | null];

export interface SourceIndex {
  /** Sorted by id, in Postgres' uuid order (lower-case hex sorts the same as bytes). */
  accounts: IndexedAccount[];
  /** x-total-count as B reported it when the listing began. */
  reportedTotal: number;
}

export interface ListAccountsOptions {
  /** GoTrue accepts large pages; each one costs B a sort, so fewer is faster. */
  perPage?: number;
  concurrency?: number;
  retries?: number;
  onPage?: (listed: number, total: number) => void;
}

/**
 * 5,000 accounts a page, one page at a time: measured at 100,000 people on 2
 * cores, bigger or parallel pages list faster (10,000 a page: -25%; two pages
 * in flight: -20%) but the parsed pages push the sync process' peak RSS from
 * ~230 MB to 270-290 MB; smaller pages cost GoTrue a sort and a count each.
 */
export const DEFAULT_ACCOUNT_PAGE = 5000;
export const DEFAULT_ACCOUNT_CONCURRENCY = 1;

async function withRetries<T>(attempts: number, what: string, task: () => Promise<T>): Promise<T> {
  let lastError: unknown;
  for (let attempt = 0; attempt <= attempts; attempt += 1) {
    try {
      return await task();
    } catch (error) {
      // Only B's owner can fix a missing grant: asking again just delays the message.
      if (error instanceof SourceGrantMissingError) throw error;
      lastError = error;
      if (attempt < attempts) await new Promise((resolve) => setTimeout(resolve, 200 * 2 ** attempt));
    }
  }
  const reason = lastError instanceof Error ? lastError.message : String(lastError);
  throw new SourceUnavailableError(`${what}: ${reason}`);
}

interface AccountPage {
  users: SourceAccount[];
  total: number;
}

async function listAccountPage(projectB: ProjectBClient, page: number, perPage: number): Promise<AccountPage> {
  const { data, error } = await projectB.auth.admin.listUsers({ page, perPage });
  if (error) throw error;
  // supabase-js reads `nextPage` from the link header one digit at a time
  // (page 10 comes back as 1), so paging here relies on `total` and page sizes only.
  const total = 'total' in data && typeof data.total === 'number' ? data.total : 0;
  return { users: data.users, total };
}

/**
 * Every page of B's accounts, handed to `onPage` as it arrives (`concurrency`
 * pages in flight; `onPage` may wait, which holds the listing back). Offset
 * pages can repeat someone when people sign up meanwhile: callers dedupe by id.
 */
export async function forEachAccountPage(
  projectB: ProjectBClient,
  options: ListAccountsOptions,
  onPage: (users: SourceAccount[], reportedTotal: number) => Promise<void> | void,
): Promise<number> {
  const perPage = options.perPage ?? DEFAULT_ACCOUNT_PAGE;
  const concurrency = Math.max(1, options.concurrency ?? DEFAULT_ACCOUNT_CONCURRENCY);
  const retries = options.retries ?? 2;

  const first = await withRetries(retries, 'listing Project B accounts', () => listAccountPage(projectB, 1, perPage));
  // A server that caps page sizes answers with fewer: page with what it gives.
  const pageSize = first.users.length > 0 && first.users.length < perPage && first.total > first.users.length ? first.users.length : perPage;
  let listed = first.users.length;
  options.onPage?.(listed, first.total);
  await onPage(first.users, first.total);

  if (first.users.length === pageSize) {
    let lastPage = Math.max(1, Math.ceil(first.total / pageSize));
    let nextPage = 2;
    let sawShortPage = false;
    const worker = async () => {
      while (nextPage <= lastPage) {
        const page = nextPage++;
        const result = await withRetries(retries, `listing Project B accounts (page ${page})`, () =>
          listAccountPage(projectB, page, pageSize),
        );
        listed += result.users.length;
        options.onPage?.(listed, Math.max(first.total, listed));
        if (result.users.length < pageSize) sawShortPage = true;
        // People who signed up during the listing push the end further out.
        else if (page === lastPage && !sawShortPage) lastPage += 1;
        await onPage(result.users, first.total);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  }
  return first.total;
}

/** Every live account in B, with its e-mail, sorted by id. Memory: one small tuple per person. */
export async function listSourceAccounts(projectB: ProjectBClient, options: ListAccountsOptions = {}): Promise<SourceIndex> {
  const listed: IndexedAccount[] = [];
  const reportedTotal = await forEachAccountPage(projectB, options, (users) => {
    for (const user of users) {
      if (isLiveAccount(user)) listed.push([user.id, user.email || null, user.updated_at ?? user.created_at ?? null]);
    }
  });
  listed.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  // Offset pages repeat someone who moved between pages while people signed up: keep one of each.
  const accounts = listed.filter((account, i) => i === 0 || listed[i - 1]?.[0] !== account[0]);
  return { accounts, reportedTotal };
}

/** A slice of the id space: (after, through], null meaning open-ended. */
export interface SourceBatch {
  index: number;
  accounts: IndexedAccount[];
  after: string | null;
  through: string | null;
}

/** Consecutive slices that together cover every possible id, even when B has nobody. */
export function batchesOf(index: SourceIndex, batchSize: number): SourceBatch[] {
  const size = Math.max(1, batchSize);
  const count = Math.max(1, Math.ceil(index.accounts.length / size));
  const batches: SourceBatch[] = [];
  for (let i = 0; i < count; i += 1) {
    const accounts = index.accounts.slice(i * size, (i + 1) * size);
    const previous = i === 0 ? null : index.accounts[i * size - 1]?.[0] ?? null;
    const last = i === count - 1 ? null : accounts[accounts.length - 1]?.[0] ?? null;
    batches.push({ index: i, accounts, after: previous, through: last });
  }
  return batches;
}

/**
 * The profiles whose ids fall in [from, through], by keyset pages, so a
 * PostgREST row cap (hosted projects default to 1,000) never cuts a range short.
 */
export async function readProfileRange(
  projectB: ProjectBClient,
  from: string,
  through: string,
  pageSize = 1000,
): Promise<Map<string, SourceProfile>> {
  const profiles = new Map<string, SourceProfile>();
  let cursor: string | null = null;
  for (;;) {
    let query = projectB.from('profiles').select(PROFILE_COLUMNS).lte('id', through).order('id').limit(pageSize);
    query = cursor ? query.gt('id', cursor) : query.gte('id', from);
    const { data, error } = await query;
    if (error && isPermissionDenied(error)) throw new SourceGrantMissingError(error.message);
    if (error) throw new Error(`profiles: ${error.message}`);
    for (const row of data) profiles.set(row.id, row);
    if (data.length < pageSize) return profiles;
    cursor = data[data.length - 1]?.id ?? null;
    if (!cursor) return profiles;
  }
}

/** The people of one batch, profiles joined to accounts (a profile of someone who signed up since the listing waits for the next run). */
export async function readBatchPeople(projectB: ProjectBClient, batch: SourceBatch, retries = 2): Promise<SourcePerson[]> {
  const first = batch.accounts[0];
  const last = batch.accounts[batch.accounts.length - 1];
  if (!first || !last) return [];
  const profiles = await withRetries(retries, 'reading Project B profiles', () => readProfileRange(projectB, first[0], last[0]));
  return batch.accounts.map(([id, email, fallbackStamp]) =>
    sourcePersonFrom({ id, email, updated_at: fallbackStamp }, profiles.get(id) ?? null),
  );
}
