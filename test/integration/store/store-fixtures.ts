import type { ChangeRequest } from '../../../src/service/types.js';

const BASE = Date.parse('2026-03-02T09:00:00.000Z');

/** Request number `n`, created `n` seconds after a fixed instant. */
export function request(n: number, overrides: Partial<ChangeRequest> = {}): ChangeRequest {
  const createdAt = new Date(BASE + n * 1000).toISOString();
  return {
    id: `req-${n.toString(36).padStart(8, '0')}`,
    kind: 'create-group',
    status: 'pending',
    spec: {
      kind: 'create-group',
      region: 'ap-guangzhou',
      templateId: 'custom',
      name: `g${n}`,
      projectId: '0',
      notes: '',
    },
    rules: [],
    risks: [],
    requesterId: 'U_REQ',
    approvalsRequired: 1,
    approvals: [],
    createdAt,
    expiresAt: new Date(BASE + n * 1000 + 86_400_000).toISOString(),
    history: [{ from: null, to: 'pending', actorId: 'U_REQ', at: createdAt }],
    version: 1,
    ...overrides,
  };
}
