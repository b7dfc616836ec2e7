/** A Postgres start that failed for a reason the developer can fix: the message says what happened and what to do. */
export class PostgresStartError extends Error {
  constructor(problem: string, whatToDo: string) {
    super(`${problem} ${whatToDo}`);
    this.name = 'PostgresStartError';
  }
}

/** The last lines of a server log: where Postgres says why it stopped. */
function tail(log: string, lines = 6): string {
  return log.trim().split('\n').slice(-lines).join('\n');
}

/** Turns what Postgres printed before it exited into an error that names the fix. */
export function postgresExitError(log: string, context: { dataDir: string; port: number }): PostgresStartError {
  if (/could not bind .*Address already in use|could not create any TCP\/IP sockets/s.test(log)) {
    return new PostgresStartError(
      `Postgres could not listen on 127.0.0.1:${context.port}: the port is in use.`,
      'Stop what uses it (another CareBridge stack?) or choose another port with STACK_POSTGRES_PORT.',
    );
  }
  if (/lock file "postmaster.pid" already exists/.test(log)) {
    return new PostgresStartError(
      `Another Postgres is already running on the data folder ${context.dataDir}.`,
      'Stop it first (is `npm run dev` or `npm run stack` running in another terminal?).',
    );
  }
  return new PostgresStartError(
    `Postgres stopped during start-up. Its last words:\n${tail(log)}\n`,
    'Run with STACK_DEBUG=1 for the whole log; `npm run stack:reset` starts the local data afresh.',
  );
}
