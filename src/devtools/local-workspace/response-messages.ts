/**
 * Messages the app sends back through a response_url, or as the immediate answer to a
 * slash command: ephemeral by default, in_channel on request, replace_original / delete_original
 * acting on the message the interaction came from.
 */
import { LOCAL_BOT } from './directory.js';
import { type Args, boolArg, parseArgs, SlackApiError, stringArg } from './web-api/arguments.js';
import { readMessageContent, requireSomething } from './web-api/message-content.js';
import type { HttpAnswer } from './web-api/router.js';
import type { ResponseHook, WorkspaceState } from './workspace-state.js';

export function applyResponseMessage(state: WorkspaceState, hook: ResponseHook, body: Args): void {
  const source = hook.sourceTs ? state.findVisibleMessage(hook.channelId, hook.sourceTs, hook.userId) : undefined;
  if (boolArg(body, 'delete_original')) {
    if (!source) throw new SlackApiError('message_not_found');
    state.deleteMessage(source);
    return;
  }
  const content = readMessageContent(body);
  if (boolArg(body, 'replace_original')) {
    if (!source) throw new SlackApiError('message_not_found');
    requireSomething(content);
    state.replaceMessage(source, {
      text: content.text ?? '',
      blocks: content.blocks,
      attachments: content.attachments,
    });
    return;
  }
  requireSomething(content);
  const inChannel = stringArg(body, 'response_type') === 'in_channel';
  state.addMessage({
    channel: hook.channelId,
    user: LOCAL_BOT.userId,
    botId: LOCAL_BOT.botId,
    text: content.text ?? '',
    blocks: content.blocks,
    attachments: content.attachments,
    threadTs: stringArg(body, 'thread_ts') || hook.threadTs,
    ephemeralTo: inChannel ? undefined : hook.userId,
  });
}

/** POST <response_url>: what Slack answers the app. */
export function handleResponseUrlPost(
  state: WorkspaceState,
  hookId: string,
  request: { mediaType: string; body: string },
): HttpAnswer {
  const answer = (status: number, body: object): HttpAnswer => ({
    status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify(body),
  });
  const used = state.useResponseHook(hookId);
  if (!used.ok) return answer(404, { ok: false, error: used.error });
  try {
    let args = parseArgs(request.mediaType, request.body, new URLSearchParams());
    // Some clients send the message as a `payload=` form field, as for legacy webhooks.
    const payload = stringArg(args, 'payload');
    if (payload !== undefined) args = parseArgs('application/json', payload, new URLSearchParams());
    applyResponseMessage(state, used.hook, args);
    return answer(200, { ok: true });
  } catch (err) {
    if (!(err instanceof SlackApiError)) throw err;
    const body: Record<string, unknown> = { ok: false, error: err.code };
    if (err.messages.length > 0) body.response_metadata = { messages: err.messages };
    return answer(400, body);
  }
}
