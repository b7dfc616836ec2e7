import pMap from 'p-map';
import pRetry from 'p-retry';
import type { ProjectBClient } from '@/lib/supabase/clients';
import { isPermissionDenied, SourceGrantMissingError } from './source-access';
import { isLiveAccount, PROFILE_COLUMNS, sourcePersonFrom, type SourceAccount, type SourcePerson, type SourceProfile } from './source-person';

/**
 * Reading all of Project B, for the bulk sync and the reconciliation.
 *
 * E-mails live in B's auth users, reachable only through GoTrue's admin list
 * (offset pages ordered by created_at alone); profiles are read by id range
 * through PostgREST. The admin list cannot be trusted to name everyone once:
 * people who share a created_at (a bulk import) come back in a different order
 * on each page, so offset pages repeat some and skip others. So the listing
 * only gives a first roster, deduped by id and sorted by id; it is cut into
 * batches of consecutive ids, and each batch reads every profile in its slice
 * of the id space. The slices cover all ids, so every profile in B is read
 * exactly once; a profile the listing did not name is someone it skipped (or
 * who signed up since), and that one account is read on its own. See
 * docs/sync.md ("Who counts as a Project B person").
 */

export class SourceUnavailableError extends Error {
  override name = 'SourceUnavailableError';
}

/** One live B account, reduced to what a sync needs (about 150 bytes a person). */
export type IndexedAccount = readonly [id: string, email: string | null, fallbackStamp: string | null];

export interface SourceIndex {
  /** Sorted by id, in Postgres' uuid order (lower-case hex sorts the same as bytes). */
  accounts: IndexedAccount[];
  /** Soft-deleted accounts the listing named: their profiles stay behind and need no lookup. */
  deletedIds: ReadonlySet<string>;
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

/**
 * Retries B's transient failures with exponential back-off (200, 400 ms…), through p-retry
 * rather than a loop of our own. A missing grant is never retried: only B's owner can fix it.
 */
async function withRetries<T>(attempts: number, what: string, task: () => Promise<T>): Promise<T> {
  try {
    return await pRetry(task, {
      retries: attempts,
      minTimeout: 200,
      factor: 2,
      randomize: false,
      shouldRetry: ({ error }) => !(error instanceof SourceGrantMissingError),
    });
  } catch (error) {
    if (error instanceof SourceGrantMissingError) throw error;
    throw new SourceUnavailableError(`${what}: ${error instanceof Error ? error.message : String(error)}`);
  }
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
 * pages repeat some people and skip others (sign-ups meanwhile, and ties on
 * created_at): callers dedupe by id and must not take this for everyone.
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
    // Hand-written rather than p-map: the last page moves while the listing runs, and p-map takes a list fixed up front.
    const worker = async () => {
      while (nextPage <= lastPage) {
        const page = nextPage++;
        const result = await withRetries(retries, `listing Project B accounts (page ${page})`, () => listAccountPage(projectB, page, pageSize));
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

/**
 * The accounts B's admin list names, live ones with their e-mail, sorted by id
 * and deduped. Memory: one small tuple per person. Not necessarily everyone:
 * readBatchPeople completes each batch from the profiles.
 */
export async function listSourceAccounts(projectB: ProjectBClient, options: ListAccountsOptions = {}): Promise<SourceIndex> {
  const listed: IndexedAccount[] = [];
  const deletedIds = new Set<string>();
  const reportedTotal = await forEachAccountPage(projectB, options, (users) => {
    for (const user of users) {
      if (isLiveAccount(user)) listed.push([user.id, user.email || null, user.updated_at ?? user.created_at ?? null]);
      else deletedIds.add(user.id);
    }
  });
  listed.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const accounts = listed.filter((account, i) => i === 0 || listed[i - 1]?.[0] !== account[0]);
  return { accounts, deletedIds, reportedTotal };
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
    const previous = i === 0 ? null : (index.accounts[i * size - 1]?.[0] ?? null);
    const last = i === count - 1 ? null : (accounts[accounts.length - 1]?.[0] ?? null);
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

const FIRST_UUID = '00000000-0000-0000-0000-000000000000';
const LAST_UUID = 'ffffffff-ffff-ffff-ffff-ffffffffffff';
/** Accounts looked up one by one at once, when a batch holds people the listing skipped. */
const LOOKUP_CONCURRENCY = 4;

/** One account by id: null when it is gone or soft-deleted. */
async function lookUpAccount(projectB: ProjectBClient, id: string): Promise<SourceAccount | null> {
  const { data, error } = await projectB.auth.admin.getUserById(id);
  if (error?.status === 404) return null;
  if (error) throw error;
  return data.user && isLiveAccount(data.user) ? data.user : null;
}

async function lookUpAccounts(projectB: ProjectBClient, ids: string[], retries: number): Promise<SourceAccount[]> {
  const accounts = await pMap(ids, (id) => withRetries(retries, 'reading a Project B account', () => lookUpAccount(projectB, id)), {
    concurrency: LOOKUP_CONCURRENCY,
  });
  return accounts.filter((account) => account !== null);
}

export interface BatchPeople {
  /** Sorted by id: the listed accounts of the batch plus the live ones only their profile revealed. */
  people: SourcePerson[];
  /** How many of them the listing had not named. */
  unlisted: number;
}

/**
 * Everyone in one batch's slice of ids: every profile in (after, through],
 * joined to the listed accounts, and for a profile the listing did not name,
 * that account read by id. A listed account without a profile is a person too.
 */
export async function readBatchPeople(
  projectB: ProjectBClient,
  batch: SourceBatch,
  index: Pick<SourceIndex, 'deletedIds'>,
  retries = 2,
): Promise<BatchPeople> {
  const from = batch.after ?? FIRST_UUID;
  const through = batch.through ?? LAST_UUID;
  const profiles = await withRetries(retries, 'reading Project B profiles', () => readProfileRange(projectB, from, through));
  // The range starts at `after` itself, which belongs to the slice before.
  if (batch.after) profiles.delete(batch.after);

  const listedIds = new Set(batch.accounts.map(([id]) => id));
  const unlistedIds = [...profiles.keys()].filter((id) => !listedIds.has(id) && !index.deletedIds.has(id));
  const unlisted = await lookUpAccounts(projectB, unlistedIds, retries);

  const people = batch.accounts.map(([id, email, fallbackStamp]) =>
    sourcePersonFrom({ id, email, updated_at: fallbackStamp }, profiles.get(id) ?? null),
  );
  for (const account of unlisted) people.push(sourcePersonFrom(account, profiles.get(account.id) ?? null));
  if (unlisted.length > 0) people.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { people, unlisted: unlisted.length };
}
