import { describe, expect, it } from 'vitest';
import { policyKey, readPolicy } from '../../../src/devtools/tencent-emulator/policy-rules.js';

const ctx = { groupExists: (id: string) => id === 'sg-abcd1234', now: '2024-05-10 10:00:00' };
const read = (raw: Record<string, unknown>) => readPolicy(raw, 'SecurityGroupPolicySet.Ingress.0.', ctx);
const codeOf = (raw: Record<string, unknown>) => {
  try {
    read(raw);
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
    });
  });

  it.each([
    ['a port list', { ...tcp22, Port: '80,443' }],
    ['a port range', { ...tcp22, Port: '8000-8010' }],
    ['ALL protocol with Port ALL', { ...tcp22, Protocol: 'ALL', Port: 'ALL' }],
    ['ICMP without a port', { ...tcp22, Protocol: 'ICMP', Port: undefined }],
    ['ICMPv6 from ::/0', { ...tcp22, Protocol: 'ICMPv6', Port: 'ALL', CidrBlock: undefined, Ipv6CidrBlock: '::/0' }],
    ['a single IPv4 address', { ...tcp22, CidrBlock: '10.1.2.3' }],
    ['an existing security group', { ...tcp22, CidrBlock: undefined, SecurityGroupId: 'sg-abcd1234' }],
    ['an address template', { ...tcp22, CidrBlock: undefined, AddressTemplate: { AddressId: 'ipm-2uw6ujo6' } }],
    [
      'a service template',
      { ...tcp22, Protocol: undefined, Port: undefined, ServiceTemplate: { ServiceId: 'ppm-f5n1f8da' } },
    ],
    ['GRE', { ...tcp22, Protocol: 'GRE', Port: undefined }],
    ['a 100-character description', { ...tcp22, PolicyDescription: 'x'.repeat(100) }],
  ])('accepts %s', (_, raw) => {
    expect(codeOf(raw)).toBe('accepted');
  });

  it.each([
    ['no Action', { ...tcp22, Action: undefined }, 'MissingParameter'],
    ['Action ALLOW', { ...tcp22, Action: 'ALLOW' }, 'InvalidParameterValue'],
    ['no Protocol', { ...tcp22, Protocol: undefined }, 'MissingParameter'],
    ['Protocol SCTP', { ...tcp22, Protocol: 'SCTP' }, 'InvalidParameterValue'],
    ['a port on ICMP', { ...tcp22, Protocol: 'ICMP', Port: '22' }, 'InvalidParameterValue.Combination'],
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
      'InvalidParameterValue.Combination',
    ],
    [
      'ICMPv6 from an IPv4 block',
      { ...tcp22, Protocol: 'ICMPV6', Port: undefined },
      'InvalidParameterValue.Combination',
    ],
    [
      'a malformed group id',
      { ...tcp22, CidrBlock: undefined, SecurityGroupId: 'sg-ABC' },
      'InvalidParameterValue.Malformed',
    ],
    [
      'a group that does not exist',
      { ...tcp22, CidrBlock: undefined, SecurityGroupId: 'sg-zzzz9999' },
      'InvalidSecurityGroupID.NotFound',
    ],
    [
      'a service template with a protocol',
      { ...tcp22, ServiceTemplate: { ServiceId: 'ppm-f5n1f8da' } },
      'InvalidParameter.Coexist',
    ],
    ['a 101-character description', { ...tcp22, PolicyDescription: 'x'.repeat(101) }, 'InvalidParameterValue.TooLong'],
    ['an unknown field', { ...tcp22, Priority: 1 }, 'UnknownParameter'],
    ['a number where a string belongs', { ...tcp22, Port: 22 }, 'InvalidParameter'],
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
