/**
 * vpc (2017-03-12) actions that add, delete or reset a group's policies. Each change adds 1 to the
 * group's Version; a stale Version is refused where the action documents VersionMismatch.
 */
import type { ActionHandler } from './action-context.js';
import { TencentApiError } from './api-error.js';
import type { StoredPolicy } from './emulator-state.js';
import { groupById } from './groups.js';
import { isObject, onlyParams, optionalBoolean, requiredString } from './params.js';
import { policyKey } from './policy-rules.js';
import {
  checkPolicies,
  checkVersion,
  DIRECTIONS,
  type Direction,
  oneDirection,
  POLICY_CHANGE_ERRORS,
  type PolicySetErrorCodes,
  policiesChanged,
  policyContext,
  policyList,
  readPolicies,
  readVersion,
  requirePolicySet,
} from './policy-set.js';

/** With no PolicyIndex the policies go after the last one; 0 puts them first; all must give the same one. */
const createSecurityGroupPolicies: ActionHandler = (ctx) => {
  onlyParams(ctx.params, ['SecurityGroupId', 'SecurityGroupPolicySet']);
  const group = groupById(ctx, requiredString(ctx.params, 'SecurityGroupId'));
  const set = requirePolicySet(ctx.params);
  checkVersion(set, group);
  const { direction, list } = oneDirection(set);
  const added = readPolicies(list, direction, policyContext(ctx, group.ProjectId));
  const indexes = new Set(added.map((p) => p.index));
  if (indexes.size > 1) {
    throw new TencentApiError(
      'InvalidParameterValue',
      'All policies of one request must give the same PolicyIndex, or none.',
    );
  }
  const [index] = indexes;
  const existing = group[direction];
  if (index !== undefined && index > existing.length) {
    throw new TencentApiError(
      'InvalidParameterValue.Range',
      `PolicyIndex ${index} is beyond the end of the ${existing.length} ${direction} policies.`,
    );
  }
  const next = [...existing];
  next.splice(index ?? existing.length, 0, ...added.map((p) => p.policy));
  checkPolicies(ctx, next, direction, POLICY_CHANGE_ERRORS);
  group[direction] = next;
  policiesChanged(ctx, group);
  return {};
};

/**
 * One direction per request, matched either by PolicyIndex or by content (Action, Protocol, Port and
 * the peer; the description too when given), never both ways in one request.
 */
const deleteSecurityGroupPolicies: ActionHandler = (ctx) => {
  onlyParams(ctx.params, ['SecurityGroupId', 'SecurityGroupPolicySet']);
  const group = groupById(ctx, requiredString(ctx.params, 'SecurityGroupId'));
  const set = requirePolicySet(ctx.params);
  checkVersion(set, group);
  const { direction, list } = oneDirection(set);
  const existing = group[direction];
  const byIndex = list.map((raw) => isObject(raw) && raw.PolicyIndex !== undefined);
  const mixed = list.some((raw, i) => byIndex[i] && isObject(raw) && Object.keys(raw).length > 1);
  if (mixed || (byIndex.includes(true) && byIndex.includes(false))) {
    throw new TencentApiError(
      'InvalidParameter.Coexist',
      'Delete policies by PolicyIndex or by their content, not both in one request.',
    );
  }
  const doomed = byIndex[0]
    ? indexesOf(list, direction, existing.length)
    : matchesOf(list, direction, existing, policyContext(ctx, group.ProjectId));
  group[direction] = existing.filter((_, i) => !doomed.has(i));
  policiesChanged(ctx, group);
  return {};
};

function indexesOf(list: unknown[], direction: Direction, count: number): Set<number> {
  const doomed = new Set<number>();
  list.forEach((raw, i) => {
    const value = (raw as { PolicyIndex: unknown }).PolicyIndex;
    const index = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
    const name = `SecurityGroupPolicySet.${direction}.${i}.PolicyIndex`;
    if (typeof index !== 'number' || !Number.isInteger(index)) {
      throw new TencentApiError('InvalidParameter', `The type of parameter \`${name}\` should be Integer.`);
    }
    if (index < 0 || index >= count) {
      throw new TencentApiError(
        'InvalidParameterValue.Range',
        `\`${name}\` ${index}: there are ${count} ${direction} policies.`,
      );
    }
    if (doomed.has(index)) throw new TencentApiError('InvalidParameterValue', `\`${name}\` ${index} is given twice.`);
    doomed.add(index);
  });
  return doomed;
}

