/**
 * The one door from lib/testing (and the tests under lib/, app/ and scripts/) into
 * supabase/local, the stack's own program. Tests need a handful of its pieces: starting a
 * stack, its connection details, the settings the app would run with, a free port and a
 * bare gateway. Naming them here keeps that surface small and visible, so the stack's
 * internals can change without tests reaching past it (layers.unit.test.ts checks this).
 */
export { appEnvironment } from '@/supabase/local/app-env';
export { startEphemeralStack } from '@/supabase/local/ephemeral';
export { openOutbox } from '@/supabase/local/mail/outbox';
export { freePort } from '@/supabase/local/ports';
export { startProjectGateway } from '@/supabase/local/project-gateway';
export type { LocalStack, StackConnection } from '@/supabase/local/stack';
