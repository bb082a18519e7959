/**
 * Reading Web API arguments the way Slack does: from a form body (how @slack/web-api sends,
 * with nested values JSON-encoded as strings), a JSON body, or the query string.
 */
export type Args = Record<string, unknown>;

/** A Slack error answer: HTTP 200 with `{ ok: false, error }` (plus messages, when Slack gives some). */
export class SlackApiError extends Error {
  constructor(
    readonly code: string,
    readonly messages: string[] = [],
  ) {
    super(code);
  }
}

export function parseArgs(mediaType: string, body: string, query: URLSearchParams): Args {
  const args: Args = Object.fromEntries(query);
  if (body.trim() === '') return args;
  if (mediaType === 'application/json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      throw new SlackApiError('invalid_json');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new SlackApiError('invalid_json');
    return { ...args, ...(parsed as Args) };
  }
  if (mediaType === 'application/x-www-form-urlencoded' || mediaType === 'text/plain') {
    return { ...args, ...Object.fromEntries(new URLSearchParams(body)) };
  }
  if (mediaType === '') throw new SlackApiError('missing_post_type');
  throw new SlackApiError('invalid_post_type');
}

export function stringArg(args: Args, name: string): string | undefined {
  const value = args[name];
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

export function boolArg(args: Args, name: string): boolean {
  const value = args[name];
  return value === true || value === 'true' || value === '1' || value === 1;
}

/** A nested argument: an object/array in a JSON body, or a JSON-encoded string in a form. */
export function jsonArg(args: Args, name: string, errorCode: string): unknown {
  const value = args[name];
  if (typeof value !== 'string') return value;
  if (value === '') return undefined;
  try {
    return JSON.parse(value);
  } catch {
    throw new SlackApiError(errorCode, [`[ERROR] failed to parse JSON [json-pointer:/${name}]`]);
  }
}

/** Arguments as recorded for tests: nested values decoded, the token left out. */
export function recordableArgs(args: Args): Args {
  const recorded: Args = {};
  for (const [key, value] of Object.entries(args)) {
    if (key === 'token') continue;
    if (typeof value === 'string' && ['blocks', 'attachments', 'view', 'metadata'].includes(key)) {
      try {
        recorded[key] = JSON.parse(value);
        continue;
      } catch {
        // Left as sent: the call itself answers the parse error.
      }
    }
    recorded[key] = value;
  }
  return recorded;
}
