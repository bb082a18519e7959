/**
 * Finding a security group by its id alone. A group id does not say its region, and Tencent
 * answers per region, so the region is taken, in order, from: the region the group was last found
 * in (cached, a group never moves), the request of this app that created or changed it, and at
 * last every known region, a few at a time, stopping at the first that has it.
 */
import type { Log } from '../../lib/log.js';
import type { FoundGroup, GroupLookup } from '../api.js';
import type { CacheStore, CloudProvider, RequestStore } from '../ports.js';
import type { ChangeRequest, Project, Region } from '../types.js';

export interface GroupFinderDeps {
  cloud: CloudProvider;
  requests: Pick<RequestStore, 'listByGroup'>;
  cache: CacheStore;
  regions: () => Promise<Region[]>;
  projects: () => Promise<Project[]>;
  log: Log;
}

/** Regions asked at once: enough to search ~25 regions in a few round trips, few enough for Tencent's rate limits. */
const SEARCH_CONCURRENCY = 4;
/** A group's region never changes; kept long, and checked each time it is used. */
const REGION_MEMORY_MS = 30 * 24 * 3_600_000;
const regionKey = (groupId: string) => `catalog:group-region:${groupId}`;

const reasonOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * `groupId` must already be a valid group id; `region`, given, is the only region looked in.
 */
export function createGroupFinder(deps: GroupFinderDeps) {
  const { cloud, requests, cache, log } = deps;

  /** The newest request about the group: the one that created it, or one that changed it. */
  const newestAbout = async (groupId: string) => (await requests.listByGroup(groupId, 1))[0];

  async function hints(groupId: string): Promise<{ regions: string[]; request?: ChangeRequest }> {
    const [remembered, request] = await Promise.all([
      cache.cacheGet<string>(regionKey(groupId)).catch((err: unknown) => {
        log.warn(`could not read the region of ${groupId} from the cache: ${reasonOf(err)}`);
        return undefined;
      }),
      newestAbout(groupId),
    ]);
    const regions = [remembered?.value, request?.spec.region].filter((r): r is string => typeof r === 'string');
    return { regions: [...new Set(regions)], ...(request ? { request } : {}) };
  }

  /** Asks each region, SEARCH_CONCURRENCY at a time, until one has the group. */
  async function search(groupId: string, regions: string[], searched: string[], unreachable: string[]) {
    let found: Awaited<ReturnType<CloudProvider['describeGroup']>>;
    const queue = [...regions];
    const worker = async () => {
      for (let region = queue.shift(); region !== undefined && !found; region = queue.shift()) {
        try {
          const group = await cloud.describeGroup(region, groupId);
          searched.push(region);
          found ??= group;
        } catch (err) {
          unreachable.push(region);
          log.warn(`looking for ${groupId} in ${region}: ${reasonOf(err)}`);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(SEARCH_CONCURRENCY, queue.length) }, worker));
    return found;
  }

  async function describeFound(
    group: NonNullable<Awaited<ReturnType<CloudProvider['describeGroup']>>>,
    request: ChangeRequest | undefined,
  ): Promise<FoundGroup> {
    await cache.cacheSet(regionKey(group.id), group.region, REGION_MEMORY_MS).catch((err: unknown) => {
      log.warn(`could not remember the region of ${group.id}: ${reasonOf(err)}`);
    });
    const [rules, projects] = await Promise.all([cloud.describeRules(group.region, group.id), deps.projects()]);
    const createdBy =
      request?.kind === 'create-group' && request.result?.securityGroupId === group.id ? request.id : undefined;
    return {
      found: true,
      group,
      projectName: projects.find((p) => p.id === group.projectId)?.name ?? `project ${group.projectId}`,
      rules,
      ruleCounts: {
        inbound: rules.filter((r) => r.direction === 'inbound').length,
        outbound: rules.filter((r) => r.direction === 'outbound').length,
      },
      ...(createdBy ? { createdBy } : {}),
    };
  }

  return async function findGroup(groupId: string, region?: string): Promise<GroupLookup> {
    const searched: string[] = [];
    const unreachable: string[] = [];
    if (region !== undefined) {
      const group = await search(groupId, [region], searched, unreachable);
      if (group) return describeFound(group, await newestAbout(groupId));
      return { found: false, searched, unreachable };
    }
    const hinted = await hints(groupId);
    let group = await search(groupId, hinted.regions, searched, unreachable);
    if (!group) {
      const rest = (await deps.regions()).map((r) => r.id).filter((id) => !hinted.regions.includes(id));
      group = await search(groupId, rest, searched, unreachable);
    }
    if (group) return describeFound(group, hinted.request);
    return { found: false, searched, unreachable };
  };
}
