/** Web API error codes meaning the bot may not post in that conversation (Slack uses either). */
const CANNOT_POST = new Set(['not_in_channel', 'channel_not_found', 'is_archived', 'restricted_action']);

/** The `error` field of a failed Web API call (the WebClient puts the response in `data`). */
export function slackErrorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null || !('data' in err)) return undefined;
  const data = (err as { data?: unknown }).data;
  if (typeof data !== 'object' || data === null || !('error' in data)) return undefined;
  const code = (data as { error?: unknown }).error;
  return typeof code === 'string' ? code : undefined;
}

export function isCannotPost(err: unknown): boolean {
  const code = slackErrorCode(err);
  return code !== undefined && CANNOT_POST.has(code);
}

/** Error codes with which Slack says "not now" rather than "no". */
const TRANSIENT = new Set([
  'ratelimited',
  'rate_limited',
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
]);

/**
 * Whether the same call may succeed later: Slack could not be reached or answered "not now".
 * An `ok: false` answer with any other code (not_in_channel, message_not_found…) is final.
 */
export function isTransient(err: unknown): boolean {
  const code = slackErrorCode(err);
  return code === undefined || TRANSIENT.has(code);
}
