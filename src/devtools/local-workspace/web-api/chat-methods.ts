/** chat.* methods: messages the bot posts, updates, deletes, and ephemeral messages. */
import { LOCAL_BOT, LOCAL_USERS } from '../directory.js';
import { toSlackMessage } from '../slack-shapes.js';
import type { JsonObject } from '../workspace-state.js';
import { type Args, SlackApiError, stringArg } from './arguments.js';
import { resolveChannel, resolvePostableChannel } from './directory-methods.js';
import { type MessageContent, readMessageContent, requireSomething } from './message-content.js';
import type { MethodContext } from './method-context.js';

/** A message from the bot, in the channel or thread `args` name; with `ephemeralTo`, seen by that user only. */
function addBotMessage(args: Args, ctx: MethodContext, channel: string, content: MessageContent, ephemeralTo?: string) {
  return ctx.state.addMessage({
    channel,
    user: LOCAL_BOT.userId,
    botId: LOCAL_BOT.botId,
    text: content.text ?? '',
    blocks: content.blocks,
    attachments: content.attachments,
    threadTs: stringArg(args, 'thread_ts') || undefined,
    ...(ephemeralTo ? { ephemeralTo } : {}),
  });
}

/** The message `args[tsArg]` names in `channel`, or Slack's message_not_found. */
function findMessage(args: Args, ctx: MethodContext, channel: string, tsArg: string) {
  const ts = stringArg(args, tsArg);
  const target = ts ? ctx.state.findMessage(channel, ts) : undefined;
  if (!target) throw new SlackApiError('message_not_found');
  return target;
}

export function chatPostMessage(args: Args, ctx: MethodContext): JsonObject {
  const channel = resolvePostableChannel(stringArg(args, 'channel'), ctx);
  const content = readMessageContent(args);
  requireSomething(content);
  const stored = addBotMessage(args, ctx, channel.id, content);
  return { ok: true, channel: channel.id, ts: stored.ts, message: toSlackMessage(stored) };
}

export function chatUpdate(args: Args, ctx: MethodContext): JsonObject {
  const channel = resolveChannel(stringArg(args, 'channel'));
  const target = findMessage(args, ctx, channel.id, 'ts');
  // The bot's own posts only: not people's messages, nor Slack's notices in its name (channel_join).
  if (target.user !== LOCAL_BOT.userId || target.subtype) throw new SlackApiError('cant_update_message');
  const content = readMessageContent(args);
  if (content.text === undefined && content.blocks === undefined && content.attachments === undefined) {
    throw new SlackApiError('no_text');
  }
  // Omitted blocks/attachments keep the previous ones; an empty array removes them (Slack's rule).
  ctx.state.replaceMessage(target, {
    text: content.text ?? target.text,
    blocks: content.blocks ?? target.blocks,
    attachments: content.attachments ?? target.attachments,
  });
  const message: JsonObject = { text: target.text, user: target.user, bot_id: target.botId, type: 'message' };
  if (target.blocks) message.blocks = target.blocks;
  if (target.attachments) message.attachments = target.attachments;
  if (target.editedTs) message.edited = { user: target.user, ts: target.editedTs };
  return { ok: true, channel: channel.id, ts: target.ts, text: target.text, message };
}

export function chatPostEphemeral(args: Args, ctx: MethodContext): JsonObject {
  const channel = resolvePostableChannel(stringArg(args, 'channel'), ctx);
  const userId = stringArg(args, 'user');
  if (!userId) throw new SlackApiError('user_not_found');
  if (!LOCAL_USERS.some((u) => u.id === userId)) throw new SlackApiError('user_not_in_channel');
  const content = readMessageContent(args);
  requireSomething(content);
  const stored = addBotMessage(args, ctx, channel.id, content, userId);
  return { ok: true, message_ts: stored.ts };
}

export function chatDelete(args: Args, ctx: MethodContext): JsonObject {
  const channel = resolveChannel(stringArg(args, 'channel'));
  const target = findMessage(args, ctx, channel.id, 'ts');
  if (target.user !== LOCAL_BOT.userId || target.subtype) throw new SlackApiError('cant_delete_message');
  ctx.state.deleteMessage(target);
  return { ok: true, channel: channel.id, ts: target.ts };
}

export function chatGetPermalink(args: Args, ctx: MethodContext): JsonObject {
  const channel = resolveChannel(stringArg(args, 'channel'));
  const target = findMessage(args, ctx, channel.id, 'message_ts');
  const thread = target.threadTs ? `&thread=${target.threadTs}` : '';
  return {
    ok: true,
    channel: channel.id,
    permalink: `${ctx.workspaceUrl()}/?channel=${channel.id}&ts=${target.ts}${thread}`,
  };
}
