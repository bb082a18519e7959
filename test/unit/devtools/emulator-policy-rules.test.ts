/**
 * One SecurityGroupPolicy as the emulator reads it. The rules are those of the vpc 2017-03-12 API
 * pages of CreateSecurityGroupPolicies / CreateSecurityGroupWithPolicies (the same text is the doc
 * comment of each in tencentcloud-sdk-go tencentcloud/vpc/v20170312/client.go): Protocol TCP, UDP,
 * ICMP, ICMPV6, GRE, ALL; "只有当 Protocol 字段是 TCP 或 UDP 时，Port 字段才被接受 … 排他关系";
 * "CidrBlock, Ipv6CidrBlock, SecurityGroupId, AddressTemplate 四者是排他关系 … Protocol + Port 和
 * ServiceTemplate 二者是排他关系 … IPv6CidrBlock和ICMP是排他关系"; a SecurityGroupId "与待修改的安全组
 * 位于相同项目中". The codes are from each action's documented list (InvalidParameter.Coexist for the
 * exclusive fields: "参数不支持同时指定").
 */
import { describe, expect, it } from 'vitest';
import { policyKey, readPolicy } from '../../../src/devtools/tencent-emulator/policy-rules.js';

const ctx = {
  projectOf: (id: string) => ({ 'sg-abcd1234': '0', 'sg-other000': '1001' })[id],
  projectId: '0',
  clientIp: '203.0.113.7',
  now: '2024-05-10 10:00:00',
};
const read = (raw: Record<string, unknown>, context = ctx) =>
  readPolicy(raw, 'SecurityGroupPolicySet.Ingress.0.', context);
const codeOf = (raw: Record<string, unknown>, context = ctx) => {
  try {
    read(raw, context);
    return 'accepted';
  } catch (err) {
    return (err as { code: string }).code;
  }
};

const tcp22 = { Protocol: 'TCP', Port: '22', CidrBlock: '0.0.0.0/0', Action: 'ACCEPT', PolicyDescription: 'SSH' };

