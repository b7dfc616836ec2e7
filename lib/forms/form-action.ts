import { z } from 'zod';
import type { EventContext, EventLogger } from '@/lib/observability/log';
import { formValues, type FormState } from './form-state';

export type FieldErrors<Field extends string> = Partial<Record<Field, string[]>>;

export type ParsedForm<Value, Field extends string> =
  { ok: true; value: Value } | { ok: false; fieldErrors: FieldErrors<Field>; formErrors: string[] };

/** The one place form input meets a schema: zod's own flattening gives the errors per field. */
export function parseForm<Schema extends z.ZodType, Field extends string = string>(
  schema: Schema,
  input: unknown,
): ParsedForm<z.output<Schema>, Field> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  // Errors are keyed by the form's field names (the schema's input), not by its output.
  const { formErrors, fieldErrors } = z.flattenError(parsed.error as z.ZodError<Record<Field, unknown>>);
  return { ok: false, fieldErrors, formErrors };
}

/** An event logger that already carries the action's context ({ action, therapistId }). */
export type ActionLog = (event: string, context?: EventContext) => void;

export interface FormScope<Actor> {
  actor: Actor;
  log: ActionLog;
}

/** A handler's success, handed to the action's `onFinished` (revalidate, redirect) outside any try. */
export interface Finished<Value> {
  status: 'finished';
  value: Value;
}

export function finished<Value>(value: Value): Finished<Value> {
  return { status: 'finished', value };
}

export interface FormSpec<Field extends string, Schema extends z.ZodType, Actor, Value> {
  /** Names the action in every log line: 'session.create'. */
  action: string;
  /** The form's fields: read from FormData, parsed, and given back on error so nothing typed is lost. */
  fields: readonly Field[];
  /** Fields parsed but never given back (a password). */
  secretFields?: readonly Field[];
  /** The form's message when a field is invalid; field errors are shown either way. */
  invalidMessage?: string;
  /**
   * The schema, or a lookup that picks it once the caller is known (a client's
   * origin decides which fields it may edit) or refuses with a form state.
   */
  schema: Schema | ((scope: FormScope<Actor>) => Promise<Schema | FormState<Field>>);
  handle(input: z.output<Schema>, scope: FormScope<Actor>): Promise<FormState<Field> | Finished<Value>>;
}

/** Why a caller may not use a form: then nothing is parsed or written. */
export type RefusalReason = 'not_signed_in' | 'not_a_member' | 'must_choose_password';

export type CallerCheck<Actor> = { actor: Actor } | { refused: RefusalReason };

export interface FormCaller<Actor> {
  /** The verified caller, or why they are refused. */
  resolve(): Promise<CallerCheck<Actor>>;
  /** What the log lines say about the caller ({ therapistId }). */
  describe(actor: Actor): EventContext;
  log: EventLogger;
}

export type FormResult<Field extends string, Value> = FormState<Field> | Finished<Value> | { status: 'refused'; reason: RefusalReason };

function withoutSecrets<Field extends string>(values: Partial<Record<Field, string>>, secrets: readonly Field[] = []) {
  const kept = { ...values };
  for (const secret of secrets) delete kept[secret];
  return kept;
}

function errorDetail(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Caller check, parse, handler: the steps every server action takes, free of
 * Next so tests run them directly. Handlers must not call `redirect()` (it
 * throws, and this function logs throws as failures): they return `finished`.
 */
export async function runForm<Field extends string, Schema extends z.ZodType, Actor, Value>(
  spec: FormSpec<Field, Schema, Actor, Value>,
  formData: FormData,
  caller: FormCaller<Actor>,
): Promise<FormResult<Field, Value>> {
  const check = await caller.resolve();
  if ('refused' in check) {
    caller.log('form.refused', { level: 'warn', action: spec.action, outcome: check.refused });
    return { status: 'refused', reason: check.refused };
  }
  const { actor } = check;
  const context: EventContext = { action: spec.action, ...caller.describe(actor) };
  const log: ActionLog = (event, extra = {}) => caller.log(event, { ...context, ...extra });
  const scope: FormScope<Actor> = { actor, log };
  const values = formValues(formData, spec.fields);
  const shownValues = withoutSecrets(values, spec.secretFields);

  try {
    const schema = typeof spec.schema === 'function' ? await spec.schema(scope) : spec.schema;
    if (!(schema instanceof z.ZodType)) return { ...schema, values: schema.values ?? shownValues };

    const parsed = parseForm<Schema, Field>(schema, values);
    if (!parsed.ok) {
      log('form.invalid', { level: 'info', fields: Object.keys(parsed.fieldErrors).join(',') });
      return {
        status: 'error',
        message: spec.invalidMessage ?? parsed.formErrors[0],
        fieldErrors: parsed.fieldErrors,
        values: shownValues,
      };
    }

    const outcome = await spec.handle(parsed.value, scope);
    if (outcome.status === 'error') return { ...outcome, values: outcome.values ?? shownValues };
    return outcome;
  } catch (error) {
    // Logged with the action's context, then left to Next's error boundary as before.
    log('form.failed', { level: 'error', detail: errorDetail(error) });
    throw error;
  }
}
