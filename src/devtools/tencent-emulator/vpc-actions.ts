/** The vpc (2017-03-12) security-group actions, with the limits Tencent Cloud documents. */
import type { ActionContext, ActionHandler } from './action-context.js';
import { TencentApiError } from './api-error.js';
import type { StoredGroup, StoredPolicy } from './emulator-state.js';
import {
  digitString,
  isObject,
  length,
  missing,
  onlyParams,
  optionalArray,
  optionalObject,
  optionalString,
  type Params,
  requiredString,
  tooLong,
} from './params.js';
import { policyKey, type ReadPolicy, readPolicy, SECURITY_GROUP_ID } from './policy-rules.js';
import { formatTencentTime } from './tencent-time.js';

export const GROUP_NAME_MAX = 60;
export const GROUP_DESCRIPTION_MAX = 100;
const TAG_KEY_MAX = 127;
const TAG_VALUE_MAX = 255;
const PAGE_MAX = 100;

type Direction = 'Ingress' | 'Egress';
const DIRECTIONS: Direction[] = ['Ingress', 'Egress'];

function describeGroup(g: StoredGroup) {
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

function describePolicy(p: StoredPolicy, index: number) {
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

/** The group of this id in the request's region (ResourceNotFound, as DescribeSecurityGroupPolicies documents). */
function groupById(ctx: ActionContext, id: string): StoredGroup {
  if (!SECURITY_GROUP_ID.test(id)) {
    throw new TencentApiError('InvalidParameterValue.Malformed', `The security group id \`${id}\` is malformed.`);
  }
  const group = ctx.state.groups.find((g) => g.SecurityGroupId === id && g.Region === ctx.region);
  if (!group) {
    throw new TencentApiError('ResourceNotFound', `The security group \`${id}\` does not exist in ${ctx.region}.`);
  }
  return group;
}

function readPolicies(ctx: ActionContext, set: Params, direction: Direction): ReadPolicy[] {
  const list = optionalArray(set, direction, 'SecurityGroupPolicySet.') ?? [];
  const now = formatTencentTime(ctx.now);
  const groupExists = (id: string) => ctx.state.groups.some((g) => g.SecurityGroupId === id && g.Region === ctx.region);
  return list.map((raw, i) => readPolicy(raw, `SecurityGroupPolicySet.${direction}.${i}.`, { groupExists, now }));
}

function checkPolicies(ctx: ActionContext, existing: StoredPolicy[], added: StoredPolicy[], direction: Direction) {
  if (existing.length + added.length > ctx.limits.ruleQuota) {
    throw new TencentApiError(
      'LimitExceeded.SecurityGroupPolicySet',
      `A security group takes at most ${ctx.limits.ruleQuota} ${direction} policies.`,
    );
  }
  const seen = new Set(existing.map(policyKey));
  for (const p of added) {
    const key = policyKey(p);
    if (seen.has(key)) {
      throw new TencentApiError(
        'UnsupportedOperation.DuplicatePolicy',
        `The ${direction} policy "${p.PolicyDescription}" duplicates one already in the security group.`,
      );
    }
    seen.add(key);
  }
}

function readTags(params: Params): { Key: string; Value: string }[] {
  const tags = optionalArray(params, 'Tags') ?? [];
  const keys = new Set<string>();
  return tags.map((raw, i) => {
    const where = `Tags.${i}.`;
    if (!isObject(raw))
      throw new TencentApiError('InvalidParameter', `The type of parameter \`Tags.${i}\` should be Object.`);
    onlyParams(raw, ['Key', 'Value'], where);
    const Key = requiredString(raw, 'Key', where);
    const Value = optionalString(raw, 'Value', where) ?? '';
    if (length(Key) > TAG_KEY_MAX) throw tooLong(`${where}Key`, TAG_KEY_MAX);
    if (length(Value) > TAG_VALUE_MAX) throw tooLong(`${where}Value`, TAG_VALUE_MAX);
    if (keys.has(Key))
      throw new TencentApiError('InvalidParameterValue.TagDuplicateKey', `The tag key \`${Key}\` is repeated.`);
    keys.add(Key);
    return { Key, Value };
  });
}

const createSecurityGroupWithPolicies: ActionHandler = (ctx) => {
  const { params } = ctx;
  onlyParams(params, ['GroupName', 'GroupDescription', 'ProjectId', 'SecurityGroupPolicySet', 'Tags']);
  const name = requiredString(params, 'GroupName');
  if (length(name) > GROUP_NAME_MAX) throw tooLong('GroupName', GROUP_NAME_MAX);
  // Required, but may be blank: the console's Notes field is optional.
  const description = optionalString(params, 'GroupDescription');
  if (description === undefined) throw missing('GroupDescription');
  if (length(description) > GROUP_DESCRIPTION_MAX) throw tooLong('GroupDescription', GROUP_DESCRIPTION_MAX);
  const projectId = optionalString(params, 'ProjectId') || '0';
  if (projectId !== '0' && !ctx.state.projects.some((p) => String(p.ProjectId) === projectId)) {
    throw new TencentApiError('ResourceNotFound', `The project \`${projectId}\` does not exist.`);
  }
  const set = optionalObject(params, 'SecurityGroupPolicySet') ?? {};
  onlyParams(set, ['Version', 'Ingress', 'Egress'], 'SecurityGroupPolicySet.');
  const policies = { Ingress: readPolicies(ctx, set, 'Ingress'), Egress: readPolicies(ctx, set, 'Egress') };
  for (const d of DIRECTIONS) {
    checkPolicies(
      ctx,
      [],
      policies[d].map((p) => p.policy),
      d,
    );
  }
  const tags = readTags(params);
  const inProject = ctx.state.groups.filter((g) => g.Region === ctx.region && g.ProjectId === projectId).length;
  if (inProject >= ctx.limits.groupQuota) {
    throw new TencentApiError(
      'LimitExceeded',
      `Project ${projectId} already has ${inProject} security groups in ${ctx.region}, the most allowed.`,
    );
  }
  const now = formatTencentTime(ctx.now);
  const group: StoredGroup = {
    SecurityGroupId: ctx.newGroupId(),
    SecurityGroupName: name,
    SecurityGroupDesc: description,
    ProjectId: projectId,
    IsDefault: false,
    CreatedTime: now,
    UpdateTime: now,
    Region: ctx.region,
    TagSet: tags,
    Ingress: policies.Ingress.map((p) => p.policy),
    Egress: policies.Egress.map((p) => p.policy),
    PolicyVersion: 1,
  };
  ctx.state.groups.push(group);
  return { body: { SecurityGroup: describeGroup(group) }, changed: true };
};

const createSecurityGroupPolicies: ActionHandler = (ctx) => {
  const { params } = ctx;
  onlyParams(params, ['SecurityGroupId', 'SecurityGroupPolicySet']);
  const group = groupById(ctx, requiredString(params, 'SecurityGroupId'));
  const set = optionalObject(params, 'SecurityGroupPolicySet');
  if (!set) throw missing('SecurityGroupPolicySet');
  onlyParams(set, ['Version', 'Ingress', 'Egress'], 'SecurityGroupPolicySet.');
  const given = DIRECTIONS.filter((d) => (optionalArray(set, d, 'SecurityGroupPolicySet.') ?? []).length > 0);
  if (given.length > 1) {
    throw new TencentApiError(
      'InvalidParameter.Coexist',
      'Policies can be created in one direction per request: give Ingress or Egress, not both.',
    );
  }
  const [direction] = given;
  if (!direction) throw missing('SecurityGroupPolicySet.Ingress');
  const added = readPolicies(ctx, set, direction);
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
      `PolicyIndex ${index} is beyond the last ${direction} policy (${existing.length - 1}).`,
    );
  }
  const policies = added.map((p) => p.policy);
  checkPolicies(ctx, existing, policies, direction);
  // With no PolicyIndex the policies go after the last one; 0 puts them first.
  existing.splice(index ?? existing.length, 0, ...policies);
  group.PolicyVersion += 1;
  group.UpdateTime = formatTencentTime(ctx.now);
  return { body: {}, changed: true };
};