describe('emulator: one security-group policy', () => {
  it('stores a valid policy in canonical case, with empty strings for unused fields', () => {
    expect(read({ ...tcp22, Protocol: 'tcp', Action: 'accept', PolicyIndex: '2' })).toEqual({
      policy: {
        Protocol: 'TCP',
        Port: '22',
        CidrBlock: '0.0.0.0/0',
        Ipv6CidrBlock: '',
        SecurityGroupId: '',
        AddressTemplate: { AddressId: '', AddressGroupId: '' },
        ServiceTemplate: { ServiceId: '', ServiceGroupId: '' },
        Action: 'ACCEPT',
        PolicyDescription: 'SSH',
        ModifyTime: '2024-05-10 10:00:00',
      },
      index: 2,
      described: true,
    });
  });

  // SecurityGroupPolicy.CidrBlock: "特殊说明：0.0.0.0/n 都会映射为0.0.0.0/0" (tencentcloud-sdk-nodejs 4.1.313 vpc_models.d.ts).
  it.each(['0.0.0.0/8', '0.0.0.0/32', '0.0.0.0/0'])('takes %s as 0.0.0.0/0', (CidrBlock) => {
    expect(read({ ...tcp22, CidrBlock }).policy.CidrBlock).toBe('0.0.0.0/0');
  });

  // CidrBlock / Ipv6CidrBlock: "作为入参时，可使用字符串`MY_PUBLIC_IP`指代发起请求的公网IP地址"; PolicyDescription:
  // "未传递该参数或值为空，且 … 值为MY_PUBLIC_IP时 … 自动填充为Replaced-From-MY_PUBLIC_IP" (vpc_models.d.ts).
  it('takes MY_PUBLIC_IP as the caller’s address of that family, and says so in an empty description', () => {
    const v4 = read({ ...tcp22, CidrBlock: 'MY_PUBLIC_IP', PolicyDescription: '' }).policy;
    expect([v4.CidrBlock, v4.PolicyDescription]).toEqual(['203.0.113.7', 'Replaced-From-MY_PUBLIC_IP']);
    expect(read({ ...tcp22, CidrBlock: 'MY_PUBLIC_IP' }).policy.PolicyDescription).toBe('SSH');
    const mapped = read({ ...tcp22, CidrBlock: 'MY_PUBLIC_IP' }, { ...ctx, clientIp: '::ffff:198.51.100.2' }).policy;
    expect(mapped.CidrBlock).toBe('198.51.100.2');
    const ipv6 = { ...tcp22, CidrBlock: undefined, Ipv6CidrBlock: 'MY_PUBLIC_IP' };
    expect(read(ipv6, { ...ctx, clientIp: '2001:db8::5' }).policy.Ipv6CidrBlock).toBe('2001:db8::5');
    expect(codeOf(ipv6)).toBe('InvalidParameterValue.Malformed');
  });

  it.each([
    ['a port list', { ...tcp22, Port: '80,443' }],
    ['a port range', { ...tcp22, Port: '8000-8010' }],
    ['ALL protocol with Port ALL', { ...tcp22, Protocol: 'ALL', Port: 'ALL' }],
    ['ICMP without a port', { ...tcp22, Protocol: 'ICMP', Port: undefined }],
    ['ICMPv6 from ::/0', { ...tcp22, Protocol: 'ICMPv6', Port: 'ALL', CidrBlock: undefined, Ipv6CidrBlock: '::/0' }],
    ['a single IPv4 address', { ...tcp22, CidrBlock: '10.1.2.3' }],
    ['a security group of the same project', { ...tcp22, CidrBlock: undefined, SecurityGroupId: 'sg-abcd1234' }],
    ['an address template', { ...tcp22, CidrBlock: undefined, AddressTemplate: { AddressId: 'ipm-2uw6ujo6' } }],
    [
      'a service template',
      { ...tcp22, Protocol: undefined, Port: undefined, ServiceTemplate: { ServiceId: 'ppm-f5n1f8da' } },
    ],
    ['GRE', { ...tcp22, Protocol: 'GRE', Port: undefined }],
    ['a 100-character description', { ...tcp22, PolicyDescription: 'x'.repeat(100) }],
    // Priority is a member of SecurityGroupPolicy (vpc_models.d.ts); ModifyTime is in Tencent's request examples.
    ['Priority and ModifyTime', { ...tcp22, Priority: 3, ModifyTime: '2020-12-03 16:12:15' }],
  ])('accepts %s', (_, raw) => {
    expect(codeOf(raw)).toBe('accepted');
  });

  // The Terraform provider's rule leaves the protocol out for "all types"
  // (tencentcloud/services/vpc/resource_tc_security_group_rule.go, ip_protocol "Default to all types protocol").
  it('takes no Protocol as ALL', () => {
    expect(read({ ...tcp22, Protocol: undefined, Port: undefined }).policy).toMatchObject({
      Protocol: 'ALL',
      Port: 'ALL',
    });
  });

  it.each([
    ['no Action', { ...tcp22, Action: undefined }, 'MissingParameter'],
    ['Action ALLOW', { ...tcp22, Action: 'ALLOW' }, 'InvalidParameterValue'],
    ['Protocol SCTP', { ...tcp22, Protocol: 'SCTP' }, 'InvalidParameterValue'],
    ['a port on ICMP', { ...tcp22, Protocol: 'ICMP', Port: '22' }, 'InvalidParameter.Coexist'],
    ['a port on ALL', { ...tcp22, Protocol: 'ALL' }, 'InvalidParameter.Coexist'],
    ['port 0', { ...tcp22, Port: '0' }, 'InvalidParameterValue.Range'],
    ['port 65536', { ...tcp22, Port: '65536' }, 'InvalidParameterValue.Range'],
    ['a reversed range', { ...tcp22, Port: '90-80' }, 'InvalidParameterValue.Range'],
    ['a port that is not a number', { ...tcp22, Port: 'ssh' }, 'InvalidParameterValue.Malformed'],
    ['two peers', { ...tcp22, Ipv6CidrBlock: '::/0' }, 'InvalidParameter.Coexist'],
    ['no peer', { ...tcp22, CidrBlock: undefined }, 'MissingParameter'],
    ['a bad IPv4 CIDR', { ...tcp22, CidrBlock: '10.0.0.0/33' }, 'InvalidParameterValue.Malformed'],
    ['an IPv6 CIDR as CidrBlock', { ...tcp22, CidrBlock: '::/0' }, 'InvalidParameterValue.Malformed'],
    [
      'a bad IPv6 CIDR',
      { ...tcp22, CidrBlock: undefined, Ipv6CidrBlock: 'fe80::/129' },
      'InvalidParameterValue.Malformed',
    ],
    [
      'ICMP from an IPv6 block',
      { ...tcp22, Protocol: 'ICMP', Port: undefined, CidrBlock: undefined, Ipv6CidrBlock: '::/0' },
      'InvalidParameter.Coexist',
    ],
    ['ICMPv6 from an IPv4 block', { ...tcp22, Protocol: 'ICMPV6', Port: undefined }, 'InvalidParameter.Coexist'],
    [
      'a malformed group id',
      { ...tcp22, CidrBlock: undefined, SecurityGroupId: 'sg-ABC' },
      'InvalidParameterValue.Malformed',
    ],
    [
      'a group that does not exist',
      { ...tcp22, CidrBlock: undefined, SecurityGroupId: 'sg-zzzz9999' },
      'ResourceNotFound',
    ],
    [
      'a group of another project',
      { ...tcp22, CidrBlock: undefined, SecurityGroupId: 'sg-other000' },
      'InvalidParameterValue',
    ],
    [
      'a service template with a protocol',
      { ...tcp22, ServiceTemplate: { ServiceId: 'ppm-f5n1f8da' } },
      'InvalidParameter.Coexist',
    ],
    ['a 101-character description', { ...tcp22, PolicyDescription: 'x'.repeat(101) }, 'InvalidParameterValue.TooLong'],
    ['an unknown field', { ...tcp22, Weight: 1 }, 'UnknownParameter'],
    ['a number where a string belongs', { ...tcp22, Port: 22 }, 'InvalidParameter'],
    ['a Priority that is not a number', { ...tcp22, Priority: 'high' }, 'InvalidParameter'],
    ['a negative PolicyIndex', { ...tcp22, PolicyIndex: -1 }, 'InvalidParameter'],
  ])('refuses %s', (_, raw, code) => {
    expect(codeOf(raw)).toBe(code);
  });

  it('treats the same traffic as a duplicate whatever the description', () => {
    const a = read(tcp22).policy;
    const b = read({ ...tcp22, Protocol: 'tcp', PolicyDescription: 'other words' }).policy;
    const c = read({ ...tcp22, Port: '23' }).policy;
    expect(policyKey(a)).toBe(policyKey(b));
    expect(policyKey(a)).not.toBe(policyKey(c));
  });
});
