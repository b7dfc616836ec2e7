/**
 * Structured events: one JSON line each, with a name and its context, so a
 * log search can count outcomes and durations instead of parsing sentences.
 */
export interface EventContext {
  [key: string]: string | number | boolean | null | undefined;
}

export type EventLogger = (event: string, context: EventContext) => void;

export const logEvent: EventLogger = (event, context) => {
  const line = JSON.stringify({ at: new Date().toISOString(), event, ...context });
  if (context.level === 'error') console.error(line);
  else console.log(line);
};

export const silentLogger: EventLogger = () => {};

export function elapsedMs(startedAt: number): number {
  return Math.round((performance.now() - startedAt) * 10) / 10;
}
