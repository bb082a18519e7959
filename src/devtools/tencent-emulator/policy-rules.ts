/**
 * The documented rules for one security-group policy (SecurityGroupPolicy in the vpc 2017-03-12
 * models), as the actions that take policies enforce them. Error codes are those every such
 * action documents: InvalidParameter.Coexist for fields documented as mutually exclusive,
 * InvalidParameterValue.Malformed/.Range/.TooLong for bad values, ResourceNotFound for a group
 * that does not exist.
 */
import ipaddr from 'ipaddr.js';
import { TencentApiError } from './api-error.js';
import type { StoredPolicy } from './emulator-state.js';
import {
  isObject,
  length,
  missing,
  onlyParams,
  optionalInteger,
  optionalObject,
  optionalString,
  type Params,
  tooLong,
} from './params.js';

export const PROTOCOLS = ['TCP', 'UDP', 'ICMP', 'ICMPV6', 'GRE', 'ALL'] as const;
export const POLICY_DESCRIPTION_MAX = 100;
export const SECURITY_GROUP_ID = /^sg-[a-z0-9]{8}$/;

/** Stands for the caller's own public address in CidrBlock and Ipv6CidrBlock. */
const MY_PUBLIC_IP = 'MY_PUBLIC_IP';
const MY_PUBLIC_IP_DESCRIPTION = 'Replaced-From-MY_PUBLIC_IP';

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
  // Output-only, but Tencent's own request examples send it; it is ignored.
  'ModifyTime',
  // Documented on SecurityGroupPolicy; the emulator keeps no priorities, so it is ignored.
  'Priority',
] as const;

export interface PolicyContext {
  /** The project of the security group of this id in the request's region, if there is one. */
  projectOf(id: string): string | undefined;
  /** The project of the group the policy is for: a referenced group must be in it. */
  projectId: string;
  /** The caller's address, for MY_PUBLIC_IP. */
  clientIp: string;
  /** The modify time to stamp on the policy. */
  now: string;
}

export interface ReadPolicy {
  policy: StoredPolicy;
  /** PolicyIndex, if the request gave one. */
  index?: number;
  /** Whether the request gave a description (matching on delete compares it only then). */
  described: boolean;
}

const invalid = (code: string, message: string) => new TencentApiError(code, message);
const coexist = (message: string) => invalid('InvalidParameter.Coexist', message);

/** Validates one policy of a request (at `where`, e.g. "SecurityGroupPolicySet.Ingress.0."). */
export function readPolicy(raw: unknown, where: string, ctx: PolicyContext): ReadPolicy {
  if (!isObject(raw)) {
    throw invalid('InvalidParameter', `The type of parameter \`${where.slice(0, -1)}\` should be Object.`);
  }
  onlyParams(raw, POLICY_FIELDS, where);
  optionalInteger(raw, 'Priority', where);
  const text = (name: string) => (optionalString(raw, name, where) ?? '').trim();

  const action = text('Action').toUpperCase();
  if (action === '') throw missing(`${where}Action`);
  if (action !== 'ACCEPT' && action !== 'DROP') {
    throw invalid('InvalidParameterValue', `The value of parameter \`${where}Action\` must be ACCEPT or DROP.`);
  }

  let description = optionalString(raw, 'PolicyDescription', where) ?? '';
  if (length(description) > POLICY_DESCRIPTION_MAX) throw tooLong(`${where}PolicyDescription`, POLICY_DESCRIPTION_MAX);

  const service = template(raw, 'ServiceTemplate', ['ServiceId', 'ServiceGroupId'], /^ppmg?-[a-z0-9]{8}$/, where);
  const address = template(raw, 'AddressTemplate', ['AddressId', 'AddressGroupId'], /^ipmg?-[a-z0-9]{8}$/, where);

  let protocol = text('Protocol').toUpperCase();
  let port = text('Port');
  if (service.used) {
    if (protocol !== '' || port !== '') {
      throw coexist(`\`${where}ServiceTemplate\` and \`Protocol\`/\`Port\` cannot be given together.`);
    }
  } else {
    // No protocol means all of them (the Terraform provider relies on it: its rule's protocol defaults to ALL).
    if (protocol === '') protocol = 'ALL';
    if (!(PROTOCOLS as readonly string[]).includes(protocol)) {
      throw invalid(
        'InvalidParameterValue',
        `The value of parameter \`${where}Protocol\` must be one of ${PROTOCOLS.join(', ')} (any case).`,
      );
    }
    port = readPort(protocol, port, `${where}Port`);
  }

  let cidr = text('CidrBlock');
  let ipv6 = text('Ipv6CidrBlock');
  const group = text('SecurityGroupId');
  const peers = [cidr, ipv6, group, address.used ? 'address' : ''].filter((p) => p !== '');
  if (peers.length > 1) {
    throw coexist(
      `\`${where}CidrBlock\`, \`Ipv6CidrBlock\`, \`SecurityGroupId\` and \`AddressTemplate\` are mutually exclusive.`,
    );
  }
  if (peers.length === 0) throw missing(`${where}CidrBlock`);
  if (cidr === MY_PUBLIC_IP || ipv6 === MY_PUBLIC_IP) {
    const family = cidr === MY_PUBLIC_IP ? 'ipv4' : 'ipv6';
    const mine = publicAddress(ctx.clientIp, family, where);
    if (family === 'ipv4') cidr = mine;
    else ipv6 = mine;
    if (description === '') description = MY_PUBLIC_IP_DESCRIPTION;
  }
  if (cidr !== '') cidr = readIpv4(cidr, `${where}CidrBlock`);
  if (ipv6 !== '' && !ipaddr.IPv6.isValidCIDR(ipv6) && !ipaddr.IPv6.isValid(ipv6)) {
    throw invalid(
      'InvalidParameterValue.Malformed',
      `\`${where}Ipv6CidrBlock\` "${ipv6}" is not an IPv6 address or CIDR block.`,
    );
  }
  if (group !== '') readPeerGroup(group, where, ctx);
  if (protocol === 'ICMP' && ipv6 !== '') {
    throw coexist(`\`${where}\`: Ipv6CidrBlock and ICMP are mutually exclusive; use ICMPV6.`);
  }
  if (protocol === 'ICMPV6' && cidr !== '') {
    throw coexist(`\`${where}\`: an IPv4 CidrBlock and ICMPV6 are mutually exclusive; use ICMP.`);
  }

  const policy: StoredPolicy = {
    Protocol: protocol,
    Port: port,
    CidrBlock: cidr,
    Ipv6CidrBlock: ipv6,
    SecurityGroupId: group,
    AddressTemplate: { AddressId: address.ids[0] ?? '', AddressGroupId: address.ids[1] ?? '' },
    ServiceTemplate: { ServiceId: service.ids[0] ?? '', ServiceGroupId: service.ids[1] ?? '' },
    Action: action,
    PolicyDescription: description,
    ModifyTime: ctx.now,
  };
  const index = readIndex(raw.PolicyIndex, `${where}PolicyIndex`);
  return { policy, ...(index === undefined ? {} : { index }), described: description !== '' };
}

