import { describe, expect, it } from 'vitest';
import { WrongPlaceError } from '../../../src/service/errors.js';
import {
  approvalsNeeded,
  decideApproval,
  decideCancel,
  decideOrigin,
  decideRejection,
  decideRetry,
  isOverdue,
  type PolicyContext,
  validateRejectReason,
} from '../../../src/service/policy/approval-policy.js';
import type { ChangeRequest, RequestOrigin } from '../../../src/service/types.js';

const NOW = new Date('2026-03-02T10:00:00.000Z');
const BEFORE_DEADLINE = '2026-03-02T10:00:00.001Z';
const AT_DEADLINE = '2026-03-02T10:00:00.000Z';

function request(overrides: Partial<ChangeRequest> = {}): ChangeRequest {
  return {
    id: 'req-abcd1234',
    kind: 'create-group',
    status: 'pending',
    spec: { kind: 'create-group', region: 'ap-guangzhou', templateId: 'custom', name: 'x', projectId: '0', notes: '' },
    rules: [],
    risks: [],
    requesterId: 'U_REQ',
    approvalsRequired: 1,
    approvals: [],
    createdAt: '2026-03-01T10:00:00.000Z',
    expiresAt: BEFORE_DEADLINE,
    history: [],
    version: 1,
    ...overrides,
  };
}

const approver = { actorIsApprover: true, now: NOW };
const stranger = { actorIsApprover: false, now: NOW };

describe('decideApproval', () => {
  it('lets an approver approve; one approval completes a one-approval request', () => {
    expect(decideApproval(request(), 'U_AP1', approver)).toEqual({ kind: 'allow', completes: true });
  });

  it('needs the number of distinct approvals the request asks for', () => {
    const twoNeeded = request({ approvalsRequired: 2 });
    expect(decideApproval(twoNeeded, 'U_AP1', approver)).toEqual({ kind: 'allow', completes: false });
    const oneGiven = request({ approvalsRequired: 2, approvals: [{ actorId: 'U_AP1', at: NOW.toISOString() }] });
    expect(decideApproval(oneGiven, 'U_AP2', approver)).toEqual({ kind: 'allow', completes: true });
  });

  const refusals: [string, ChangeRequest, string, PolicyContext, string][] = [
    ['the requester, even when an approver', request(), 'U_REQ', approver, 'self_approval'],
    ['someone not an approver', request(), 'U_X', stranger, 'not_approver'],
    [
      'an approver approving twice',
      request({ approvalsRequired: 2, approvals: [{ actorId: 'U_AP1', at: NOW.toISOString() }] }),
      'U_AP1',
      approver,
      'already_approved_by_actor',
    ],
    ...(['approved', 'executing', 'done', 'failed', 'rejected', 'expired', 'cancelled'] as const).map(
      (status): [string, ChangeRequest, string, PolicyContext, string] => [
        `a request that is ${status}`,
        request({ status }),
        'U_AP1',
        approver,
        'already_decided',
      ],
    ),
  ];
  it.each(refusals)('refuses %s', (_name, r, actor, context, code) => {
    const verdict = decideApproval(r, actor, context);
    expect(verdict.kind === 'refuse' && verdict.error.code).toBe(code);
  });

  it('tells the stranger they are no approver before anything about the request', () => {
    const verdict = decideApproval(request({ status: 'done' }), 'U_X', stranger);
    expect(verdict.kind === 'refuse' && verdict.error.code).toBe('not_approver');
  });

  it('carries the request in an already-decided refusal, so the front end can say who decided', () => {
    const done = request({ status: 'done' });
    const verdict = decideApproval(done, 'U_AP1', approver);
    expect(verdict.kind === 'refuse' && 'request' in verdict.error && verdict.error.request).toBe(done);
  });

  it('expires a pending request at its deadline', () => {
    expect(decideApproval(request({ expiresAt: AT_DEADLINE }), 'U_AP1', approver)).toEqual({ kind: 'expire' });
  });
});

describe('decideRejection', () => {
  it('lets any approver reject a pending request, the requester included when an approver', () => {
    expect(decideRejection(request(), approver)).toEqual({ kind: 'allow' });
  });

  it('refuses strangers, decided requests, and expires overdue ones', () => {
    const refused = decideRejection(request(), stranger);
    expect(refused.kind === 'refuse' && refused.error.code).toBe('not_approver');
    const decided = decideRejection(request({ status: 'rejected' }), approver);
    expect(decided.kind === 'refuse' && decided.error.code).toBe('already_decided');
    expect(decideRejection(request({ expiresAt: AT_DEADLINE }), approver)).toEqual({ kind: 'expire' });
  });
});

describe('validateRejectReason', () => {
  it.each([
    ['a reason', '  too open  ', { ok: true, value: 'too open' }],
    ['500 characters', 'r'.repeat(500), { ok: true, value: 'r'.repeat(500) }],
  ])('accepts %s', (_name, reason, expected) => {
    expect(validateRejectReason(reason)).toEqual(expected);
  });

  it.each([
    ['no reason', '', /Say why/],
    ['blank', '   ', /Say why/],
    ['not text', undefined, /Say why/],
    ['501 characters', 'r'.repeat(501), /500 characters \(it has 501\)/],
  ])('refuses %s', (_name, reason, message) => {
    expect(validateRejectReason(reason)).toEqual({
      ok: false,
      issues: [{ field: 'reason', message: expect.stringMatching(message) }],
    });
  });
});

