/** vpc (2017-03-12) actions that read security groups: lists, quotas, and what uses a group. */
import type { ActionContext, ActionHandler } from './action-context.js';
import { TencentApiError } from './api-error.js';
import type { StoredGroup } from './emulator-state.js';
import { readFilters } from './filters.js';
import { checkGroupId, describeGroup, findGroup, referencingGroups } from './groups.js';
import { digitString, missing, onlyParams, optionalString, stringList } from './params.js';

const PAGE_MAX = 100;
const IDS_MAX = 100;
const GROUP_FILTERS = ['security-group-id', 'security-group-name', 'project-id', 'tag-key'];
const ORDER_FIELDS = ['CreatedTime', 'UpdateTime'] as const;

function matchesFilter(g: StoredGroup, name: string, values: string[]): boolean {
  if (name === 'security-group-id') return values.includes(g.SecurityGroupId);
  if (name === 'security-group-name') return values.includes(g.SecurityGroupName);
  if (name === 'project-id') return values.includes(g.ProjectId);
  if (name === 'tag-key') return g.TagSet.some((t) => values.includes(t.Key));
  const key = name.slice('tag:'.length);
  return g.TagSet.some((t) => t.Key === key && values.includes(t.Value));
}

function choice<T extends string>(ctx: ActionContext, name: string, choices: readonly T[]): T | undefined {
  const value = optionalString(ctx.params, name);
  if (value === undefined || value === '') return undefined;
  if (!(choices as readonly string[]).includes(value)) {
    throw new TencentApiError('InvalidParameterValue', `\`${name}\` must be one of ${choices.join(', ')}.`);
  }
  return value as T;
}

/**
 * Without OrderField the newest group comes first (the emulator's choice: the docs give no default
 * order); OrderField sorts by CreatedTime or UpdateTime, ASC unless OrderDirection is DESC.
 */
const describeSecurityGroups: ActionHandler = (ctx) => {
  const { params } = ctx;
  onlyParams(params, ['SecurityGroupIds', 'Filters', 'Offset', 'Limit', 'OrderField', 'OrderDirection']);
  const ids = stringList(params, 'SecurityGroupIds');
  const filters = readFilters(params, (name) => GROUP_FILTERS.includes(name) || /^tag:.+/.test(name));
  if (ids && filters.length > 0) {
    throw new TencentApiError('InvalidParameter.Coexist', 'SecurityGroupIds and Filters cannot be given together.');
  }
  if (ids && ids.length > IDS_MAX) {
    throw new TencentApiError(
      'InvalidParameterValue.LimitExceeded',
      `At most ${IDS_MAX} SecurityGroupIds per request.`,
    );
  }
  for (const [i, id] of (ids ?? []).entries()) checkGroupId(id, `SecurityGroupIds.${i}`);
  const offset = digitString(params, 'Offset', 0);
  const limit = digitString(params, 'Limit', 20);
  if (limit < 1 || limit > PAGE_MAX) {
    throw new TencentApiError('InvalidParameterValue.Range', `The value of parameter \`Limit\` must be 1-${PAGE_MAX}.`);
  }
  const orderField = choice(ctx, 'OrderField', ORDER_FIELDS);
  const descending = choice(ctx, 'OrderDirection', ['ASC', 'DESC']) === 'DESC';
  const inRegion = ctx.state.groups.filter((g) => g.Region === ctx.region);
  const unknown = ids?.filter((id) => !inRegion.some((g) => g.SecurityGroupId === id)) ?? [];
  if (unknown.length > 0) {
    throw new TencentApiError('ResourceNotFound', `No security group ${unknown.join(', ')} in ${ctx.region}.`);
  }
  let matched = inRegion
    .filter((g) => !ids || ids.includes(g.SecurityGroupId))
    .filter((g) => filters.every((f) => matchesFilter(g, f.name, f.values)));
  if (orderField) {
    // Stable: groups of the same second stay oldest first.
    matched = matched.sort((a, b) => a[orderField].localeCompare(b[orderField]));
    if (descending) matched.reverse();
  } else {
    matched.reverse();
  }
  return { SecurityGroupSet: matched.slice(offset, offset + limit).map(describeGroup), TotalCount: matched.length };
};

const describeSecurityGroupLimits: ActionHandler = (ctx) => {
  onlyParams(ctx.params, []);
  return {
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
  };
};

function requestedGroups(ctx: ActionContext): StoredGroup[] {
  onlyParams(ctx.params, ['SecurityGroupIds']);
  const ids = stringList(ctx.params, 'SecurityGroupIds');
  if (!ids || ids.length === 0) throw missing('SecurityGroupIds');
  return ids.map((id, i) => findGroup(ctx.state, ctx.region, id, `SecurityGroupIds.${i}`));
}

/** Other groups whose policies name this one (a group naming itself does not make it used elsewhere). */
const referrersOf = (ctx: ActionContext, g: StoredGroup) =>
  referencingGroups(ctx.state, g)
    .filter((r) => r !== g)
    .map((r) => r.SecurityGroupId);

/**
 * Instances come from /__admin/associations; SG counts the other groups that reference it, and
 * TotalCount is every instance but not those references, as the model documents.
 */
const describeSecurityGroupAssociationStatistics: ActionHandler = (ctx) => ({
  SecurityGroupAssociationStatisticsSet: requestedGroups(ctx).map((g) => {
    const count = (type: string) => g.Associations[type] ?? 0;
    const used = Object.entries(g.Associations).filter(([, n]) => n > 0);
    return {
      SecurityGroupId: g.SecurityGroupId,
      CVM: count('CVM'),
      CDB: count('CDB'),
      ENI: count('ENI'),
      SG: referrersOf(ctx, g).length,
      CLB: count('CLB'),
      InstanceStatistics: used.map(([InstanceType, InstanceCount]) => ({ InstanceType, InstanceCount })),
      TotalCount: used.reduce((sum, [, n]) => sum + n, 0),
    };
  }),
});

const describeSecurityGroupReferences: ActionHandler = (ctx) => ({
  ReferredSecurityGroupSet: requestedGroups(ctx).map((g) => ({
    SecurityGroupId: g.SecurityGroupId,
    ReferredSecurityGroupIds: referrersOf(ctx, g),
  })),
});

export const DESCRIBE_ACTIONS = {
  DescribeSecurityGroups: describeSecurityGroups,
  DescribeSecurityGroupLimits: describeSecurityGroupLimits,
  DescribeSecurityGroupAssociationStatistics: describeSecurityGroupAssociationStatistics,
  DescribeSecurityGroupReferences: describeSecurityGroupReferences,
};
