import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * A deadline shared by every Supabase request made inside one piece of work.
 * A booking makes several requests in a row (an insert, maybe a Project B
 * read, the adoption call, a second insert); a timeout per request would let
 * them add up, so the work sets one deadline and the clients' fetch honours
 * it. It travels with the async context rather than as an argument, so it
 * also reaches requests made by code that knows nothing of it (the caller
 * check before a form action, the Project B lookup).
 */
const deadlines = new AsyncLocalStorage<AbortSignal>();

/** Runs `work` under `signal` as well as any deadline it is already under: the earlier one wins. */
export function withDeadline<T>(signal: AbortSignal, work: () => Promise<T>): Promise<T> {
  const outer = deadlines.getStore();
  return deadlines.run(outer ? AbortSignal.any([outer, signal]) : signal, work);
}

/** True once the deadline the caller runs under has passed: a failed step failed for want of time. */
export function deadlinePassed(): boolean {
  return deadlines.getStore()?.aborted ?? false;
}

/**
 * A fetch for Supabase clients: each request ends after `timeoutMs`, or at the
 * current deadline if that comes first, or when its caller aborts it.
 */
export function fetchWithTimeout(timeoutMs: number): typeof fetch {
  return (input, init) => {
    const signals = [AbortSignal.timeout(timeoutMs)];
    if (init?.signal) signals.push(init.signal);
    const deadline = deadlines.getStore();
    if (deadline) signals.push(deadline);
    return fetch(input, { ...init, signal: AbortSignal.any(signals) });
  };
}
