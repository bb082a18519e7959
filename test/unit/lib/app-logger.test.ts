import { LogLevel } from '@slack/logger';
import { describe, expect, it } from 'vitest';
import { createAppLogger, type LogFormat } from '../../../src/lib/app-logger.js';
import { logFields } from '../../../src/lib/log.js';

const AT = new Date('2026-03-02T09:00:00.000Z');
const SECRET = 'xoxb-unit-test-secret-token';

function capture(format: LogFormat, level: 'debug' | 'info' | 'warn' | 'error' = 'debug') {
  const lines: { line: string; level: string }[] = [];
  const logger = createAppLogger({
    format,
    level,
    secrets: [SECRET, 'short'],
    now: () => AT,
    write: (line, lineLevel) => lines.push({ line, level: lineLevel }),
  });
  return { logger, lines };
}

describe('the JSON log format', () => {
  it('writes one object per line: time, level, name, the call’s fields, and the message', () => {
    const { logger, lines } = capture('json');
    logger.info(
      'request req-abc12345 submitted by U0REQUESTER',
      logFields({ event: 'request.submitted', requestId: 'req-abc12345', actor: 'U0REQUESTER', kind: 'create-group' }),
    );
    logger.warn('slack: could not post', 42, { channel: 'C1' });

    expect(lines.map((l) => JSON.parse(l.line))).toEqual([
      {
        time: '2026-03-02T09:00:00.000Z',
        level: 'info',
        name: 'secgroup',
        event: 'request.submitted',
        requestId: 'req-abc12345',
        actor: 'U0REQUESTER',
        kind: 'create-group',
        message: 'request req-abc12345 submitted by U0REQUESTER',
      },
      // A call without fields (Bolt's, or a plain message) is a line too, formatted as console.log would.
      {
        time: '2026-03-02T09:00:00.000Z',
        level: 'warn',
        name: 'secgroup',
        message: "slack: could not post 42 { channel: 'C1' }",
      },
    ]);
    expect(lines.every((l) => !l.line.includes('\n'))).toBe(true);
  });

  it('never writes a configured secret, in the message or in a field', () => {
    const { logger, lines } = capture('json');
    logger.error(new Error(`Slack said no to ${SECRET}`), logFields({ event: 'x', detail: `token=${SECRET}` }));
    const [entry] = lines.map((l) => JSON.parse(l.line));
    expect(lines[0]?.line).not.toContain(SECRET);
    expect(entry.message).toContain('Slack said no to [redacted]');
    expect(entry.message).toContain('at '); // the stack, as the text format shows it
    expect(entry.detail).toBe('token=[redacted]');
  });

  it('keeps its own keys: a field cannot replace the time, level or message', () => {
    const { logger, lines } = capture('json');
    logger.info('the real message', logFields({ event: 'x', message: 'forged', level: 'error', time: 'never' }));
    expect(JSON.parse(lines[0]?.line ?? '')).toMatchObject({
      level: 'info',
      message: 'the real message',
      time: AT.toISOString(),
    });
  });
});

describe('the text log format', () => {
  it('writes what Bolt’s ConsoleLogger writes, without the fields', () => {
    const { logger, lines } = capture('text');
    logger.info(
      'request req-abc12345 done: sg-12345678',
      logFields({ event: 'execution.done', requestId: 'req-abc12345' }),
    );
    logger.error('failed', new Error('boom'));
    expect(lines[0]).toEqual({ line: '[INFO]  secgroup request req-abc12345 done: sg-12345678', level: 'info' });
    expect(lines[1]?.line).toMatch(/^\[ERROR\] secgroup failed Error: boom\n\s+at /);
  });

  it('redacts secrets too, and leaves values too short to be secrets alone', () => {
    const { logger, lines } = capture('text');
    logger.warn(`token ${SECRET} in a short message`);
    expect(lines[0]?.line).toBe('[WARN]  secgroup token [redacted] in a short message');
  });
});

describe('levels', () => {
  it('leaves out what is below the level, which Bolt may change', () => {
    const { logger, lines } = capture('json', 'info');
    logger.debug('hidden');
    logger.info('shown');
    logger.setLevel(LogLevel.WARN);
    logger.info('hidden too');
    logger.error('shown too');
    expect(lines.map((l) => JSON.parse(l.line).message)).toEqual(['shown', 'shown too']);
    expect(logger.getLevel()).toBe(LogLevel.WARN);
  });
});
