import { describe, expect, it } from 'vitest';
import {
  groupFromTencent,
  policySetFor,
  policyToRule,
  ruleToPolicy,
} from '../../../src/cloud/tencent/policy-mapping.js';
import {
  describeGroupsResponse,
  describePoliciesResponse,
  policySchema,
} from '../../../src/cloud/tencent/response-schemas.js';
import { sameRule } from '../../../src/service/rules/rules.js';
import type { Rule } from '../../../src/service/types.js';
import { tencentFixture } from './support/tencent-fixtures.js';

const rule = (overrides: Partial<Rule>): Rule => ({
  direction: 'inbound',
  protocol: 'TCP',
  port: '22',
  peer: { kind: 'ipv4', cidr: '0.0.0.0/0' },
  action: 'ACCEPT',
  description: 'SSH',
  ...overrides,
});

describe('rule → Tencent policy', () => {
  it.each([
    [rule({}), { Protocol: 'TCP', Port: '22', CidrBlock: '0.0.0.0/0', Action: 'ACCEPT', PolicyDescription: 'SSH' }],
    [
      rule({ protocol: 'UDP', port: '8000-8010', peer: { kind: 'ipv6', cidr: '::/0' }, action: 'DROP' }),
      { Protocol: 'UDP', Port: '8000-8010', Ipv6CidrBlock: '::/0', Action: 'DROP', PolicyDescription: 'SSH' },
    ],
    [
      rule({ protocol: 'ICMP', port: 'ALL', description: 'Ping' }),
      { Protocol: 'ICMP', CidrBlock: '0.0.0.0/0', Action: 'ACCEPT', PolicyDescription: 'Ping' },
    ],
    [
      rule({ protocol: 'ALL', port: 'ALL', peer: { kind: 'security-group', groupId: 'sg-abcd1234' } }),
      { Protocol: 'ALL', Port: 'ALL', SecurityGroupId: 'sg-abcd1234', Action: 'ACCEPT', PolicyDescription: 'SSH' },
    ],
  ])('maps %o', (input, expected) => {
    expect(ruleToPolicy(input)).toEqual(expected);
  });

  it('splits a rule list by direction and keeps each direction’s order', () => {
    const rules = [
      rule({ port: '22' }),
      rule({ direction: 'outbound', protocol: 'ALL', port: 'ALL' }),
      rule({ port: '80' }),
    ];
    const set = policySetFor(rules);
    expect(set.Ingress.map((p) => p.Port)).toEqual(['22', '80']);
    expect(set.Egress).toHaveLength(1);
  });

  it('reads back every rule it writes', () => {
    const rules = [
      rule({}),
      rule({ protocol: 'ICMPv6', port: 'ALL', peer: { kind: 'ipv6', cidr: '::/0' } }),
      rule({ direction: 'outbound', protocol: 'ALL', port: 'ALL', action: 'DROP' }),
      rule({ protocol: 'UDP', port: '53,5353', peer: { kind: 'security-group', groupId: 'sg-abcd1234' } }),
    ];
    for (const r of rules) {
      const read = policyToRule(r.direction, policySchema.parse(ruleToPolicy(r)));
      expect(read).toEqual({ rule: r });
    }
  });
});

describe('Tencent policy → rule', () => {
  it('reads CIDR and security-group policies in any case, with empty fields as absent', () => {
    const set = describePoliciesResponse.parse(
      tencentFixture('vpc.DescribeSecurityGroupPolicies.response.cidr.json').Response,
    ).SecurityGroupPolicySet;
    const readings = set.Ingress.map((p) => policyToRule('inbound', p));
    expect(readings).toEqual([
      {
        rule: rule({
          protocol: 'ICMPv6',
          port: 'ALL',
          peer: { kind: 'ipv6', cidr: '::/0' },
          description: 'Ping (IPv6)',
        }),
      },
      { rule: rule({ port: '80,443', peer: { kind: 'ipv4', cidr: '20.0.0.0/16' }, description: 'Web' }) },
      {
        rule: rule({
          protocol: 'UDP',
          port: '53',
          peer: { kind: 'security-group', groupId: 'sg-ohuuioma' },
          action: 'DROP',
          description: 'DNS from the app tier',
        }),
      },
      { skipped: 'protocol "GRE" is not one secgroup manages' },
    ]);
    expect(policyToRule('outbound', set.Egress[0] ?? policySchema.parse({}))).toEqual({
      rule: rule({ direction: 'outbound', protocol: 'ALL', port: 'ALL', description: '' }),
    });
  });

  it('skips template-based policies (Tencent’s own example) and says which template', () => {
    for (const name of [
      'vpc.DescribeSecurityGroupPolicies.response.json',
      'vpc.DescribeSecurityGroupPolicies.response.intl-en.json',
    ]) {
      const set = describePoliciesResponse.parse(tencentFixture(name).Response).SecurityGroupPolicySet;
      expect(set.Ingress.map((p) => policyToRule('inbound', p))).toEqual([
        { skipped: 'uses service template ppm-f5n1f8da' },
        { skipped: 'uses service template ppm-f5n1f8da' },
      ]);
    }
  });

  it('skips an address template, and a policy with no peer at all', () => {
    const address = policySchema.parse({
      Protocol: 'TCP',
      Port: '22',
      AddressTemplate: { AddressId: 'ipm-2uw6ujo6', AddressGroupId: '' },
      Action: 'ACCEPT',
    });
    expect(policyToRule('inbound', address)).toEqual({ skipped: 'uses address template ipm-2uw6ujo6' });
    expect(policyToRule('inbound', policySchema.parse({ Protocol: 'TCP', Port: '22', Action: 'ACCEPT' }))).toEqual({
      skipped: 'names no CIDR block or security group',
    });
  });

  it('tells the same rule from a different one', () => {
    expect(sameRule(rule({}), rule({}))).toBe(true);
    expect(sameRule(rule({}), rule({ port: '23' }))).toBe(false);
    expect(sameRule(rule({}), rule({ peer: { kind: 'ipv6', cidr: '0.0.0.0/0' } }))).toBe(false);
    expect(sameRule(rule({}), rule({ description: 'other' }))).toBe(false);
  });
});

describe('Tencent security group → domain', () => {
  it('keeps the first value of a repeated tag key and records the region', () => {
    const answer = describeGroupsResponse.parse(
      tencentFixture('vpc.DescribeSecurityGroups.by-tag.response.json').Response,
    );
    const group = answer.SecurityGroupSet[0];
    expect(group && groupFromTencent(group, 'ap-guangzhou')).toEqual({
      id: 'sg-2got2lcz',
      name: 'demo',
      description: '暴露全部端口到公网和内网，有一定安全风险',
      projectId: '0',
      region: 'ap-guangzhou',
      createdTime: '2019-07-23T04:32:24.000Z',
      tags: { 中文标签键: '中文标签值', Version: 'TEST' },
    });
  });
});
