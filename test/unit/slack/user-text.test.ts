import { describe, expect, it } from 'vitest';
import { inlineUserText, plainUserText, userTextField } from '../../../src/slack/blocks/user-text.js';

describe('user text, shown inert', () => {
  it.each([
    ['markup', '*APPROVED* _x_ ~x~ :tada:', '`*APPROVED* _x_ ~x~ :tada:`'],
    ['backticks, which would end the span', 'a `b` ```c```', "`a 'b' '''c'''`"],
    ['line breaks, which code spans cannot cross', 'one\n> two\r\n*three*\u2028four', '`one &gt; two *three* four`'],
    [
      'mentions and links',
      '<!channel> <https://x.example|y> &',
      '`&lt;!channel&gt; &lt;https://x.example|y&gt; &amp;`',
    ],
  ])('inside mrkdwn: one inline code span (%s)', (_name, text, shown) => {
    expect(inlineUserText(text)).toBe(shown);
  });

  it('as plain_text: exactly as typed, emoji codes off, blank as a dash, cut to the limit', () => {
    expect(plainUserText('<!here> *x* :tada:')).toEqual({
      type: 'plain_text',
      text: '<!here> *x* :tada:',
      emoji: false,
    });
    expect(plainUserText('  ')).toEqual({ type: 'plain_text', text: '—', emoji: false });
    expect(plainUserText('x'.repeat(10), 5).text).toBe('xxxx…');
    expect(userTextField('Notes', '')).toEqual({ type: 'plain_text', text: 'Notes\n—', emoji: false });
  });
});
