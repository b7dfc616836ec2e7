import path from 'node:path';

/** Where the e2e app server leaves the stack's connection details for specs that check the database. */
export const E2E_STACK_FILE = path.resolve(import.meta.dirname, '..', '..', '.local', 'e2e-stack.json');
