import { describe, expect, it } from 'vitest';
import {
  AlreadyApprovedByActorError,
  AlreadyDecidedError,
  CloudRejectedError,
  CloudUnavailableError,
  type DomainError,
  type DomainErrorCode,
  ExpiredError,
  InvalidInputError,
  NotApproverError,
  NotFoundError,
  NotRequesterError,
  QuotaExceededError,
  SelfApprovalError,
  VersionConflictError,
  WrongPlaceError,
} from '../../../src/service/errors.js';
import { channelNotAllowedText, userMessageFor } from '../../../src/slack/user-errors.js';
import { recordingLogger } from '../../helpers/recording-logger.js';
import { aRequest } from './change-request-fixture.js';

const at = '2026-01-02T04:00:00.000Z';
const cases: [DomainErrorCode, DomainError, string][] = [
  [
    'invalid_input',
    new InvalidInputError([{ field: 'name', message: 'Enter <!channel>.' }]),
    "That input isn't valid:\n• name: Enter &lt;!channel&gt;.",
  ],
  ['not_found', new NotFoundError('request', '<!here>'), "I can't find request `&lt;!here&gt;`."],
  [
    'not_approver',
    new NotApproverError('req-ab12cd34'),
    "You're not an approver for `req-ab12cd34`, so nothing changed. Ask one of the approvers mentioned in its thread.",
  ],
  [
    'self_approval',
    new SelfApprovalError('req-ab12cd34'),
    'You made `req-ab12cd34`, so someone else has to approve it. Nothing changed.',
  ],
  [
    'already_approved_by_actor',
    new AlreadyApprovedByActorError('req-ab12cd34'),
    "You've already approved `req-ab12cd34`; it needs another approver.",
  ],
  [
    'already_decided',
    new AlreadyDecidedError(
      aRequest({
        status: 'done',
        approvals: [{ actorId: 'U0APPROVER', at }],
        result: { securityGroupId: 'sg-1a2b3c4d', rules: [], completedAt: at },
      }),
    ),
    'Already approved by <@U0APPROVER>; `req-ab12cd34` is done (`sg-1a2b3c4d`).',
  ],
  [
    'not_requester',
    new NotRequesterError('req-ab12cd34'),
    'Only the person who made `req-ab12cd34` can cancel it. Approvers can reject it instead.',
  ],
  [
    'expired',
    new ExpiredError('req-ab12cd34'),
    '`req-ab12cd34` has expired; nothing changed. Make a new request with `/secgroup new`.',
  ],
  [
    'quota_exceeded',
    new QuotaExceededError('50 groups in ap-guangzhou'),
    'Tencent Cloud quota reached: 50 groups in ap-guangzhou. Delete unused groups or ask for a higher quota.',
  ],
  [
    'cloud_rejected',
    new CloudRejectedError('InvalidParameterValue', 'bad <value>', 'a1b2'),
    'Tencent Cloud refused it: `InvalidParameterValue`: bad &lt;value&gt; (RequestId `a1b2`).',
  ],
  [
    'cloud_unavailable',
    new CloudUnavailableError('RequestLimitExceeded', 'slow down'),
    "Tencent Cloud isn't answering right now (`RequestLimitExceeded`: slow down). Try again in a few minutes.",
  ],
  [
    'version_conflict',
    new VersionConflictError('sg-1a2b3c4d', '60', 'UnsupportedOperation.VersionMismatch', 'a1b2'),
    'The rules of `sg-1a2b3c4d` changed since this change was planned (version `60`); nothing was applied. Re-plan it.',
  ],
  [
    'wrong_place',
    new WrongPlaceError('req-ab12cd34'),
    '`req-ab12cd34` can be acted on only in its thread, in the channel where it was requested. Nothing changed.',
  ],
];

describe('channelNotAllowedText', () => {
  it('names the channels secgroup may be used in, or only refuses when any channel would do', () => {
    expect(channelNotAllowedText(['C0SEC'])).toBe("secgroup isn't enabled in this channel. Use it in <#C0SEC>.");
    expect(channelNotAllowedText(['C0SEC', 'G0PRIV'])).toBe(
      "secgroup isn't enabled in this channel. Use it in <#C0SEC>, <#G0PRIV>.",
    );
    expect(channelNotAllowedText([])).toBe("secgroup isn't enabled in this channel.");
  });
});

describe('userMessageFor', () => {
  it.each(cases)('%s', (code, error, expected) => {
    const log = recordingLogger();
    expect(error.code).toBe(code);
    expect(userMessageFor(error, log)).toBe(expected);
    expect(log.lines).toEqual([]);
  });

  it('has a case for every code', () => {
    const codes = new Set(cases.map(([code]) => code));
    expect(codes.size).toBe(13);
  });

  it.each([
    [
      'rejected',
      {
        status: 'rejected' as const,
        history: [{ from: 'pending' as const, to: 'rejected' as const, actorId: 'U0B', at, reason: 'no' }],
      },
      '`req-ab12cd34` was already rejected by <@U0B>; nothing changed.',
    ],
    [
      'approved',
      { status: 'executing' as const, approvals: [{ actorId: 'U0A', at }] },
      'Already approved by <@U0A>; `req-ab12cd34` is being carried out.',
    ],
    [
      'cancelled',
      {
        status: 'cancelled' as const,
        history: [{ from: 'pending' as const, to: 'cancelled' as const, actorId: 'U0R', at }],
      },
      '`req-ab12cd34` was already cancelled by <@U0R>; nothing changed.',
    ],
  ])('already decided (%s) names who decided', (_name, overrides, expected) => {
    expect(userMessageFor(new AlreadyDecidedError(aRequest(overrides)), recordingLogger())).toBe(expected);
  });

  it('gives an unknown error generic text with an incident id, logged with its stack', () => {
    const log = recordingLogger();
    const text = userMessageFor(new Error('db exploded: token xoxb-1'), log);
    const incident = /incident `(inc-[0-9a-f]{8})`/.exec(text)?.[1];
    expect(incident).toBeDefined();
    expect(text).not.toContain('db exploded');
    expect(log.lines).toHaveLength(1);
    expect(log.lines[0]?.level).toBe('error');
    expect(log.lines[0]?.text).toContain(incident);
    expect(log.lines[0]?.text).toContain('Error: db exploded');
  });
});
