/**
 * vpc (2017-03-12) DescribeSecurityGroupPolicies, with the Filters its API page documents. Filtered
 * policies keep their PolicyIndex (the one a later change must name), and PolicyStatistics counts
 * the whole group.
 */
import type { ActionHandler } from './action-context.js';
import type { StoredPolicy } from './emulator-state.js';
import { checkChoices, readFilters } from './filters.js';
import { groupById } from './groups.js';
import { onlyParams, requiredString } from './params.js';
import { PROTOCOLS } from './policy-rules.js';
import { describePolicy } from './policy-set.js';

type Way = 'INBOUND' | 'OUTBOUND';

/** Each documented filter; "fuzzy" ones (ip, port, description) match a part of the value. */
const MATCHERS: Record<string, (p: StoredPolicy, way: Way, value: string) => boolean> = {
  'security-group-id': (p, _, v) => p.SecurityGroupId === v,
  ip: (p, _, v) => v !== '' && (p.CidrBlock.includes(v) || p.Ipv6CidrBlock.includes(v)),
  'address-module': (p, _, v) =>
    v !== '' && (p.AddressTemplate.AddressId === v || p.AddressTemplate.AddressGroupId === v),
  'service-module': (p, _, v) =>
    v !== '' && (p.ServiceTemplate.ServiceId === v || p.ServiceTemplate.ServiceGroupId === v),
  'protocol-type': (p, _, v) => p.Protocol === v.toUpperCase(),
  // ALL asks for every port.
  port: (p, _, v) => v.toUpperCase() === 'ALL' || p.Port.includes(v),
  poly: (p, _, v) => v.toUpperCase() === 'ALL' || p.Action === v.toUpperCase(),
  direction: (_, way, v) => v.toUpperCase() === 'ALL' || way === v.toUpperCase(),
  description: (p, _, v) => p.PolicyDescription.includes(v),
};

const describeSecurityGroupPolicies: ActionHandler = (ctx) => {
  onlyParams(ctx.params, ['SecurityGroupId', 'Filters']);
  const group = groupById(ctx, requiredString(ctx.params, 'SecurityGroupId'));
  const filters = readFilters(ctx.params, (name) => Object.hasOwn(MATCHERS, name));
  checkChoices(filters, 'protocol-type', PROTOCOLS);
  checkChoices(filters, 'poly', ['ALL', 'ACCEPT', 'DROP']);
  checkChoices(filters, 'direction', ['ALL', 'INBOUND', 'OUTBOUND']);
  const shown = (list: StoredPolicy[], way: Way) =>
    list
      .map((p, i) => ({ p, i }))
      .filter(({ p }) => filters.every((f) => f.values.some((v) => MATCHERS[f.name]?.(p, way, v))))
      .map(({ p, i }) => describePolicy(p, i));
  const ipv6 = (list: StoredPolicy[]) => list.filter((p) => p.Ipv6CidrBlock !== '').length;
  return {
    SecurityGroupPolicySet: {
      Version: String(group.PolicyVersion),
      Egress: shown(group.Egress, 'OUTBOUND'),
      Ingress: shown(group.Ingress, 'INBOUND'),
      PolicyStatistics: {
        IngressIPv4TotalCount: group.Ingress.length - ipv6(group.Ingress),
        IngressIPv6TotalCount: ipv6(group.Ingress),
        EgressIPv4TotalCount: group.Egress.length - ipv6(group.Egress),
        EgressIPv6TotalCount: ipv6(group.Egress),
      },
    },
  };
};

export const POLICY_DESCRIBE_ACTIONS = { DescribeSecurityGroupPolicies: describeSecurityGroupPolicies };
