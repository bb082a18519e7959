/**
 * A SecurityGroupPolicySet in a request: its Version (Tencent's optimistic concurrency: "用户每次更新
 * 安全规则版本会自动加1 … 不填不考虑冲突", each change adds 1, no Version means no conflict check),
 * its directions, and the checks every change of a group's policies makes.
 */
import type { ActionContext } from './action-context.js';
import { TencentApiError } from './api-error.js';
import type { StoredGroup, StoredPolicy } from './emulator-state.js';
import { missing, onlyParams, optionalArray, optionalObject, type Params } from './params.js';
import { type PolicyContext, policyKey, type ReadPolicy, readPolicy } from './policy-rules.js';
import { formatTencentTime } from './tencent-time.js';

export type Direction = 'Ingress' | 'Egress';
export const DIRECTIONS: readonly Direction[] = ['Ingress', 'Egress'];

// PolicyStatistics is output only, but a set copied from a Describe answer carries it.
const SET_FIELDS = ['Version', 'Egress', 'Ingress', 'PolicyStatistics'];

/** The set named `name` in the request, checked for unknown fields. */
export function readPolicySet(params: Params, name = 'SecurityGroupPolicySet'): Params | undefined {
  const set = optionalObject(params, name);
  if (set) onlyParams(set, SET_FIELDS, `${name}.`);
  return set;
}

export function requirePolicySet(params: Params, name = 'SecurityGroupPolicySet'): Params {
  const set = readPolicySet(params, name);
  if (!set) throw missing(name);
  return set;
}

/** Version as a number; undefined when absent or blank. Tencent's examples send it as a string. */
export function readVersion(set: Params): number | undefined {
  const value = set.Version;
  if (value === undefined || value === '') return undefined;
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
    throw new TencentApiError(
      'InvalidParameterValue.Malformed',
      '`SecurityGroupPolicySet.Version` must be a whole number, the Version DescribeSecurityGroupPolicies answered.',
    );
  }
  return n;
}

/** Refuses a change made from a Version that is no longer the group's (documented: UnsupportedOperation.VersionMismatch). */
export function checkVersion(set: Params, group: StoredGroup): void {
  const version = readVersion(set);
  if (version !== undefined && version !== group.PolicyVersion) {
    throw new TencentApiError(
      'UnsupportedOperation.VersionMismatch',
      `SecurityGroupPolicySet.Version ${version} is not the latest version of ${group.SecurityGroupId} (${group.PolicyVersion}): its policies changed since.`,
    );
  }
}

export function policyList(set: Params, direction: Direction): unknown[] {
  return optionalArray(set, direction, 'SecurityGroupPolicySet.') ?? [];
}

/** The one direction a request names policies for: Ingress or Egress, not both (InvalidParameter.Coexist), not none. */
export function oneDirection(set: Params): { direction: Direction; list: unknown[] } {
  const given = DIRECTIONS.filter((d) => policyList(set, d).length > 0);
  if (given.length > 1) {
    throw new TencentApiError(
      'InvalidParameter.Coexist',
      'One request takes policies of one direction: give Ingress or Egress, not both.',
    );
  }
  const [direction] = given;
  if (!direction) {
    throw new TencentApiError(
      'InvalidParameterValue.Empty',
      '`SecurityGroupPolicySet` names no Ingress or Egress policy.',
    );
  }
  return { direction, list: policyList(set, direction) };
}

export function policyContext(ctx: ActionContext, projectId: string): PolicyContext {
  return {
    projectOf: (id) => ctx.state.groups.find((g) => g.SecurityGroupId === id && g.Region === ctx.region)?.ProjectId,
    projectId,
    clientIp: ctx.clientIp,
    now: formatTencentTime(ctx.now),
  };
}

export function readPolicies(list: unknown[], direction: Direction, policy: PolicyContext): ReadPolicy[] {
  return list.map((raw, i) => readPolicy(raw, `SecurityGroupPolicySet.${direction}.${i}.`, policy));
}

/** Codes for a set that is too big or repeats a policy: CreateSecurityGroupWithPolicies documents only general ones. */
export interface PolicySetErrorCodes {
  tooMany: string;
  duplicate: string;
}

export const POLICY_CHANGE_ERRORS: PolicySetErrorCodes = {
  tooMany: 'LimitExceeded.SecurityGroupPolicySet',
  duplicate: 'UnsupportedOperation.DuplicatePolicy',
};

/** The policies a direction would hold: within the per-direction quota, each traffic match at most once. */
export function checkPolicies(
  ctx: ActionContext,
  policies: StoredPolicy[],
  direction: Direction,
  codes: PolicySetErrorCodes,
): void {
  if (policies.length > ctx.limits.ruleQuota) {
    throw new TencentApiError(
      codes.tooMany,
      `A security group takes at most ${ctx.limits.ruleQuota} ${direction} policies.`,
    );
  }
  const seen = new Set<string>();
  for (const p of policies) {
    const key = policyKey(p);
    if (seen.has(key)) {
      throw new TencentApiError(
        codes.duplicate,
        `The ${direction} policy ${p.Protocol} ${p.Port} ${p.CidrBlock || p.Ipv6CidrBlock || p.SecurityGroupId || 'template'} ${p.Action} is there twice.`,
      );
    }
    seen.add(key);
  }
}

/** Records a change of the group's policies: the next Version, and the group's UpdateTime. */
export function policiesChanged(ctx: ActionContext, group: StoredGroup): void {
  group.PolicyVersion += 1;
  group.UpdateTime = formatTencentTime(ctx.now);
}

/** A SecurityGroupPolicy as DescribeSecurityGroupPolicies answers it: its PolicyIndex is its place in the direction. */
export function describePolicy(p: StoredPolicy, index: number) {
  return {
    PolicyIndex: index,
    Protocol: p.Protocol,
    Port: p.Port,
    ServiceTemplate: p.ServiceTemplate,
    CidrBlock: p.CidrBlock,
    Ipv6CidrBlock: p.Ipv6CidrBlock,
    SecurityGroupId: p.SecurityGroupId,
    AddressTemplate: p.AddressTemplate,
    Action: p.Action,
    ModifyTime: p.ModifyTime,
    PolicyDescription: p.PolicyDescription,
  };
}
