/**
 * Checks that a message the bot sends cannot do anything a person did not intend: in every mrkdwn
 * text (the `text` fallback included), the only Slack control sequences are the ones the app
 * itself writes (mentions of user, group and channel ids, dates, the group's console link), and every `&`
 * is an entity.
 * User text that reached the message escaped passes; user text that reached it raw does not.
 */

/** The control sequences the app writes itself, from ids and times, never from user text. */
const APP_SEQUENCES = [
  /<@[UW][A-Z0-9]+>/g,
  /<!subteam\^S[A-Z0-9]+>/g,
  /<#[CGD][A-Z0-9]+>/g,
  /<!date\^\d+\^\{date_short_pretty\} \{time\}\|[^<>]*>/g,
  /<https:\/\/console\.(cloud\.tencent|tencentcloud)\.com\/vpc\/security-group(\/detail\?rid=\d+&id=sg-[a-z0-9]{8})?\|[^<>|]+>/g,
];
/** An entity, or one cut short by truncate() ("&am…"), which Slack shows as text. */
const ENTITY = /^&(amp|lt|gt);|^&[a-z]{0,3}…/;

/** Every mrkdwn text of a message or view: the `text` fallback and each mrkdwn text object inside. */
export function mrkdwnTexts(message: unknown): string[] {
  const texts: string[] = [];
  const top = message as { text?: unknown };
  if (typeof top?.text === 'string') texts.push(top.text);
  const visit = (node: unknown) => {
    if (Array.isArray(node)) {
      for (const child of node) visit(child);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const object = node as Record<string, unknown>;
    if (object.type === 'mrkdwn' && typeof object.text === 'string') texts.push(object.text);
    for (const [key, value] of Object.entries(object)) if (key !== 'text' || typeof value === 'object') visit(value);
  };
  visit((message as { blocks?: unknown })?.blocks);
  return texts;
}

/** What in one mrkdwn text is not inert: raw <, > or &, with a little context. */
export function liveSequences(text: string): string[] {
  let rest = text;
  for (const sequence of APP_SEQUENCES) rest = rest.replace(sequence, ' ');
  const problems: string[] = [];
  for (let i = 0; i < rest.length; i += 1) {
    const char = rest[i];
    if (char === '<' || char === '>') problems.push(`raw ${char} in …${rest.slice(Math.max(0, i - 15), i + 15)}…`);
    if (char === '&' && !ENTITY.test(rest.slice(i)))
      problems.push(`raw & in …${rest.slice(Math.max(0, i - 15), i + 15)}…`);
  }
  return problems;
}

/** Every live sequence in every mrkdwn text of these messages. */
export function liveSequencesIn(messages: unknown[]): string[] {
  return messages.flatMap((m) => mrkdwnTexts(m).flatMap(liveSequences));
}
