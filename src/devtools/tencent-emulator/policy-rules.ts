/** The documented rules for one security-group policy, as CreateSecurityGroup*Policies enforce them. */
import ipaddr from 'ipaddr.js';
import { TencentApiError } from './api-error.js';
import type { StoredPolicy } from './emulator-state.js';
import {
  isObject,
  length,
  missing,
  onlyParams,
  optionalObject,
  optionalString,
  type Params,
  tooLong,
} from './params.js';

export const PROTOCOLS = ['TCP', 'UDP', 'ICMP', 'ICMPV6', 'GRE', 'ALL'] as const;
export const POLICY_DESCRIPTION_MAX = 100;
export const SECURITY_GROUP_ID = /^sg-[a-z0-9]{8}$/;

const POLICY_FIELDS = [
  'PolicyIndex',
  'Protocol',
  'Port',
  'ServiceTemplate',
  'CidrBlock',
  'Ipv6CidrBlock',
  'SecurityGroupId',
  'AddressTemplate',
  'Action',
  'PolicyDescription',
  // Output-only, but Tencent's own request example sends it; it is ignored.
  'ModifyTime',
] as const;

export interface PolicyContext {
  /** Whether a security group of this id exists in the request's region. */
  groupExists(id: string): boolean;
  /** The modify time to stamp on the policy. */
  now: string;
}

export interface ReadPolicy {
  policy: StoredPolicy;
  /** PolicyIndex, if the request gave one. */
  index?: number;
}

const invalid = (code: string, message: string) => new TencentApiError(code, message);

/** Validates one policy of a request (at `where`, e.g. "SecurityGroupPolicySet.Ingress.0."). */
export function readPolicy(raw: unknown, where: string, ctx: PolicyContext): ReadPolicy {
  if (!isObject(raw))
    throw invalid('InvalidParameter', `The type of parameter \`${where.slice(0, -1)}\` should be Object.`);
  onlyParams(raw, POLICY_FIELDS, where);
  const text = (name: string) => (optionalString(raw, name, where) ?? '').trim();

  const actionText = text('Action').toUpperCase();
  if (actionText === '') throw missing(`${where}Action`);
  if (actionText !== 'ACCEPT' && actionText !== 'DROP') {
    throw invalid('InvalidParameterValue', `The value of parameter \`${where}Action\` must be ACCEPT or DROP.`);
  }

  const description = optionalString(raw, 'PolicyDescription', where) ?? '';
  if (length(description) > POLICY_DESCRIPTION_MAX) throw tooLong(`${where}PolicyDescription`, POLICY_DESCRIPTION_MAX);

  const service = template(raw, 'ServiceTemplate', ['ServiceId', 'ServiceGroupId'], /^ppmg?-[a-z0-9]{8}$/, where);
  const address = template(raw, 'AddressTemplate', ['AddressId', 'AddressGroupId'], /^ipmg?-[a-z0-9]{8}$/, where);

  const protocol = text('Protocol').toUpperCase();
  let port = text('Port');
  if (service.used) {
    if (protocol !== '' || port !== '') {
      throw invalid(
        'InvalidParameter.Coexist',
        `\`${where}ServiceTemplate\` and \`Protocol\`/\`Port\` cannot be given together.`,
      );
    }
  } else {
    if (protocol === '') throw missing(`${where}Protocol`);
    if (!(PROTOCOLS as readonly string[]).includes(protocol)) {
      throw invalid(
        'InvalidParameterValue',
        `The value of parameter \`${where}Protocol\` must be one of ${PROTOCOLS.join(', ')} (any case).`,
      );
    }
    port = readPort(protocol, port, `${where}Port`);
  }

  const cidr = text('CidrBlock');
  const ipv6 = text('Ipv6CidrBlock');
  const group = text('SecurityGroupId');
  const peers = [cidr, ipv6, group, address.used ? 'address' : ''].filter((p) => p !== '');
  if (peers.length > 1) {
    throw invalid(
      'InvalidParameter.Coexist',
      `\`${where}CidrBlock\`, \`Ipv6CidrBlock\`, \`SecurityGroupId\` and \`AddressTemplate\` are mutually exclusive.`,
    );
  }
  if (peers.length === 0) throw missing(`${where}CidrBlock`);
  if (cidr !== '' && !ipaddr.IPv4.isValidCIDRFourPartDecimal(cidr) && !ipaddr.IPv4.isValidFourPartDecimal(cidr)) {
    throw invalid(
      'InvalidParameterValue.Malformed',
      `\`${where}CidrBlock\` "${cidr}" is not an IPv4 address or CIDR block.`,
    );
  }
  if (ipv6 !== '' && !ipaddr.IPv6.isValidCIDR(ipv6) && !ipaddr.IPv6.isValid(ipv6)) {
    throw invalid(
      'InvalidParameterValue.Malformed',
      `\`${where}Ipv6CidrBlock\` "${ipv6}" is not an IPv6 address or CIDR block.`,
    );
  }
  if (group !== '') {
    if (!SECURITY_GROUP_ID.test(group)) {
      throw invalid(
        'InvalidParameterValue.Malformed',
        `\`${where}SecurityGroupId\` "${group}" is not a security group id.`,
      );
    }
    if (!ctx.groupExists(group)) {
      throw invalid('InvalidSecurityGroupID.NotFound', `The security group \`${group}\` does not exist.`);
    }
  }
  if (protocol === 'ICMP' && ipv6 !== '') {
    throw invalid(
      'InvalidParameterValue.Combination',
      `\`${where}\`: ICMP does not go with Ipv6CidrBlock; use ICMPV6.`,
    );
  }
  if (protocol === 'ICMPV6' && cidr !== '') {
    throw invalid(
      'InvalidParameterValue.Combination',
      `\`${where}\`: ICMPV6 does not go with an IPv4 CidrBlock; use ICMP.`,
    );
  }

  const policy: StoredPolicy = {
    Protocol: protocol,
    Port: port,
    CidrBlock: cidr,
    Ipv6CidrBlock: ipv6,
    SecurityGroupId: group,
    AddressTemplate: { AddressId: address.ids[0] ?? '', AddressGroupId: address.ids[1] ?? '' },
    ServiceTemplate: { ServiceId: service.ids[0] ?? '', ServiceGroupId: service.ids[1] ?? '' },
    Action: actionText,
    PolicyDescription: description,
    ModifyTime: ctx.now,
  };
  return { policy, index: readIndex(raw.PolicyIndex, `${where}PolicyIndex`) };
}

