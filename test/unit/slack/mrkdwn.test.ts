import { describe, expect, it } from 'vitest';
import {
  channelLink,
  clipMrkdwn,
  code,
  escapeMrkdwn,
  mention,
  slackDate,
  truncate,
} from '../../../src/slack/blocks/mrkdwn.js';

describe('escapeMrkdwn', () => {
  it.each([
    ['<!channel>', '&lt;!channel&gt;'],
    ['<https://evil.example|docs>', '&lt;https://evil.example|docs&gt;'],
    ['<@U123>', '&lt;@U123&gt;'],
    ['a & b', 'a &amp; b'],
    ['&lt;', '&amp;lt;'],
    ['plain text', 'plain text'],
  ])('%s → %s', (input, expected) => {
    expect(escapeMrkdwn(input)).toBe(expected);
  });
});

describe('mention', () => {
  it.each([
    ['U0123ABC', '<@U0123ABC>'],
    ['W0123ABC', '<@W0123ABC>'],
    ['S0123ABC', '<!subteam^S0123ABC>'],
    ['<!here>', '&lt;!here&gt;'],
    ['u123', 'u123'],
  ])('%s → %s', (id, expected) => {
    expect(mention(id)).toBe(expected);
  });
});

describe('helpers', () => {
  it('links channel ids and escapes anything else', () => {
    expect(channelLink('C0123')).toBe('<#C0123>');
    expect(channelLink('<!channel>')).toBe('&lt;!channel&gt;');
  });

  it('code() escapes and cannot be closed early by a backtick', () => {
    expect(code('a`<!channel>`')).toBe("`a'&lt;!channel&gt;'`");
  });

  it('truncate keeps short text and marks a cut', () => {
    expect(truncate('abc', 3)).toBe('abc');
    expect(truncate('abcdef', 4)).toBe('abc…');
  });

  it("slackDate formats a time in each reader's own zone (Slack's date token), with a UTC fallback", () => {
    // https://docs.slack.dev/messaging/formatting-message-text#date-formatting: <!date^unix^tokens|fallback>
    expect(slackDate('2026-01-02T03:04:05.000Z')).toBe(
      '<!date^1767323045^{date_short_pretty} {time}|2026-01-02 03:04 UTC>',
    );
    expect(slackDate('')).toBe('unknown');
    expect(slackDate('<!channel>')).toBe('&lt;!channel&gt;');
  });

  it('clipMrkdwn cuts within the limit without leaving half an entity or token', () => {
    expect(clipMrkdwn('short', 10)).toBe('short');
    expect(clipMrkdwn('a &amp; b', 5)).toBe('a …');
    expect(clipMrkdwn('hi <@U0REQUESTER> there', 8)).toBe('hi …');
    for (let max = 1; max < 40; max++) {
      const clipped = clipMrkdwn('x &lt;!channel&gt; <!date^1^{time}|t> y', max);
      expect(clipped.length).toBeLessThanOrEqual(max);
      expect(clipped).not.toMatch(/&[a-z]*…$|<[^>]*…$/);
    }
  });
});
