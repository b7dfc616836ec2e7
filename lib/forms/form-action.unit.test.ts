import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { EventContext } from '@/lib/observability/log';
import { finished, parseForm, runForm, type CallerCheck, type FormCaller, type FormSpec } from './form-action';

interface Caller {
  therapistId: string;
}

const bookingSchema = z.object({
  clientId: z.uuid({ message: 'Choose a client' }),
  minutes: z.coerce.number().int().min(15, 'At least 15 minutes'),
  password: z.string().min(8, 'At least 8 characters'),
});
type Field = keyof z.input<typeof bookingSchema>;
const FIELDS = ['clientId', 'minutes', 'password'] as const satisfies readonly Field[];

const valid = { clientId: 'b0000000-0000-4000-8000-000000000001', minutes: '50', password: 'correct horse' };

function formDataOf(input: Record<string, string>): FormData {
  const formData = new FormData();
  for (const [field, value] of Object.entries(input)) formData.set(field, value);
  return formData;
}

/** A caller and a log that record what happened, and a handler that records what it would write. */
function harness(check: CallerCheck<Caller> = { actor: { therapistId: 'a0000000-0000-4000-8000-000000000001' } }) {
  const logged: { event: string; context: EventContext }[] = [];
  const written: unknown[] = [];
  const caller: FormCaller<Caller> = {
    resolve: async () => check,
    describe: ({ therapistId }) => ({ therapistId }),
    log: (event, context) => logged.push({ event, context }),
  };
  const spec: FormSpec<Field, typeof bookingSchema, Caller, string> = {
    action: 'session.create',
    fields: FIELDS,
    secretFields: ['password'],
    invalidMessage: 'Some fields need attention.',
    schema: bookingSchema,
    async handle(input, { log }) {
      written.push(input);
      log('session.created', { level: 'info', minutes: input.minutes });
      return finished(input.clientId);
    },
  };
  return { caller, spec, logged, written };
}

describe('runForm', () => {
  it('hands the handler typed input parsed from the form’s strings', async () => {
    const { caller, spec, written } = harness();
    const result = await runForm(spec, formDataOf(valid), caller);
    expect(result).toEqual({ status: 'finished', value: valid.clientId });
    expect(written).toEqual([{ clientId: valid.clientId, minutes: 50, password: valid.password }]);
  });

  it('returns zod’s flattened field errors, keeps the values, and writes nothing', async () => {
    const { caller, spec, written } = harness();
    const input = { clientId: 'nope', minutes: '5', password: 'short' };
    const result = await runForm(spec, formDataOf(input), caller);

    const expected = z.flattenError(bookingSchema.safeParse(input).error!).fieldErrors;
    expect(result).toEqual({
      status: 'error',
      message: 'Some fields need attention.',
      fieldErrors: expected,
      values: { clientId: 'nope', minutes: '5' },
    });
    expect(expected).toEqual({ clientId: ['Choose a client'], minutes: ['At least 15 minutes'], password: ['At least 8 characters'] });
    expect(written).toEqual([]);
  });

  it('never gives a password back, not even when the handler fails', async () => {
    const { caller, spec } = harness();
    const failing: typeof spec = { ...spec, handle: async () => ({ status: 'error', message: 'Not saved.' }) };
    const result = await runForm(failing, formDataOf(valid), caller);
    expect(result).toEqual({ status: 'error', message: 'Not saved.', values: { clientId: valid.clientId, minutes: '50' } });
    expect(JSON.stringify(result)).not.toContain(valid.password);
  });

  it.each(['not_signed_in', 'not_a_member'] as const)('refuses a caller who is %s before parsing or writing anything', async (reason) => {
    const { caller, spec, logged, written } = harness({ refused: reason });
    let schemaLookedUp = false;
    const lookup: typeof spec = {
      ...spec,
      schema: async () => {
        schemaLookedUp = true;
        return bookingSchema;
      },
    };
    expect(await runForm(lookup, formDataOf(valid), caller)).toEqual({ status: 'refused', reason });
    expect(schemaLookedUp).toBe(false);
    expect(written).toEqual([]);
    expect(logged).toEqual([{ event: 'form.refused', context: { level: 'warn', action: 'session.create', outcome: reason } }]);
  });

  it('puts the action and the therapist into every log line, the handler’s own included', async () => {
    const { caller, spec, logged } = harness();
    await runForm(spec, formDataOf({ ...valid, minutes: '5' }), caller);
    await runForm(spec, formDataOf(valid), caller);
    const context = { action: 'session.create', therapistId: 'a0000000-0000-4000-8000-000000000001' };
    expect(logged).toEqual([
      { event: 'form.invalid', context: { ...context, level: 'info', fields: 'minutes' } },
      { event: 'session.created', context: { ...context, level: 'info', minutes: 50 } },
    ]);
  });

  it('logs a handler that throws with the action’s context, and lets the error through', async () => {
    const { caller, spec, logged } = harness();
    const throwing: typeof spec = {
      ...spec,
      handle: async () => {
        throw new Error('connection reset');
      },
    };
    await expect(runForm(throwing, formDataOf(valid), caller)).rejects.toThrow('connection reset');
    expect(logged).toEqual([
      {
        event: 'form.failed',
        context: { action: 'session.create', therapistId: 'a0000000-0000-4000-8000-000000000001', level: 'error', detail: 'connection reset' },
      },
    ]);
  });

  it('lets a schema lookup refuse with a form state, and then writes nothing', async () => {
    const { caller, spec, written } = harness();
    const lookup: typeof spec = { ...spec, schema: async () => ({ status: 'error', message: 'This client is not yours.' }) };
    expect(await runForm(lookup, formDataOf(valid), caller)).toEqual({
      status: 'error',
      message: 'This client is not yours.',
      values: { clientId: valid.clientId, minutes: '50' },
    });
    expect(written).toEqual([]);
  });

  it('ignores fields the form does not declare', async () => {
    const { caller, spec, written } = harness();
    await runForm(spec, formDataOf({ ...valid, therapistId: 'a0000000-0000-4000-8000-000000000002' }), caller);
    expect(written).toEqual([{ clientId: valid.clientId, minutes: 50, password: valid.password }]);
  });
});

describe('parseForm', () => {
  it('reports an error about the whole form as a form error, not a field error', () => {
    const schema = z.object({ from: z.string(), to: z.string() }).refine(({ from, to }) => from < to, 'The end comes after the start');
    expect(parseForm(schema, { from: '10:00', to: '09:00' })).toEqual({
      ok: false,
      fieldErrors: {},
      formErrors: ['The end comes after the start'],
    });
  });
});