const describeSecurityGroupPolicies: ActionHandler = (ctx) => {
  const { params } = ctx;
  onlyParams(params, ['SecurityGroupId', 'Filters']);
  if (params.Filters !== undefined) {
    throw new TencentApiError(
      'UnsupportedOperation',
      'The emulator does not implement Filters on DescribeSecurityGroupPolicies.',
    );
  }
  const group = groupById(ctx, requiredString(params, 'SecurityGroupId'));
  const ipv6 = (list: StoredPolicy[]) => list.filter((p) => p.Ipv6CidrBlock !== '').length;
  return {
    body: {
      SecurityGroupPolicySet: {
        Version: String(group.PolicyVersion),
        Egress: group.Egress.map(describePolicy),
        Ingress: group.Ingress.map(describePolicy),
        PolicyStatistics: {
          IngressIPv4TotalCount: group.Ingress.length - ipv6(group.Ingress),
          IngressIPv6TotalCount: ipv6(group.Ingress),
          EgressIPv4TotalCount: group.Egress.length - ipv6(group.Egress),
          EgressIPv6TotalCount: ipv6(group.Egress),
        },
      },
    },
    changed: false,
  };
};

function matchesFilter(g: StoredGroup, name: string, values: string[]): boolean {
  if (name === 'security-group-id') return values.includes(g.SecurityGroupId);
  if (name === 'security-group-name') return values.includes(g.SecurityGroupName);
  if (name === 'project-id') return values.includes(g.ProjectId);
  if (name === 'tag-key') return g.TagSet.some((t) => values.includes(t.Key));
  if (name.startsWith('tag:')) {
    const key = name.slice('tag:'.length);
    return g.TagSet.some((t) => t.Key === key && values.includes(t.Value));
  }
  throw new TencentApiError('InvalidParameter.FilterInvalidKey', `The filter \`${name}\` is not supported.`);
}

