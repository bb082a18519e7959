/** The text/blocks/attachments of a message, checked as Slack checks them. */
import type { JsonObject } from '../workspace-state.js';
import { type Args, jsonArg, SlackApiError, stringArg } from './arguments.js';
import { BlockLimits, messageBlockProblems, normalizeBlocks } from './block-limits.js';

export interface MessageContent {
  text?: string;
  blocks?: JsonObject[];
  attachments?: JsonObject[];
}

export function readMessageContent(args: Args): MessageContent {
  const text = stringArg(args, 'text');
  const blocks = jsonArg(args, 'blocks', 'invalid_blocks_format');
  const attachments = jsonArg(args, 'attachments', 'invalid_attachments');
  if (text !== undefined && text.length > BlockLimits.messageText) throw new SlackApiError('msg_too_long');
  const content: MessageContent = { text };
  if (blocks !== undefined) {
    if (!Array.isArray(blocks)) throw new SlackApiError('invalid_blocks_format');
    const problems = messageBlockProblems(blocks);
    if (problems.length > 0) throw new SlackApiError('invalid_blocks', problems);
    content.blocks = normalizeBlocks(blocks);
  }
  if (attachments !== undefined) {
    if (!Array.isArray(attachments)) throw new SlackApiError('invalid_attachments');
    if (attachments.length > 100) throw new SlackApiError('too_many_attachments');
    content.attachments = attachments.filter((a): a is JsonObject => typeof a === 'object' && a !== null);
  }
  return content;
}

/** Slack refuses a message with nothing to show. */
export function requireSomething(content: MessageContent): void {
  const empty =
    (content.text === undefined || content.text.trim() === '') &&
    (content.blocks === undefined || content.blocks.length === 0) &&
    (content.attachments === undefined || content.attachments.length === 0);
  if (empty) throw new SlackApiError('no_text');
}
