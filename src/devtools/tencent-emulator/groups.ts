/** What the security-group actions share: finding a group, reading names, projects and tags, quotas. */
import type { ActionContext } from './action-context.js';
import { TencentApiError } from './api-error.js';
import type { EmulatorState, StoredGroup } from './emulator-state.js';
import {
  isObject,
  length,
  missing,
  onlyParams,
  optionalArray,
  optionalString,
  type Params,
  requiredString,
  tooLong,
} from './params.js';
import { SECURITY_GROUP_ID } from './policy-rules.js';
import { formatTencentTime } from './tencent-time.js';

export const GROUP_NAME_MAX = 60;
export const GROUP_DESCRIPTION_MAX = 100;
const TAG_KEY_MAX = 127;
const TAG_VALUE_MAX = 255;

/** The SecurityGroup object of the vpc 2017-03-12 models. */
export function describeGroup(g: StoredGroup) {
  return {
    SecurityGroupId: g.SecurityGroupId,
    SecurityGroupName: g.SecurityGroupName,
    SecurityGroupDesc: g.SecurityGroupDesc,
    ProjectId: g.ProjectId,
    IsDefault: g.IsDefault,
    CreatedTime: g.CreatedTime,
    UpdateTime: g.UpdateTime,
    TagSet: g.TagSet,
  };
}

export function checkGroupId(id: string, name = 'SecurityGroupId'): void {
  if (!SECURITY_GROUP_ID.test(id)) {
    throw new TencentApiError('InvalidParameterValue.Malformed', `\`${name}\` "${id}" is not a security group id.`);
  }
}

/** The group of this id in `region` (ResourceNotFound, as every security-group action documents). */
export function findGroup(state: EmulatorState, region: string, id: string, name = 'SecurityGroupId'): StoredGroup {
  checkGroupId(id, name);
  const group = state.groups.find((g) => g.SecurityGroupId === id && g.Region === region);
  if (!group)
    throw new TencentApiError('ResourceNotFound', `The security group \`${id}\` does not exist in ${region}.`);
  return group;
}

export function groupById(ctx: ActionContext, id: string): StoredGroup {
  return findGroup(ctx.state, ctx.region, id);
}

/** The groups in the region whose policies name this group (itself included when it names itself). */
export function referencingGroups(state: EmulatorState, group: StoredGroup): StoredGroup[] {
  return state.groups.filter(
    (g) =>
      g.Region === group.Region && [...g.Ingress, ...g.Egress].some((p) => p.SecurityGroupId === group.SecurityGroupId),
  );
}

/** A blank name counts as none: a group always has one. */
export function readGroupName(params: Params, name = 'GroupName'): string | undefined {
  const value = optionalString(params, name);
  if (value === undefined || value === '') return undefined;
  if (length(value) > GROUP_NAME_MAX) throw tooLong(name, GROUP_NAME_MAX);
  return value;
}

/** The description may be blank (the console's Notes field is optional), but not too long. */
export function readGroupDescription(params: Params, name = 'GroupDescription'): string | undefined {
  const value = optionalString(params, name);
  if (value !== undefined && length(value) > GROUP_DESCRIPTION_MAX) throw tooLong(name, GROUP_DESCRIPTION_MAX);
  return value;
}

/** ProjectId, "0" (the Default project) when absent; another must exist. */
export function readProjectId(ctx: ActionContext): string {
  const projectId = optionalString(ctx.params, 'ProjectId') || '0';
  if (projectId !== '0' && !ctx.state.projects.some((p) => String(p.ProjectId) === projectId)) {
    throw new TencentApiError('ResourceNotFound', `The project \`${projectId}\` does not exist.`);
  }
  return projectId;
}

export function checkGroupQuota(ctx: ActionContext, projectId: string): void {
  const inProject = ctx.state.groups.filter((g) => g.Region === ctx.region && g.ProjectId === projectId).length;
  if (inProject >= ctx.limits.groupQuota) {
    throw new TencentApiError(
      'LimitExceeded',
      `Project ${projectId} already has ${inProject} security groups in ${ctx.region}, the most allowed.`,
    );
  }
}

/** The codes an action documents for bad tags; CreateSecurityGroup has its own, others only the general ones. */
export interface TagErrorCodes {
  duplicateKey: string;
  keyTooLong: string;
  valueTooLong: string;
}

export const GENERAL_TAG_ERRORS: TagErrorCodes = {
  duplicateKey: 'InvalidParameterValue',
  keyTooLong: 'InvalidParameterValue.TooLong',
  valueTooLong: 'InvalidParameterValue.TooLong',
};

export function readTags(params: Params, codes: TagErrorCodes): { Key: string; Value: string }[] {
  const tags = optionalArray(params, 'Tags') ?? [];
  const keys = new Set<string>();
  return tags.map((raw, i) => {
    const where = `Tags.${i}.`;
    if (!isObject(raw)) {
      throw new TencentApiError('InvalidParameter', `The type of parameter \`Tags.${i}\` should be Object.`);
    }
    onlyParams(raw, ['Key', 'Value'], where);
    const Key = requiredString(raw, 'Key', where);
    const Value = optionalString(raw, 'Value', where) ?? '';
    if (length(Key) > TAG_KEY_MAX)
      throw new TencentApiError(codes.keyTooLong, `\`${where}Key\` is over ${TAG_KEY_MAX} characters.`);
    if (length(Value) > TAG_VALUE_MAX) {
      throw new TencentApiError(codes.valueTooLong, `\`${where}Value\` is over ${TAG_VALUE_MAX} characters.`);
    }
    if (keys.has(Key)) throw new TencentApiError(codes.duplicateKey, `The tag key \`${Key}\` is repeated.`);
    keys.add(Key);
    return { Key, Value };
  });
}

/** GroupName and GroupDescription, both required (the description may be blank). */
export function readNewGroupText(params: Params): { name: string; description: string } {
  const name = readGroupName(params);
  if (name === undefined) throw missing('GroupName');
  const description = readGroupDescription(params);
  if (description === undefined) throw missing('GroupDescription');
  return { name, description };
}

export function addGroup(
  ctx: ActionContext,
  fields: Pick<StoredGroup, 'SecurityGroupName' | 'SecurityGroupDesc' | 'ProjectId' | 'TagSet' | 'Ingress' | 'Egress'>,
): StoredGroup {
  const now = formatTencentTime(ctx.now);
  const group: StoredGroup = {
    SecurityGroupId: ctx.newGroupId(),
    IsDefault: false,
    CreatedTime: now,
    UpdateTime: now,
    Region: ctx.region,
    // A group without policies is at Version 0 (Tencent's example answer of
    // DescribeSecurityGroupExpandedPolicies); setting its first policies is one change.
    PolicyVersion: fields.Ingress.length + fields.Egress.length > 0 ? 1 : 0,
    Associations: {},
    ...fields,
  };
  ctx.state.groups.push(group);
  return group;
}
