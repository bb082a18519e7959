/**
 * vpc (2017-03-12) actions on security groups themselves: create (bare or with policies), delete,
 * rename, clone. Each answers only the error codes its API page documents (plus the common ones).
 */
import type { ActionHandler } from './action-context.js';
import { TencentApiError } from './api-error.js';
import type { StoredPolicy } from './emulator-state.js';
import {
  addGroup,
  checkGroupQuota,
  describeGroup,
  findGroup,
  GENERAL_TAG_ERRORS,
  groupById,
  readGroupDescription,
  readGroupName,
  readNewGroupText,
  readProjectId,
  readTags,
  referencingGroups,
  type TagErrorCodes,
} from './groups.js';
import { onlyParams, optionalBoolean, optionalString, requiredString } from './params.js';
import {
  checkPolicies,
  DIRECTIONS,
  type PolicySetErrorCodes,
  policyContext,
  policyList,
  readPolicies,
  readPolicySet,
  readVersion,
} from './policy-set.js';
import { formatTencentTime } from './tencent-time.js';

/** CreateSecurityGroup documents its own tag codes. */
const CREATE_GROUP_TAG_ERRORS: TagErrorCodes = {
  duplicateKey: 'InvalidParameterValue.TagDuplicateKey',
  keyTooLong: 'InvalidParameterValue.TagInvalidKeyLen',
  valueTooLong: 'InvalidParameterValue.TagInvalidVal',
};

/** CreateSecurityGroupWithPolicies documents neither LimitExceeded.SecurityGroupPolicySet nor DuplicatePolicy. */
const CREATE_WITH_POLICIES_ERRORS: PolicySetErrorCodes = {
  tooMany: 'LimitExceeded',
  duplicate: 'InvalidParameterValue',
};

const createSecurityGroup: ActionHandler = (ctx) => {
  onlyParams(ctx.params, ['GroupName', 'GroupDescription', 'ProjectId', 'Tags']);
  const { name, description } = readNewGroupText(ctx.params);
  const projectId = readProjectId(ctx);
  const tags = readTags(ctx.params, CREATE_GROUP_TAG_ERRORS);
  checkGroupQuota(ctx, projectId);
  const group = addGroup(ctx, {
    SecurityGroupName: name,
    SecurityGroupDesc: description,
    ProjectId: projectId,
    TagSet: tags,
    Ingress: [],
    Egress: [],
  });
  return { SecurityGroup: describeGroup(group) };
};

const createSecurityGroupWithPolicies: ActionHandler = (ctx) => {
  const { params } = ctx;
  onlyParams(params, ['GroupName', 'GroupDescription', 'ProjectId', 'SecurityGroupPolicySet', 'Tags']);
  const { name, description } = readNewGroupText(params);
  const projectId = readProjectId(ctx);
  const set = readPolicySet(params) ?? {};
  // Checked for form only: a group that does not exist yet has no Version to be stale against.
  readVersion(set);
  const context = policyContext(ctx, projectId);
  const policies = { Ingress: [] as StoredPolicy[], Egress: [] as StoredPolicy[] };
  for (const d of DIRECTIONS) {
    const read = readPolicies(policyList(set, d), d, context);
    if (new Set(read.map((p) => p.index)).size > 1) {
      throw new TencentApiError('InvalidParameterValue', `All ${d} policies must give the same PolicyIndex, or none.`);
    }
    policies[d] = read.map((p) => p.policy);
    checkPolicies(ctx, policies[d], d, CREATE_WITH_POLICIES_ERRORS);
  }
  const tags = readTags(params, GENERAL_TAG_ERRORS);
  checkGroupQuota(ctx, projectId);
  const group = addGroup(ctx, {
    SecurityGroupName: name,
    SecurityGroupDesc: description,
    ProjectId: projectId,
    TagSet: tags,
    ...policies,
  });
  return { SecurityGroup: describeGroup(group) };
};