function template(raw: Params, name: string, fields: [string, string], pattern: RegExp, where: string) {
  const value = optionalObject(raw, name, where);
  if (!value) return { used: false, ids: [] as string[] };
  onlyParams(value, fields, `${where}${name}.`);
  const ids = fields.map((f) => (optionalString(value, f, `${where}${name}.`) ?? '').trim());
  const given = ids.filter((id) => id !== '');
  if (given.length > 1) throw coexist(`\`${where}${name}\`: give ${fields[0]} or ${fields[1]}, not both.`);
  const id = given[0];
  if (id !== undefined && !pattern.test(id)) {
    throw invalid('InvalidParameterValue.Malformed', `\`${where}${name}\` "${id}" is not a template id.`);
  }
  return { used: id !== undefined, ids };
}

/** "ALL", "22", "80,443", "8000-8010": only TCP and UDP take a port, and ALL takes only ALL. */
function readPort(protocol: string, port: string, name: string): string {
  if (port === '' || port.toUpperCase() === 'ALL') return 'ALL';
  if (protocol !== 'TCP' && protocol !== 'UDP') {
    throw coexist(`\`${name}\`: Protocol ${protocol} and a Port are mutually exclusive; only TCP and UDP take one.`);
  }
  for (const item of port.split(',')) {
    const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(item.trim());
    if (!m) {
      throw invalid('InvalidParameterValue.Malformed', `\`${name}\` "${port}" is not a port, port list or port range.`);
    }
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

/** An IPv4 address or block; "0.0.0.0/n" is taken as 0.0.0.0/0, as the model documents. */
function readIpv4(cidr: string, name: string): string {
  if (!ipaddr.IPv4.isValidCIDRFourPartDecimal(cidr) && !ipaddr.IPv4.isValidFourPartDecimal(cidr)) {
    throw invalid('InvalidParameterValue.Malformed', `\`${name}\` "${cidr}" is not an IPv4 address or CIDR block.`);
  }
  return /^0\.0\.0\.0\/\d+$/.test(cidr) ? '0.0.0.0/0' : cidr;
}

function readPeerGroup(id: string, where: string, ctx: PolicyContext): void {
  if (!SECURITY_GROUP_ID.test(id)) {
    throw invalid('InvalidParameterValue.Malformed', `\`${where}SecurityGroupId\` "${id}" is not a security group id.`);
  }
  const project = ctx.projectOf(id);
  if (project === undefined) {
    throw invalid('ResourceNotFound', `\`${where}SecurityGroupId\`: the security group \`${id}\` does not exist.`);
  }
  if (project !== ctx.projectId) {
    throw invalid(
      'InvalidParameterValue',
      `\`${where}SecurityGroupId\`: ${id} is in project ${project}; a policy may only name a group of its own group's project (${ctx.projectId}).`,
    );
  }
}

function publicAddress(clientIp: string, family: 'ipv4' | 'ipv6', where: string): string {
  const parsed = ipaddr.isValid(clientIp) ? ipaddr.process(clientIp) : undefined;
  if (parsed?.kind() !== family) {
    throw invalid(
      'InvalidParameterValue.Malformed',
      `\`${where}\`: MY_PUBLIC_IP stands for the caller's ${family === 'ipv4' ? 'IPv4' : 'IPv6'} address, and this request came from ${clientIp || 'an unknown address'}.`,
    );
  }
  return parsed.toString();
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
