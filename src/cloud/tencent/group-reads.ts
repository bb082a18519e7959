/** Reading security groups: by page, by request tag, by id, and what uses one. */
import { NotFoundError } from '../../service/errors.js';
import type { CloudProvider, GroupUsage } from '../../service/ports.js';
import type { SecurityGroup } from '../../service/types.js';
import { CallFailure, GROUP_NOT_FOUND_CODES, groupFailure } from './call-failure.js';
import { groupFromTencent } from './policy-mapping.js';
import type { ProviderContext } from './provider-context.js';
import { associationStatisticsResponse, describeGroupsResponse, referencesResponse } from './response-schemas.js';
import { MAX_GROUPS_PAGE, REQUEST_TAG_KEY } from './tencent-apis.js';

/** Where an earlier, ambiguous create or clone may have put its group. */
export interface CreatedGroupQuery {
  region: string;
  name: string;
  projectId: string;
  requestId: string;
}

/** The lookups the provider's writes share; each is one attempt, without retries. */
export function groupLookups({ api, log }: ProviderContext) {
  const describeGroups = async (region: string, params: Record<string, unknown>) => {
    const answer = await api.call({
      service: 'vpc',
      action: 'DescribeSecurityGroups',
      region,
      params,
      response: describeGroupsResponse,
    });
    return { groups: answer.SecurityGroupSet.map((g) => groupFromTencent(g, region)), total: answer.TotalCount };
  };

  const findTagged = async (region: string, requestId: string): Promise<SecurityGroup | undefined> => {
    const { groups } = await describeGroups(region, {
      Filters: [{ Name: `tag:${REQUEST_TAG_KEY}`, Values: [requestId] }],
      Offset: '0',
      Limit: String(MAX_GROUPS_PAGE),
    });
    if (groups.length > 1) {
      log.warn(`Tencent Cloud: ${groups.length} groups carry request tag ${requestId}; using the oldest`);
    }
    return groups.sort((a, b) => a.createdTime.localeCompare(b.createdTime))[0];
  };

  /**
   * The group an earlier, ambiguous attempt created, if any. The name is checked too: the tag
   * filter goes through Tencent's tag index, which can lag behind a create.
   */
  const findCreated = async (query: CreatedGroupQuery) => {
    const tagged = await findTagged(query.region, query.requestId);
    if (tagged) return tagged;
    const { groups } = await describeGroups(query.region, {
      Filters: [
        { Name: 'security-group-name', Values: [query.name] },
        { Name: 'project-id', Values: [query.projectId] },
      ],
      Offset: '0',
      Limit: String(MAX_GROUPS_PAGE),
    });
    return groups.find((g) => g.tags[REQUEST_TAG_KEY] === query.requestId);
  };

  return { describeGroups, findTagged, findCreated };
}

export type GroupLookups = ReturnType<typeof groupLookups>;

export function groupReads(
  ctx: ProviderContext,
  { describeGroups, findTagged }: GroupLookups,
): Pick<CloudProvider, 'listGroups' | 'findGroupByRequestTag' | 'describeGroup' | 'groupUsage'> {
  const { api, retrying } = ctx;
  return {
    listGroups({ region, offset = 0, limit = 20 }) {
      const page = Math.min(Math.max(Math.trunc(limit), 1), MAX_GROUPS_PAGE);
      return retrying(`DescribeSecurityGroups ${region}`, () =>
        describeGroups(region, { Offset: String(Math.max(Math.trunc(offset), 0)), Limit: String(page) }),
      );
    },

    findGroupByRequestTag(region, requestId) {
      return retrying(`DescribeSecurityGroups tag ${requestId}`, () => findTagged(region, requestId));
    },

    describeGroup(region, groupId) {
      // SecurityGroupIds and Filters may not be combined (api.json), so the id alone is sent.
      return retrying(`DescribeSecurityGroups ${groupId}`, async () => {
        try {
          const { groups } = await describeGroups(region, { SecurityGroupIds: [groupId] });
          return groups.find((g) => g.id === groupId);
        } catch (err) {
          if (err instanceof CallFailure && GROUP_NOT_FOUND_CODES.has(err.code)) return undefined;
          throw err;
        }
      });
    },

    async groupUsage(region, groupId): Promise<GroupUsage> {
      const asGroup = (err: unknown) => {
        throw groupFailure(err, groupId);
      };
      const [statistics, references] = await Promise.all([
        retrying(`DescribeSecurityGroupAssociationStatistics ${groupId}`, () =>
          api
            .call({
              service: 'vpc',
              action: 'DescribeSecurityGroupAssociationStatistics',
              region,
              params: { SecurityGroupIds: [groupId] },
              response: associationStatisticsResponse,
            })
            .catch(asGroup),
        ),
        retrying(`DescribeSecurityGroupReferences ${groupId}`, () =>
          api
            .call({
              service: 'vpc',
              action: 'DescribeSecurityGroupReferences',
              region,
              params: { SecurityGroupIds: [groupId] },
              response: referencesResponse,
            })
            .catch(asGroup),
        ),
      ]);
      const own = statistics.SecurityGroupAssociationStatisticsSet.find((s) => s.SecurityGroupId === groupId);
      if (!own) throw new NotFoundError('Security group', groupId);
      // InstanceStatistics counts every kind of bound instance; the fixed fields name four of them
      // and are all an answer without it (the intl example) offers. The SG field counts the
      // referencing groups, which DescribeSecurityGroupReferences names.
      const counted = own.InstanceStatistics?.length
        ? own.InstanceStatistics.map((s) => ({ kind: s.InstanceType, count: s.InstanceCount }))
        : (['CVM', 'CDB', 'ENI', 'CLB'] as const).map((kind) => ({ kind, count: own[kind] ?? 0 }));
      const referencing = references.ReferredSecurityGroupSet.find((r) => r.SecurityGroupId === groupId);
      return {
        resources: counted.filter((r) => r.count > 0),
        referencingGroups: referencing?.ReferredSecurityGroupIds ?? [],
      };
    },
  };
}
