import { describe, expect, it } from 'vitest';
import { parseCommandText } from '../../../src/slack/forms/command-text.js';

describe('parseCommandText', () => {
  it.each([
    ['', { kind: 'help' }],
    ['   ', { kind: 'help' }],
    ['help', { kind: 'help' }],
    ['new', { kind: 'new' }],
    ['NEW', { kind: 'new' }],
    ['templates', { kind: 'templates' }],
    ['history', { kind: 'history' }],
    ['list', { kind: 'list' }],
    ['list ap-shanghai', { kind: 'list', region: 'ap-shanghai' }],
    ['show req-ab12cd34', { kind: 'show-request', requestId: 'req-ab12cd34' }],
    ['show REQ-AB12CD34', { kind: 'show-request', requestId: 'req-ab12cd34' }],
    ['show sg-ab12cd34', { kind: 'show-group', groupId: 'sg-ab12cd34' }],
    ['show sg-ab12cd34 ap-beijing', { kind: 'show-group', groupId: 'sg-ab12cd34', region: 'ap-beijing' }],
  ])('%j', (text, expected) => {
    expect(parseCommandText(text)).toEqual(expected);
  });

  it.each([
    ['frobnicate', 'Unknown subcommand "frobnicate".'],
    ['new please', '`new` takes no arguments.'],
    ['templates x', '`templates` takes no arguments.'],
    ['list a b', '`list` takes at most one region.'],
    ['list <!channel>', '"<!channel>" is not a region id (e.g. ap-guangzhou).'],
    ['show', '`show` takes a request id (req-…) or a security group id (sg-…) and, for a group, a region.'],
    ['show req-ab12cd34 ap-beijing', '`show req-…` takes no region.'],
    [
      'show sg-123',
      '"sg-123" is neither a request id (req- and 8 letters or digits) nor a security group id (sg- and 8 letters or digits).',
    ],
    ['show sg-ab12cd34 nowhere', '"nowhere" is not a region id (e.g. ap-guangzhou).'],
  ])('%j is refused with usage and a reason', (text, problem) => {
    expect(parseCommandText(text)).toEqual({ kind: 'help', problem });
  });
});
