/**
 * Slack mrkdwn to DOM nodes. Every piece of text becomes a text node (never innerHTML), so
 * whatever an app or a person typed is shown, not run.
 */

const EMOJI = {
  white_check_mark: '✅',
  heavy_check_mark: '✔️',
  x: '❌',
  warning: '⚠️',
  no_entry: '⛔',
  no_entry_sign: '🚫',
  lock: '🔒',
  unlock: '🔓',
  key: '🔑',
  shield: '🛡️',
  hourglass: '⌛',
  hourglass_flowing_sand: '⏳',
  stopwatch: '⏱️',
  rocket: '🚀',
  tada: '🎉',
  gear: '⚙️',
  hammer_and_wrench: '🛠️',
  information_source: 'ℹ️',
  memo: '📝',
  clipboard: '📋',
  pushpin: '📌',
  eyes: '👀',
  thumbsup: '👍',
  '+1': '👍',
  thumbsdown: '👎',
  red_circle: '🔴',
  large_green_circle: '🟢',
  large_yellow_circle: '🟡',
  large_blue_circle: '🔵',
  white_circle: '⚪',
  arrows_counterclockwise: '🔄',
  repeat: '🔁',
  cloud: '☁️',
  globe_with_meridians: '🌐',
  earth_asia: '🌏',
  bust_in_silhouette: '👤',
  busts_in_silhouette: '👥',
  construction: '🚧',
  fire: '🔥',
  rotating_light: '🚨',
  wastebasket: '🗑️',
  link: '🔗',
  new: '🆕',
  inbox_tray: '📥',
  outbox_tray: '📤',
  mag: '🔍',
  calendar: '📅',
  bell: '🔔',
  question: '❓',
  exclamation: '❗',
  heavy_plus_sign: '➕',
  heavy_minus_sign: '➖',
  arrow_right: '➡️',
  arrow_left: '⬅️',
  wave: '👋',
};

/** :shortcode: to emoji where known; unknown codes stay as typed. */
export function emojify(text) {
  return text.replace(/:([a-z0-9_+-]+):/g, (whole, name) => EMOJI[name] ?? whole);
}