function matchesOf(
  list: unknown[],
  direction: Direction,
  existing: StoredPolicy[],
  context: ReturnType<typeof policyContext>,
): Set<number> {
  const doomed = new Set<number>();
  for (const read of readPolicies(list, direction, context)) {
    const key = policyKey(read.policy);
    const found = existing.findIndex(
      (p, i) =>
        !doomed.has(i) &&
        policyKey(p) === key &&
        (!read.described || p.PolicyDescription === read.policy.PolicyDescription),
    );
    if (found < 0) {
      const p = read.policy;
      throw new TencentApiError(
        'ResourceNotFound',
        `No ${direction} policy matches ${p.Action} ${p.Protocol} ${p.Port} ${p.CidrBlock || p.Ipv6CidrBlock || p.SecurityGroupId || 'template'}.`,
      );
    }
    doomed.add(found);
  }
  return doomed;
}

/** ModifySecurityGroupPolicies documents LimitExceeded, not LimitExceeded.SecurityGroupPolicySet. */
const RESET_ERRORS: PolicySetErrorCodes = {
  tooMany: 'LimitExceeded',
  duplicate: 'UnsupportedOperation.DuplicatePolicy',
};

/**
 * Resets the given directions to the given policies. Version 0 empties the group and ignores the
 * policies; any other Version is not compared, as the action documents no VersionMismatch (the
 * Terraform provider's rule set sends the next Version, not the current one). A direction left out
 * is left as it is (the same provider deletes the other direction's policies separately). Without
 * SortPolicys the policies that stay keep their order and new ones follow; with it, the given order.
 */
const modifySecurityGroupPolicies: ActionHandler = (ctx) => {
  onlyParams(ctx.params, ['SecurityGroupId', 'SecurityGroupPolicySet', 'SortPolicys']);
  const group = groupById(ctx, requiredString(ctx.params, 'SecurityGroupId'));
  const set = requirePolicySet(ctx.params);
  const sort = optionalBoolean(ctx.params, 'SortPolicys') ?? false;
  if (readVersion(set) === 0) {
    group.Ingress = [];
    group.Egress = [];
    policiesChanged(ctx, group);
    return {};
  }
  const given = DIRECTIONS.filter((d) => set[d] !== undefined);
  if (given.length === 0) {
    throw new TencentApiError(
      'InvalidParameterValue.Empty',
      '`SecurityGroupPolicySet` gives neither Ingress nor Egress.',
    );
  }
  const context = policyContext(ctx, group.ProjectId);
  for (const d of given) {
    const read = readPolicies(policyList(set, d), d, context);
    if (read.some((p) => p.index !== undefined)) {
      throw new TencentApiError('UnsupportedOperation', 'ModifySecurityGroupPolicies does not take PolicyIndex.');
    }
    const wanted = read.map((p) => p.policy);
    checkPolicies(ctx, wanted, d, RESET_ERRORS);
    group[d] = resetDirection(group[d], wanted, sort);
  }
  policiesChanged(ctx, group);
  return {};
};

function resetDirection(existing: StoredPolicy[], wanted: StoredPolicy[], sort: boolean): StoredPolicy[] {
  const before = new Map(existing.map((p) => [policyKey(p), p]));
  // A policy that is there already, word for word, keeps its ModifyTime.
  const next = wanted.map((p) => {
    const old = before.get(policyKey(p));
    return old && old.PolicyDescription === p.PolicyDescription ? old : p;
  });
  if (sort) return next;
  const place = new Map(existing.map((p, i) => [policyKey(p), i]));
  const rank = (p: StoredPolicy) => place.get(policyKey(p)) ?? existing.length;
  return next
    .map((p, i) => ({ p, i }))
    .sort((a, b) => rank(a.p) - rank(b.p) || a.i - b.i)
    .map(({ p }) => p);
}

export const POLICY_ACTIONS = {
  CreateSecurityGroupPolicies: createSecurityGroupPolicies,
  DeleteSecurityGroupPolicies: deleteSecurityGroupPolicies,
  ModifySecurityGroupPolicies: modifySecurityGroupPolicies,
};
