import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { StackConnection } from '@/supabase/local/stack';

/** Where the e2e app server leaves the stack's connection details for specs that check the database. */
export const E2E_STACK_FILE = path.resolve(import.meta.dirname, '..', '..', '.local', 'e2e-stack.json');

/** The stack the e2e app server started, the tokens it gave the app, and its control URL (support/app-server.ts). */
export interface E2eStack extends StackConnection {
  syncApiToken: string;
  cronSecret: string;
  controlUrl: string;
}

export function e2eStack(): E2eStack {
  return JSON.parse(readFileSync(E2E_STACK_FILE, 'utf8')) as E2eStack;
}