function readFilters(params: Params): { name: string; values: string[] }[] {
  return (optionalArray(params, 'Filters') ?? []).map((raw, i) => {
    if (!isObject(raw)) throw new TencentApiError('InvalidParameter.FilterNotDict', `Filters.${i} is not an object.`);
    onlyParams(raw, ['Name', 'Values'], `Filters.${i}.`);
    const name = requiredString(raw, 'Name', `Filters.${i}.`);
    const values = raw.Values;
    if (!Array.isArray(values) || !values.every((v): v is string => typeof v === 'string')) {
      throw new TencentApiError(
        'InvalidParameter.FilterValuesNotList',
        `Filters.${i}.Values must be a list of strings.`,
      );
    }
    return { name, values };
  });
}

const describeSecurityGroups: ActionHandler = (ctx) => {
  const { params } = ctx;
  onlyParams(params, ['SecurityGroupIds', 'Filters', 'Offset', 'Limit', 'OrderField', 'OrderType']);
  const ids = optionalArray(params, 'SecurityGroupIds');
  const filters = readFilters(params);
  if (ids && filters.length > 0) {
    throw new TencentApiError('InvalidParameter.Coexist', 'SecurityGroupIds and Filters cannot be given together.');
  }
  const offset = digitString(params, 'Offset', 0);
  const limit = digitString(params, 'Limit', 20);
  if (limit < 1 || limit > PAGE_MAX) {
    throw new TencentApiError('InvalidParameterValue.Range', `The value of parameter \`Limit\` must be 1-${PAGE_MAX}.`);
  }
  const matched = ctx.state.groups
    .filter((g) => g.Region === ctx.region)
    .filter((g) => !ids || ids.includes(g.SecurityGroupId))
    .filter((g) => filters.every((f) => matchesFilter(g, f.name, f.values)))
    .reverse();
  return {
    body: { SecurityGroupSet: matched.slice(offset, offset + limit).map(describeGroup), TotalCount: matched.length },
    changed: false,
  };
};

const describeSecurityGroupLimits: ActionHandler = (ctx) => {
  onlyParams(ctx.params, []);
  return {
    body: {
      SecurityGroupLimitSet: {
        SecurityGroupLimit: ctx.limits.groupQuota,
        SecurityGroupPolicyLimit: ctx.limits.ruleQuota,
        SecurityGroupInstanceLimit: 2000,
        InstanceSecurityGroupLimit: 5,
        ReferedSecurityGroupLimit: 10,
        SecurityGroupExtendedPolicyLimit: 1000,
        SecurityGroupReferedCvmAndEniLimit: 2000,
        SecurityGroupReferedSvcLimit: 2000,
      },
    },
    changed: false,
  };
};

export const VPC_ACTIONS: Record<string, ActionHandler> = {
  CreateSecurityGroupWithPolicies: createSecurityGroupWithPolicies,
  CreateSecurityGroupPolicies: createSecurityGroupPolicies,
  DescribeSecurityGroupPolicies: describeSecurityGroupPolicies,
  DescribeSecurityGroups: describeSecurityGroups,
  DescribeSecurityGroupLimits: describeSecurityGroupLimits,
};
