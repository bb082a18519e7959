/**
 * Text people typed — names, notes, rule descriptions, reasons — and cloud text that may repeat
 * it, shown exactly as typed. Escaping in mrkdwn covers only &, < and > ("Slack will take care of
 * the rest": https://docs.slack.dev/messaging/formatting-message-text#escaping), so `*APPROVED*`,
 * `_x_`, `~x~` or `:white_check_mark:` typed into a name would render as formatting. Two inert
 * ways, and builders use one of them for every user text:
 * - plain_text with `emoji: false`: Slack parses no formatting, mention, link or emoji code in it
 *   (https://docs.slack.dev/reference/block-kit/composition-objects/text-object); it is sent as
 *   typed, Slack escapes it itself;
 * - inside a mrkdwn line, an inline code span on one line, where mrkdwn formats nothing (a
 *   backtick becomes ', so the span cannot be closed early).
 */
import type { types } from '@slack/bolt';
import { SlackLimits } from './limits.js';
import { code, truncate } from './mrkdwn.js';

/** User text as a plain_text object; blank shows as a dash (Slack refuses empty text). */
export function plainUserText(text: string, max: number = SlackLimits.sectionText): types.PlainTextElement {
  return { type: 'plain_text', text: truncate(text.trim() === '' ? '—' : text, max), emoji: false };
}

/** A section field: the label, then the user text under it, all plain. */
export function userTextField(label: string, text: string): types.PlainTextElement {
  const value = text.trim() === '' ? '—' : text;
  return plainUserText(`${label}\n${value}`, SlackLimits.sectionFieldText);
}

/** A context block holding one user text (a reason, say), plain. */
export function plainContext(text: string): types.ContextBlock {
  return { type: 'context', elements: [plainUserText(text)] };
}

/** User text inside a mrkdwn line: one inline code span, line breaks as spaces. */
export function inlineUserText(text: string): string {
  return code(text.replace(/\s*[\r\n\u2028\u2029]+\s*/g, ' '));
}