describe('decideCancel', () => {
  it('lets the requester cancel while pending', () => {
    expect(decideCancel(request(), 'U_REQ', NOW)).toEqual({ kind: 'allow' });
  });

  it.each([
    ['an approver', request(), 'U_AP1', 'not_requester'],
    ['the requester, once approved', request({ status: 'approved' }), 'U_REQ', 'already_decided'],
    ['the requester, once done', request({ status: 'done' }), 'U_REQ', 'already_decided'],
  ])('refuses %s', (_name, r, actor, code) => {
    const verdict = decideCancel(r, actor, NOW);
    expect(verdict.kind === 'refuse' && verdict.error.code).toBe(code);
  });

  it('expires instead of cancelling past the deadline', () => {
    expect(decideCancel(request({ expiresAt: AT_DEADLINE }), 'U_REQ', NOW)).toEqual({ kind: 'expire' });
  });
});

describe('decideRetry', () => {
  it('lets an approver retry a failed request', () => {
    expect(decideRetry(request({ status: 'failed' }), { actorIsApprover: true })).toEqual({ kind: 'allow' });
  });

  it.each([
    ['a stranger', request({ status: 'failed' }), false, 'not_approver'],
    ['a done request', request({ status: 'done' }), true, 'already_decided'],
    ['a pending request', request(), true, 'already_decided'],
  ])('refuses %s', (_name, r, actorIsApprover, code) => {
    const verdict = decideRetry(r, { actorIsApprover });
    expect(verdict.kind === 'refuse' && verdict.error.code).toBe(code);
  });
});

describe('approvalsNeeded and isOverdue', () => {
  const risk = { ruleIndex: 0, severity: 'warning' as const, message: 'SSH (22) open to the internet' };

  it.each([
    ['a template needing 2', 'create-group', [], 2, 2],
    ['a template needing 1, even with risks', 'create-group', [risk], 1, 1],
    ['added rules without risk', 'add-rules', [], undefined, 1],
    ['added rules with a risk', 'add-rules', [risk], undefined, 2],
  ] as const)('%s → %i', (_name, kind, risks, templateApprovals, expected) => {
    expect(approvalsNeeded(kind, risks, templateApprovals)).toBe(expected);
  });

  it('is overdue only while pending and at or past the deadline', () => {
    expect(isOverdue(request({ expiresAt: AT_DEADLINE }), NOW)).toBe(true);
    expect(isOverdue(request({ expiresAt: BEFORE_DEADLINE }), NOW)).toBe(false);
    expect(isOverdue(request({ expiresAt: AT_DEADLINE, status: 'done' }), NOW)).toBe(false);
  });
});

describe('decideOrigin: actions only from where the request was asked', () => {
  const origin: RequestOrigin = { conversationId: 'C0HOME', workspaceId: 'T0HOME' };
  const asked = request({ origin });

  it.each<[string, ChangeRequest, RequestOrigin | undefined, 'allow' | 'refuse']>([
    ['its channel in its workspace', asked, { conversationId: 'C0HOME', workspaceId: 'T0HOME' }, 'allow'],
    ['another channel', asked, { conversationId: 'C0ELSE', workspaceId: 'T0HOME' }, 'refuse'],
    ['another workspace', asked, { conversationId: 'C0HOME', workspaceId: 'T0ELSE' }, 'refuse'],
    ['a front end that does not say its workspace', asked, { conversationId: 'C0HOME' }, 'refuse'],
    ['a front end that does not say where', asked, undefined, 'allow'],
    ['a request without an origin', request(), { conversationId: 'C0ELSE', workspaceId: 'T0ELSE' }, 'allow'],
    [
      'a request asked without a workspace, from its channel',
      request({ origin: { conversationId: 'C0HOME' } }),
      { conversationId: 'C0HOME', workspaceId: 'T0ANY' },
      'allow',
    ],
  ])('%s: %s', (_name, r, from, kind) => {
    const verdict = decideOrigin(r, from);
    expect(verdict.kind).toBe(kind);
    if (verdict.kind === 'refuse') expect(verdict.error).toEqual(new WrongPlaceError(r.id));
  });

  const elsewhere: RequestOrigin = { conversationId: 'C0ELSE', workspaceId: 'T0HOME' };
  it.each<[string, () => { kind: string }]>([
    ['approve, even by an approver', () => decideApproval(asked, 'U_AP1', { ...approver, from: elsewhere })],
    [
      'approve, by the requester (before "you made it")',
      () => decideApproval(asked, 'U_REQ', { ...approver, from: elsewhere }),
    ],
    ['reject', () => decideRejection(asked, { ...approver, from: elsewhere })],
    ['cancel, by the requester', () => decideCancel(asked, 'U_REQ', NOW, elsewhere)],
    [
      'retry, of a failed request',
      () => decideRetry({ ...asked, status: 'failed' }, { actorIsApprover: true, from: elsewhere }),
    ],
    [
      'approve, of a decided request (its state is not told)',
      () => decideApproval({ ...asked, status: 'done' }, 'U_AP1', { ...approver, from: elsewhere }),
    ],
  ])('is checked first: %s from elsewhere is refused as such', (_name, decide) => {
    expect(decide()).toEqual({ kind: 'refuse', error: new WrongPlaceError(asked.id) });
  });
});
