import type { ChangeRequest, Rule } from '../../../src/service/types.js';

export const sshRule: Rule = {
  direction: 'inbound',
  protocol: 'TCP',
  port: '22',
  peer: { kind: 'ipv4', cidr: '0.0.0.0/0' },
  action: 'ACCEPT',
  description: 'Linux SSH login (IPv4)',
};

export const egressRule: Rule = {
  direction: 'outbound',
  protocol: 'ALL',
  port: 'ALL',
  peer: { kind: 'ipv6', cidr: '::/0' },
  action: 'ACCEPT',
  description: 'Open all ports (IPv6)',
};

/** A pending create-group request; override what a test is about. */
export function aRequest(overrides: Partial<ChangeRequest> = {}): ChangeRequest {
  return {
    id: 'req-ab12cd34',
    kind: 'create-group',
    status: 'pending',
    spec: {
      kind: 'create-group',
      region: 'ap-guangzhou',
      templateId: 'web-basic',
      name: 'web-prod',
      projectId: '0',
      notes: 'for the shop',
    },
    rules: [sshRule, egressRule],
    risks: [{ ruleIndex: 0, severity: 'warning', message: 'SSH (22) open to the internet' }],
    requesterId: 'U0REQUESTER',
    approvalsRequired: 1,
    approvals: [],
    createdAt: '2026-01-02T03:04:05.000Z',
    expiresAt: '2026-01-03T03:04:05.000Z',
    history: [{ from: null, to: 'pending', actorId: 'U0REQUESTER', at: '2026-01-02T03:04:05.000Z' }],
    version: 1,
    ...overrides,
  };
}
