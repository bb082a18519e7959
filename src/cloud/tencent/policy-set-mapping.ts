/** A DescribeSecurityGroupPolicies answer as the port's PolicySet: indexed rules, and the rules secgroup cannot hold. */

import type { z } from 'zod';
import type { ForeignPolicy, PolicyEntry } from '../../service/ports.js';
import { DIRECTIONS, type Direction } from '../../service/types.js';
import { POLICY_SET_KEY, policyToRule } from './policy-mapping.js';
import type { describePoliciesResponse, TencentPolicyRead } from './response-schemas.js';
import { instantFromTencentTime } from './tencent-time.js';

type AnsweredPolicySet = z.output<typeof describePoliciesResponse>['SecurityGroupPolicySet'];

export interface PolicyReading {
  /** SecurityGroupPolicySet.Version as a string; absent when the answer has none. */
  version?: string;
  entries: PolicyEntry[];
  /** With why each one is foreign, for the log. */
  foreign: (ForeignPolicy & { reason: string })[];
}

export function readPolicySet(set: AnsweredPolicySet): PolicyReading {
  const reading: PolicyReading = { entries: [], foreign: [] };
  if (set.Version !== undefined && set.Version !== null) reading.version = set.Version;
  for (const direction of DIRECTIONS) {
    // PolicyIndex is optional in api.json; where it is missing, the answer's order stands in.
    const indexed = set[POLICY_SET_KEY[direction]]
      .map((policy, position) => ({ policy, index: policy.PolicyIndex ?? position }))
      .sort((a, b) => a.index - b.index);
    for (const { policy, index } of indexed) {
      const read = policyToRule(direction, policy);
      if ('rule' in read) {
        const modifiedAt = instantFromTencentTime(policy.ModifyTime);
        reading.entries.push({ index, rule: read.rule, ...(modifiedAt ? { modifiedAt } : {}) });
      } else {
        reading.foreign.push({ direction, index, summary: foreignSummary(direction, policy), reason: read.skipped });
      }
    }
  }
  return reading;
}

/** For people: e.g. "ACCEPT TCP 22 from address template ipm-1a2b3c4d (office)". */
export function foreignSummary(direction: Direction, policy: TencentPolicyRead): string {
  const what =
    policy.ServiceTemplate.length > 0
      ? `service template ${policy.ServiceTemplate.join('/')}`
      : [policy.Protocol.toUpperCase() || 'no protocol', policy.Port].filter((p) => p !== '').join(' ');
  const peer =
    policy.AddressTemplate.length > 0
      ? `address template ${policy.AddressTemplate.join('/')}`
      : policy.CidrBlock || policy.Ipv6CidrBlock || policy.SecurityGroupId || 'no peer';
  const description = policy.PolicyDescription ? ` (${policy.PolicyDescription})` : '';
  return `${policy.Action.toUpperCase() || '?'} ${what} ${direction === 'inbound' ? 'from' : 'to'} ${peer}${description}`;
}
