/** The app's one logger, as every layer sees it: four methods, satisfied by Bolt's logger. */
export interface Log {
  debug(...msg: unknown[]): void;
  info(...msg: unknown[]): void;
  warn(...msg: unknown[]): void;
  error(...msg: unknown[]): void;
}

/**
 * What a log line is about, for machines: a stable event name and, where known, the request and
 * the person acting. Passed as the last argument of a log call (`logFields(…)`); the text format
 * leaves it out (the message says the same in words), the JSON format (LOG_FORMAT=json) adds each
 * field as a key. Never a secret or a person's free text.
 */
export interface LogFields {
  /** e.g. `request.submitted`, `execution.failed`. */
  event: string;
  requestId?: string;
  /** Who acted: an opaque user id, or `system`. */
  actor?: string;
  [field: string]: string | number | boolean | undefined;
}

const FIELDS = Symbol.for('secgroup.log-fields');

type TaggedFields = LogFields & { readonly [FIELDS]: true };

export function logFields(fields: LogFields): LogFields {
  return { ...fields, [FIELDS]: true } as TaggedFields;
}

/** A log call's arguments: what makes its message, and its fields if the last argument is `logFields(…)`. */
export function splitLogArgs(args: readonly unknown[]): { message: unknown[]; fields?: LogFields } {
  const last = args[args.length - 1];
  if (typeof last === 'object' && last !== null && FIELDS in last) {
    const { [FIELDS]: _tag, ...fields } = last as TaggedFields;
    return { message: args.slice(0, -1), fields };
  }
  return { message: [...args] };
}