/** Refused while instances use the group or other groups' policies name it (ResourceInUse). */
const deleteSecurityGroup: ActionHandler = (ctx) => {
  onlyParams(ctx.params, ['SecurityGroupId']);
  const group = groupById(ctx, requiredString(ctx.params, 'SecurityGroupId'));
  if (group.IsDefault) {
    throw new TencentApiError('UnsupportedOperation', `${group.SecurityGroupId} is a default security group.`);
  }
  const users = Object.entries(group.Associations).filter(([, count]) => count > 0);
  if (users.length > 0) {
    const what = users.map(([type, count]) => `${count} ${type}`).join(', ');
    throw new TencentApiError('ResourceInUse', `${group.SecurityGroupId} is associated with ${what}.`);
  }
  const referrers = referencingGroups(ctx.state, group).filter((g) => g !== group);
  if (referrers.length > 0) {
    throw new TencentApiError(
      'ResourceInUse',
      `${group.SecurityGroupId} is referenced by policies of ${referrers.map((g) => g.SecurityGroupId).join(', ')}; change those first.`,
    );
  }
  ctx.state.groups = ctx.state.groups.filter((g) => g !== group);
  return {};
};

const modifySecurityGroupAttribute: ActionHandler = (ctx) => {
  onlyParams(ctx.params, ['SecurityGroupId', 'GroupName', 'GroupDescription']);
  const group = groupById(ctx, requiredString(ctx.params, 'SecurityGroupId'));
  const name = readGroupName(ctx.params);
  const description = readGroupDescription(ctx.params);
  if (name !== undefined) group.SecurityGroupName = name;
  if (description !== undefined) group.SecurityGroupDesc = description;
  if (name !== undefined || description !== undefined) group.UpdateTime = formatTencentTime(ctx.now);
  return {};
};

/**
 * A new group with the source's policies, in the request's region; RemoteRegion names the source's
 * region when it is another. Name and description default to the source's, ProjectId to 0. Tags
 * are not cloned unless IsCloneTags, and then Tags are merged in (a given key wins).
 */
const cloneSecurityGroup: ActionHandler = (ctx) => {
  const { params } = ctx;
  onlyParams(params, [
    'SecurityGroupId',
    'GroupName',
    'GroupDescription',
    'ProjectId',
    'RemoteRegion',
    'Tags',
    'IsCloneTags',
  ]);
  const sourceRegion = optionalString(params, 'RemoteRegion') || ctx.region;
  if (!ctx.regions.some((r) => r.id === sourceRegion)) {
    throw new TencentApiError('InvalidParameterValue', `\`RemoteRegion\` ${sourceRegion} is not a region.`);
  }
  const source = findGroup(ctx.state, sourceRegion, requiredString(params, 'SecurityGroupId'));
  const name = readGroupName(params) ?? source.SecurityGroupName;
  const description = readGroupDescription(params) ?? source.SecurityGroupDesc;
  const projectId = readProjectId(ctx);
  if (sourceRegion !== ctx.region && [...source.Ingress, ...source.Egress].some((p) => p.SecurityGroupId !== '')) {
    throw new TencentApiError(
      'UnsupportedOperation.RemoteRegionSgHasReferencedSg',
      `${source.SecurityGroupId} has policies that name security groups, so it cannot be cloned to another region.`,
    );
  }
  const given = readTags(params, GENERAL_TAG_ERRORS);
  const tags = optionalBoolean(params, 'IsCloneTags')
    ? [...source.TagSet.filter((t) => !given.some((g) => g.Key === t.Key)), ...given]
    : given;
  checkGroupQuota(ctx, projectId);
  const now = formatTencentTime(ctx.now);
  const copy = (p: StoredPolicy): StoredPolicy => ({ ...structuredClone(p), ModifyTime: now });
  const group = addGroup(ctx, {
    SecurityGroupName: name,
    SecurityGroupDesc: description,
    ProjectId: projectId,
    TagSet: tags,
    Ingress: source.Ingress.map(copy),
    Egress: source.Egress.map(copy),
  });
  return { SecurityGroup: describeGroup(group) };
};

export const GROUP_ACTIONS = {
  CreateSecurityGroup: createSecurityGroup,
  CreateSecurityGroupWithPolicies: createSecurityGroupWithPolicies,
  DeleteSecurityGroup: deleteSecurityGroup,
  ModifySecurityGroupAttribute: modifySecurityGroupAttribute,
  CloneSecurityGroup: cloneSecurityGroup,
};
