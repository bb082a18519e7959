import type { types } from '@slack/bolt';
import { SlackLimits } from './limits.js';
import { clipMrkdwn } from './mrkdwn.js';

/** A message body: blocks plus the plain `text` fallback notifications and screen readers use. */
export interface SlackMessage {
  text: string;
  blocks: types.KnownBlock[];
}

export function mrkdwnSection(text: string): types.SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: clipMrkdwn(text, SlackLimits.sectionText) } };
}

export function contextBlock(text: string): types.ContextBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: clipMrkdwn(text, SlackLimits.sectionText) }] };
}

export function mrkdwnField(label: string, value: string): types.MrkdwnElement {
  return { type: 'mrkdwn', text: clipMrkdwn(`*${label}*\n${value}`, SlackLimits.sectionFieldText) };
}

export interface PackOptions {
  /** Opens the first section. */
  heading?: string;
  /** Opens every later section; `heading (continued)` unless given. */
  continued?: string;
  maxChars?: number;
}

/**
 * Lines of mrkdwn packed into as few sections as Slack's 3000 characters allow. A line longer
 * than a section on its own is clipped.
 */
export function packLines(lines: string[], options: PackOptions = {}): types.SectionBlock[] {
  const { heading = '', maxChars = SlackLimits.sectionText } = options;
  const continued = options.continued ?? (heading === '' ? '' : `${heading} (continued)`);
  const sections: types.SectionBlock[] = [];
  let chunk: string[] = [];
  const title = () => (sections.length === 0 ? heading : continued);
  const compose = () => [title(), ...chunk].filter((part) => part !== '').join('\n');
  for (const line of lines) {
    if (chunk.length > 0 && compose().length + 1 + line.length > maxChars) {
      sections.push(mrkdwnSection(compose()));
      chunk = [];
    }
    chunk.push(clipMrkdwn(line, maxChars - title().length - 1));
  }
  if (chunk.length > 0 || sections.length === 0) sections.push(mrkdwnSection(compose()));
  return sections;
}
