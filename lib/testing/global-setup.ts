import type { TestProject } from 'vitest/node';
import { startEphemeralStack } from './stack';
import './provided-context';

/** One real local stack (Postgres, PostgREST, auth, gateways) for the whole run, on free ports. */
export default async function setup(project: TestProject) {
  const stack = await startEphemeralStack({ seed: true });
  const { stop, ...connection } = stack;
  project.provide('stack', connection);
  return async () => {
    await stop();
  };
}
