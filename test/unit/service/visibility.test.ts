import { describe, expect, it } from 'vitest';
import { outlineOf, type Viewer, viewOf } from '../../../src/service/policy/visibility.js';
import type { ChangeRequest } from '../../../src/service/types.js';

const request: ChangeRequest = {
  id: 'req-abcd1234',
  kind: 'create-group',
  status: 'done',
  spec: {
    kind: 'create-group',
    region: 'ap-guangzhou',
    templateId: 'custom',
    name: 'payroll-db',
    projectId: '0',
    notes: 'for payroll',
  },
  rules: [],
  risks: [],
  requesterId: 'U_REQ',
  approvalsRequired: 1,
  approvals: [{ actorId: 'U_AP', at: '2026-03-01T11:00:00.000Z' }],
  createdAt: '2026-03-01T10:00:00.000Z',
  expiresAt: '2026-03-02T10:00:00.000Z',
  history: [
    { from: null, to: 'pending', actorId: 'U_REQ', at: '2026-03-01T10:00:00.000Z' },
    { from: 'executing', to: 'done', actorId: 'system', at: '2026-03-01T11:00:05.000Z' },
  ],
  origin: { conversationId: 'G0PAYROLL', workspaceId: 'T0HOME' },
  result: { securityGroupId: 'sg-1a2b3c4d', rules: [], completedAt: '2026-03-01T11:00:05.000Z' },
  version: 4,
};

const at = (conversationId: string, workspaceId = 'T0HOME') => ({ conversationId, workspaceId });

describe('viewOf: what a person may see of a request', () => {
  it.each<[string, Viewer, boolean, 'full' | 'outline' | 'none']>([
    ['anyone in the channel it was asked in', { actorId: 'U_ANY', from: at('G0PAYROLL') }, false, 'full'],
    ['its requester, anywhere', { actorId: 'U_REQ', from: at('C0ELSE') }, false, 'full'],
    ['an approver, anywhere', { actorId: 'U_AP2', from: at('C0ELSE') }, true, 'full'],
    ['someone else, in another channel', { actorId: 'U_ANY', from: at('C0ELSE') }, false, 'outline'],
    ['someone else, in a DM', { actorId: 'U_ANY', from: at('D0DM') }, false, 'outline'],
    [
      'anyone in another workspace, even its channel id',
      { actorId: 'U_ANY', from: at('G0PAYROLL', 'T0ELSE') },
      false,
      'none',
    ],
    ['an approver in another workspace', { actorId: 'U_AP2', from: at('C0ELSE', 'T0ELSE') }, true, 'none'],
    ['a front end that does not say where', { actorId: 'U_ANY' }, false, 'full'],
  ])('%s: %s', (_who, viewer, isApprover, visibility) => {
    expect(viewOf(request, viewer, isApprover).visibility).toBe(visibility);
  });

  it('a request asked without an origin: everyone sees all of it', () => {
    const { origin: _, ...noOrigin } = request;
    expect(viewOf(noOrigin, { actorId: 'U_ANY', from: at('C0ELSE') }, false).visibility).toBe('full');
  });

  it('the outline holds the id, kind, status and dates: no name, notes, rules, people or group id', () => {
    const view = viewOf(request, { actorId: 'U_ANY', from: at('C0ELSE') }, false);
    expect(view).toEqual({
      visibility: 'outline',
      why: 'asked-elsewhere',
      request: {
        id: 'req-abcd1234',
        kind: 'create-group',
        status: 'done',
        createdAt: '2026-03-01T10:00:00.000Z',
        expiresAt: '2026-03-02T10:00:00.000Z',
        updatedAt: '2026-03-01T11:00:05.000Z',
      },
    });
    expect(JSON.stringify(outlineOf(request))).not.toMatch(/payroll|sg-|U_REQ|U_AP/);
  });
});