/** Slack encodes only these three in message text. */
export function decodeEntities(text) {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function textNode(text) {
  return document.createTextNode(emojify(decodeEntities(text)));
}

const SAFE_LINK = /^(https?:|mailto:)/i;

function relative(date) {
  const minutes = Math.round((Date.now() - date.getTime()) / 60_000);
  if (Math.abs(minutes) < 1) return 'just now';
  if (Math.abs(minutes) < 60) return minutes > 0 ? `${minutes} minutes ago` : `in ${-minutes} minutes`;
  const hours = Math.round(minutes / 60);
  if (Math.abs(hours) < 48) return hours > 0 ? `${hours} hours ago` : `in ${-hours} hours`;
  const days = Math.round(hours / 24);
  return days > 0 ? `${days} days ago` : `in ${-days} days`;
}

/** <!date^seconds^format|fallback>, formatted in the reader's time zone as Slack does. */
function slackDate(seconds, format, fallback) {
  const date = new Date(Number(seconds) * 1000);
  if (!Number.isFinite(date.getTime()) || !format) return fallback;
  const pad = (n) => String(n).padStart(2, '0');
  const tokens = {
    date_num: `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`,
    date: date.toLocaleDateString([], { year: 'numeric', month: 'long', day: 'numeric' }),
    date_short: date.toLocaleDateString([], { year: 'numeric', month: 'short', day: 'numeric' }),
    date_long: date.toLocaleDateString([], { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' }),
    date_pretty: date.toLocaleDateString([], { year: 'numeric', month: 'long', day: 'numeric' }),
    date_short_pretty: date.toLocaleDateString([], { year: 'numeric', month: 'short', day: 'numeric' }),
    date_long_pretty: date.toLocaleDateString([], { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' }),
    time: date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }),
    time_secs: date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' }),
    ago: relative(date),
  };
  return format.replace(/\{(\w+)\}/g, (whole, name) => tokens[name] ?? whole);
}

/** <…> tokens: mentions, channel links, special mentions, dates and URLs. */
function angleToken(body, ctx) {
  const bar = body.indexOf('|');
  const target = bar >= 0 ? body.slice(0, bar) : body;
  const label = bar >= 0 ? body.slice(bar + 1) : '';
  const span = (cls, text) => {
    const el = document.createElement('span');
    el.className = cls;
    el.textContent = decodeEntities(text);
    return el;
  };
  if (target.startsWith('@'))
    return span('mention', `@${ctx?.userName?.(target.slice(1)) ?? (label || target.slice(1))}`);
  if (target.startsWith('#'))
    return span('mention', `#${label || ctx?.channelName?.(target.slice(1)) || target.slice(1)}`);
  if (target.startsWith('!subteam^')) return span('mention', label || '@group');
  if (target.startsWith('!date^')) {
    const [, seconds, format] = target.split('^');
    return span('date', slackDate(seconds, decodeEntities(format ?? ''), label || target));
  }
  if (target.startsWith('!')) return span('mention', `@${target.slice(1)}`);
  const url = decodeEntities(target);
  if (SAFE_LINK.test(url)) {
    const a = document.createElement('a');
    a.href = url;
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
    a.textContent = decodeEntities(label || target);
    return a;
  }
  return textNode(label || target);
}

const INLINE =
  /`([^`\n]+)`|<([^<>\n]+)>|(?<![\w*])\*(?!\s)([^*\n]+?)(?<!\s)\*(?![\w*])|(?<![\w_])_(?!\s)([^_\n]+?)(?<!\s)_(?![\w_])|(?<![\w~])~(?!\s)([^~\n]+?)(?<!\s)~(?![\w~])|\n/g;

function appendInline(parent, text, ctx) {
  let last = 0;
  for (const m of text.matchAll(INLINE)) {
    if (m.index > last) parent.append(textNode(text.slice(last, m.index)));
    last = m.index + m[0].length;
    if (m[1] !== undefined) {
      const code = document.createElement('code');
      code.textContent = decodeEntities(m[1]);
      parent.append(code);
    } else if (m[2] !== undefined) {
      parent.append(angleToken(m[2], ctx));
    } else if (m[3] !== undefined || m[4] !== undefined || m[5] !== undefined) {
      const tag = m[3] !== undefined ? 'strong' : m[4] !== undefined ? 'em' : 's';
      const el = document.createElement(tag);
      appendInline(el, m[3] ?? m[4] ?? m[5], ctx);
      parent.append(el);
    } else {
      parent.append(document.createElement('br'));
    }
  }
  if (last < text.length) parent.append(textNode(text.slice(last)));
}

/** Lines starting with "&gt; " (how Slack stores "> ") are quotes. */
function appendWithQuotes(parent, text, ctx) {
  const lines = text.split('\n');
  let plain = [];
  let quote = [];
  const flushPlain = () => {
    if (plain.length > 0) appendInline(parent, plain.join('\n'), ctx);
    plain = [];
  };
  const flushQuote = () => {
    if (quote.length === 0) return;
    const q = document.createElement('blockquote');
    appendInline(q, quote.join('\n'), ctx);
    parent.append(q);
    quote = [];
  };
  for (const line of lines) {
    if (line.startsWith('&gt; ') || line === '&gt;') {
      flushPlain();
      quote.push(line.replace(/^&gt; ?/, ''));
    } else {
      flushQuote();
      plain.push(line);
    }
  }
  flushPlain();
  flushQuote();
}

/**
 * @param {string} text mrkdwn as an app sends it
 * @param {{ userName(id: string): string | undefined, channelName(id: string): string | undefined }} ctx
 * @returns {DocumentFragment}
 */
export function renderMrkdwn(text, ctx) {
  const fragment = document.createDocumentFragment();
  const parts = String(text).split('```');
  parts.forEach((part, i) => {
    if (i % 2 === 1 && i < parts.length - 1) {
      const pre = document.createElement('pre');
      pre.textContent = decodeEntities(part.replace(/^\n/, '').replace(/\n$/, ''));
      fragment.append(pre);
    } else {
      const chunk = i % 2 === 1 ? `\`\`\`${part}` : part;
      // The line break right after a code block belongs to the block.
      appendWithQuotes(fragment, i > 0 ? chunk.replace(/^\n/, '') : chunk, ctx);
    }
  });
  return fragment;
}

/** plain_text objects: shown as written, with :emoji: when asked. */
export function renderPlain(textObject) {
  const text = String(textObject?.text ?? '');
  return document.createTextNode(textObject?.emoji === false ? text : emojify(text));
}

/** A text object of either kind. */
export function renderTextObject(textObject, ctx) {
  if (textObject?.type === 'mrkdwn') return renderMrkdwn(textObject.text ?? '', ctx);
  return renderPlain(textObject);
}
