/**
 * vpc (2017-03-12) ReplaceSecurityGroupPolicy (one policy) and ReplaceSecurityGroupPolicies (several,
 * one direction): each policy replaces the one at its PolicyIndex, which is required.
 */
import type { ActionHandler } from './action-context.js';
import { TencentApiError } from './api-error.js';
import type { StoredGroup } from './emulator-state.js';
import { groupById } from './groups.js';
import { missing, onlyParams, optionalString, requiredString } from './params.js';
import type { ReadPolicy } from './policy-rules.js';
import {
  checkPolicies,
  checkVersion,
  type Direction,
  oneDirection,
  POLICY_CHANGE_ERRORS,
  policiesChanged,
  policyContext,
  policyList,
  readPolicies,
  readPolicySet,
  requirePolicySet,
} from './policy-set.js';

const UPDATE_TYPES = ['Policy', 'Priority', 'Both'];

function replaceAt(ctx: Parameters<ActionHandler>[0], group: StoredGroup, direction: Direction, read: ReadPolicy[]) {
  const existing = group[direction];
  const next = [...existing];
  const seen = new Set<number>();
  read.forEach((p, i) => {
    const name = `SecurityGroupPolicySet.${direction}.${i}.PolicyIndex`;
    if (p.index === undefined) throw missing(name);
    if (p.index >= existing.length) {
      throw new TencentApiError(
        'InvalidParameterValue.Range',
        `\`${name}\` ${p.index}: there are ${existing.length} ${direction} policies.`,
      );
    }
    if (seen.has(p.index)) throw new TencentApiError('InvalidParameterValue', `\`${name}\` ${p.index} is given twice.`);
    seen.add(p.index);
    next[p.index] = p.policy;
  });
  checkPolicies(ctx, next, direction, POLICY_CHANGE_ERRORS);
  group[direction] = next;
  policiesChanged(ctx, group);
}

/** OriginalSecurityGroupPolicySet is documented as "for logging"; it is checked for form only. */
const replaceSecurityGroupPolicy: ActionHandler = (ctx) => {
  onlyParams(ctx.params, ['SecurityGroupId', 'SecurityGroupPolicySet', 'OriginalSecurityGroupPolicySet']);
  const group = groupById(ctx, requiredString(ctx.params, 'SecurityGroupId'));
  const set = requirePolicySet(ctx.params);
  readPolicySet(ctx.params, 'OriginalSecurityGroupPolicySet');
  checkVersion(set, group);
  const { direction, list } = oneDirection(set);
  if (list.length > 1) {
    throw new TencentApiError(
      'InvalidParameterValue.LimitExceeded',
      'ReplaceSecurityGroupPolicy replaces one policy; use ReplaceSecurityGroupPolicies for more.',
    );
  }
  replaceAt(ctx, group, direction, readPolicies(list, direction, policyContext(ctx, group.ProjectId)));
  return {};
};

/**
 * UpdateType Policy (the default) replaces content. Priority and Both reorder policies by a
 * Priority the emulator does not keep, so they are refused once the documented form is checked
 * (OriginalSecurityGroupPolicySet required, as long as the new set).
 */
const replaceSecurityGroupPolicies: ActionHandler = (ctx) => {
  onlyParams(ctx.params, ['SecurityGroupId', 'SecurityGroupPolicySet', 'OriginalSecurityGroupPolicySet', 'UpdateType']);
  const group = groupById(ctx, requiredString(ctx.params, 'SecurityGroupId'));
  const set = requirePolicySet(ctx.params);
  const original = readPolicySet(ctx.params, 'OriginalSecurityGroupPolicySet');
  const updateType = optionalString(ctx.params, 'UpdateType') || 'Policy';
  if (!UPDATE_TYPES.includes(updateType)) {
    throw new TencentApiError('InvalidParameterValue', `\`UpdateType\` must be one of ${UPDATE_TYPES.join(', ')}.`);
  }
  checkVersion(set, group);
  const { direction, list } = oneDirection(set);
  const read = readPolicies(list, direction, policyContext(ctx, group.ProjectId));
  if (updateType !== 'Policy') {
    if (!original) throw missing('OriginalSecurityGroupPolicySet');
    if (policyList(original, direction).length !== list.length) {
      throw new TencentApiError(
        'InvalidParameterValue',
        `\`OriginalSecurityGroupPolicySet.${direction}\` must list as many policies as \`SecurityGroupPolicySet.${direction}\`.`,
      );
    }
    throw new TencentApiError(
      'UnsupportedOperation',
      `The emulator keeps no policy priorities, so it does not take UpdateType ${updateType}.`,
    );
  }
  replaceAt(ctx, group, direction, read);
  return {};
};

export const REPLACE_ACTIONS = {
  ReplaceSecurityGroupPolicy: replaceSecurityGroupPolicy,
  ReplaceSecurityGroupPolicies: replaceSecurityGroupPolicies,
};
