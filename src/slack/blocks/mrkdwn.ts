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

/** Cuts text to at most `max` characters, marking the cut with an ellipsis. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

/** A time each reader sees in their own time zone; the ISO text is the fallback. */
export function slackDate(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return escapeMrkdwn(iso);
  return `<!date^${Math.floor(ms / 1000)}^{date_short_pretty} {time}|${escapeMrkdwn(iso)}>`;
}
