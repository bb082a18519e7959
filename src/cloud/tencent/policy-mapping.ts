/** Domain rules and groups ↔ Tencent Cloud security-group policies and groups. */
import type { Direction, Protocol, Rule, RuleAction, SecurityGroup } from '../../service/types.js';
import type { TencentPolicyRead, TencentSecurityGroup } from './response-schemas.js';
import { instantFromTencentTime } from './tencent-time.js';

/** A policy as CreateSecurityGroupWithPolicies and CreateSecurityGroupPolicies take it. */
export interface TencentPolicy {
  Protocol: string;
  Port?: string;
  CidrBlock?: string;
  Ipv6CidrBlock?: string;
  SecurityGroupId?: string;
  Action: RuleAction;
  PolicyDescription: string;
}

export const POLICY_SET_KEY = { inbound: 'Ingress', outbound: 'Egress' } as const satisfies Record<Direction, string>;

export function ruleToPolicy(rule: Rule): TencentPolicy {
  const policy: TencentPolicy = { Protocol: rule.protocol, Action: rule.action, PolicyDescription: rule.description };
  // Only TCP and UDP take a port; Tencent Cloud rejects one on any other protocol except "ALL".
  if (rule.protocol === 'TCP' || rule.protocol === 'UDP') policy.Port = rule.port;
  else if (rule.protocol === 'ALL') policy.Port = 'ALL';
  switch (rule.peer.kind) {
    case 'ipv4':
      policy.CidrBlock = rule.peer.cidr;
      break;
    case 'ipv6':
      policy.Ipv6CidrBlock = rule.peer.cidr;
      break;
    case 'security-group':
      policy.SecurityGroupId = rule.peer.groupId;
      break;
  }
  return policy;
}

/** The policy set for one create call: rules in their given order, split by direction. */
export function policySetFor(rules: Rule[]): { Ingress: TencentPolicy[]; Egress: TencentPolicy[] } {
  return {
    Ingress: rules.filter((r) => r.direction === 'inbound').map(ruleToPolicy),
    Egress: rules.filter((r) => r.direction === 'outbound').map(ruleToPolicy),
  };
}

const PROTOCOLS_READ: Record<string, Protocol> = {
  TCP: 'TCP',
  UDP: 'UDP',
  ICMP: 'ICMP',
  ICMPV6: 'ICMPv6',
  ALL: 'ALL',
};

export type PolicyReading = { rule: Rule } | { skipped: string };

/**
 * Reads one policy back. Tencent Cloud answers in mixed case ("tcp", "All", "ACCEPT") and with
 * empty strings for fields it does not use. Policies secgroup cannot express (service or address
 * templates, GRE) are skipped with the reason, never guessed.
 */
export function policyToRule(direction: Direction, policy: TencentPolicyRead): PolicyReading {
  if (policy.ServiceTemplate.length > 0) {
    return { skipped: `uses service template ${policy.ServiceTemplate.join('/')}` };
  }
  if (policy.AddressTemplate.length > 0) {
    return { skipped: `uses address template ${policy.AddressTemplate.join('/')}` };
  }
  const protocol = PROTOCOLS_READ[policy.Protocol.toUpperCase()];
  if (!protocol) return { skipped: `protocol "${policy.Protocol}" is not one secgroup manages` };
  const action = policy.Action.toUpperCase();
  if (action !== 'ACCEPT' && action !== 'DROP') return { skipped: `action "${policy.Action}" is unknown` };
  const peer = policy.CidrBlock
    ? ({ kind: 'ipv4', cidr: policy.CidrBlock } as const)
    : policy.Ipv6CidrBlock
      ? ({ kind: 'ipv6', cidr: policy.Ipv6CidrBlock } as const)
      : policy.SecurityGroupId
        ? ({ kind: 'security-group', groupId: policy.SecurityGroupId } as const)
        : undefined;
  if (!peer) return { skipped: 'names no CIDR block or security group' };
  const port = protocol === 'TCP' || protocol === 'UDP' ? portRead(policy.Port) : 'ALL';
  return { rule: { direction, protocol, port, peer, action, description: policy.PolicyDescription } };
}

function portRead(port: string): string {
  const trimmed = port.trim();
  return trimmed === '' || trimmed.toUpperCase() === 'ALL' ? 'ALL' : trimmed;
}

export function groupFromTencent(group: TencentSecurityGroup, region: string): SecurityGroup {
  // TagSet may repeat a key; the first value is kept.
  const tags = new Map<string, string>();
  for (const { Key, Value } of group.TagSet ?? []) {
    if (!tags.has(Key)) tags.set(Key, Value);
  }
  return {
    id: group.SecurityGroupId,
    name: group.SecurityGroupName,
    description: group.SecurityGroupDesc,
    projectId: group.ProjectId,
    region,
    createdTime: instantFromTencentTime(group.CreatedTime) ?? '',
    tags: Object.fromEntries(tags),
  };
}
