import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { stack } from '@/lib/testing/stack-clients';
import { GENERATED_TYPE_FILES, generateDatabaseTypes } from './typegen';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

describe('generated database types', () => {
  it.each([
    ['project-a', 'a'],
    ['project-b', 'b'],
  ] as const)('%s types match the migrated database (run `npm run types:generate` after changing a migration)', async (project, key) => {
    const committed = await readFile(path.join(ROOT, GENERATED_TYPE_FILES[project]), 'utf8');
    const fresh = await generateDatabaseTypes(stack()[key].dbUrl);
    expect(committed).toBe(fresh);
  });
});