function template(raw: Params, name: string, fields: [string, string], pattern: RegExp, where: string) {
  const value = optionalObject(raw, name, where);
  if (!value) return { used: false, ids: [] as string[] };
  onlyParams(value, fields, `${where}${name}.`);
  const ids = fields.map((f) => (optionalString(value, f, `${where}${name}.`) ?? '').trim());
  const given = ids.filter((id) => id !== '');
  if (given.length > 1) {
    throw invalid('InvalidParameter.Coexist', `\`${where}${name}\`: give ${fields[0]} or ${fields[1]}, not both.`);
  }
  const id = given[0];
  if (id !== undefined && !pattern.test(id)) {
    throw invalid('InvalidParameterValue.Malformed', `\`${where}${name}\` "${id}" is not a template id.`);
  }
  return { used: id !== undefined, ids };
}

/** "ALL", "22", "80,443", "8000-8010": only TCP and UDP take a port. */
function readPort(protocol: string, port: string, name: string): string {
  if (port === '' || port.toUpperCase() === 'ALL') return 'ALL';
  if (protocol !== 'TCP' && protocol !== 'UDP') {
    throw invalid('InvalidParameterValue.Combination', `\`${name}\` may only be set when Protocol is TCP or UDP.`);
  }
  for (const item of port.split(',')) {
    const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(item.trim());
    if (!m)
      throw invalid('InvalidParameterValue.Malformed', `\`${name}\` "${port}" is not a port, port list or port range.`);
    const low = Number(m[1]);
    const high = m[2] === undefined ? low : Number(m[2]);
    if (low < 1 || high > 65535 || low > high) {
      throw invalid('InvalidParameterValue.Range', `\`${name}\` "${port}" must be within 1-65535, low to high.`);
    }
  }
  return port
    .split(',')
    .map((p) => p.trim())
    .join(',');
}

function readIndex(value: unknown, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
    throw invalid('InvalidParameter', `The type of parameter \`${name}\` should be a non-negative Integer.`);
  }
  return n;
}

/** Two policies are duplicates when they match the same traffic with the same action. */
export function policyKey(p: StoredPolicy): string {
  return [
    p.Protocol,
    p.Port,
    p.CidrBlock,
    p.Ipv6CidrBlock,
    p.SecurityGroupId,
    p.AddressTemplate.AddressId,
    p.AddressTemplate.AddressGroupId,
    p.ServiceTemplate.ServiceId,
    p.ServiceTemplate.ServiceGroupId,
    p.Action,
  ].join('|');
}
