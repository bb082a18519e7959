/** Safe text for Slack mrkdwn: user- and cloud-supplied strings never become mentions or links. */

/** Slack's three control characters; escaping them keeps `<!channel>` and `<url|label>` literal. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const USER_ID = /^[UW][A-Z0-9]+$/;
const USER_GROUP_ID = /^S[A-Z0-9]+$/;
const CHANNEL_ID = /^[CGD][A-Z0-9]+$/;

/** A mention of a user (U…/W…) or a user group (S…); anything else is shown as escaped text. */
export function mention(id: string): string {
  if (USER_ID.test(id)) return `<@${id}>`;
  if (USER_GROUP_ID.test(id)) return `<!subteam^${id}>`;
  return escapeMrkdwn(id);
}

export function channelLink(channelId: string): string {
  return CHANNEL_ID.test(channelId) ? `<#${channelId}>` : escapeMrkdwn(channelId);
}

/** Inline code; backticks inside would end the span early, so they become quotes. */
export function code(text: string): string {
  return `\`${escapeMrkdwn(text).replace(/`/g, "'")}\``;
}

/** Cuts plain text to at most `max` characters, marking the cut with an ellipsis. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

/**
 * Cuts mrkdwn to at most `max` characters without leaving half an entity (`&am`) or half a
 * token (`<@U12`, `<!date^…`) behind, marking the cut with an ellipsis.
 */
export function clipMrkdwn(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, Math.max(0, max - 1));
  cut = cut.replace(/&[a-z]*$/, '').replace(/<[^>]*$/, '');
  return `${cut}…`;
}

/** "2026-01-02 03:04 UTC": how a time reads where Slack cannot show the reader's own zone. */
export function utcText(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/**
 * A time each reader sees in their own time zone, in one format everywhere ("Jan 2 3:04 AM", or
 * "today 3:04 AM"); where Slack cannot render it, the UTC fallback. An empty or unreadable time
 * is shown as "unknown".
 */
export function slackDate(iso: string): string {
  const ms = Date.parse(iso);
  if (iso === '' || Number.isNaN(ms)) return iso === '' ? 'unknown' : escapeMrkdwn(iso);
  return `<!date^${Math.floor(ms / 1000)}^{date_short_pretty} {time}|${utcText(iso)}>`;
}
