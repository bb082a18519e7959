/** The CloudProvider port implemented on Tencent Cloud (VPC, region and tag APIs). */
import type { CloudConfig } from '../../config.js';
import type { Log } from '../../lib/log.js';
import { NotFoundError } from '../../service/errors.js';
import type { CloudProvider, CreateGroupCommand, GroupQuota } from '../../service/ports.js';
import { sameRule } from '../../service/rules/rules.js';
import { DIRECTIONS, type Project, type Region, type Rule, type SecurityGroup } from '../../service/types.js';
import { createTencentApi } from './api-client.js';
import { CallFailure } from './call-failure.js';
import { groupFromTencent, POLICY_SET_KEY, policySetFor, policyToRule, ruleToPolicy } from './policy-mapping.js';
import {
  createGroupResponse,
  describeGroupsResponse,
  describePoliciesResponse,
  emptyResponse,
  limitsResponse,
  projectsResponse,
  regionsResponse,
} from './response-schemas.js';
import { type RetryPolicy, withRetries } from './retry.js';
import { DEFAULT_PROJECT, MAX_GROUPS_PAGE, MAX_PROJECTS_PAGE, REQUEST_TAG_KEY } from './tencent-apis.js';

export interface TencentProviderOptions {
  cloud: CloudConfig;
  log: Log;
  /** Per call; defaults to cloud.timeoutMs (TENCENTCLOUD_TIMEOUT_MS). */
  fetchTimeoutMs?: number;
  /** Defaults: cloud.maxRetries retries, 500 ms doubling up to 8 s, with jitter. */
  retry?: Partial<RetryPolicy>;
}

const NOT_FOUND_CODES = new Set(['ResourceNotFound', 'InvalidSecurityGroupID.NotFound']);

export function createTencentProvider(options: TencentProviderOptions): CloudProvider {
  const { cloud, log } = options;
  if (!cloud.secretId || !cloud.secretKey) {
    throw new Error(
      'Tencent Cloud credentials are missing: set TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY, or use the emulator',
    );
  }
  const api = createTencentApi({
    credentials: { secretId: cloud.secretId, secretKey: cloud.secretKey, sessionToken: cloud.sessionToken },
    endpoint: cloud.endpoint,
    timeoutMs: options.fetchTimeoutMs ?? cloud.timeoutMs,
    log,
  });
  const policy: RetryPolicy = { retries: cloud.maxRetries, minTimeoutMs: 500, maxTimeoutMs: 8000, ...options.retry };
  const retrying = <T>(what: string, attempt: () => Promise<T>) => withRetries(policy, log, what, attempt);

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
  const findCreated = async (cmd: CreateGroupCommand) => {
    const tagged = await findTagged(cmd.region, cmd.requestId);
    if (tagged) return tagged;
    const { groups } = await describeGroups(cmd.region, {
      Filters: [
        { Name: 'security-group-name', Values: [cmd.name] },
        { Name: 'project-id', Values: [cmd.projectId] },
      ],
      Offset: '0',
      Limit: String(MAX_GROUPS_PAGE),
    });
    return groups.find((g) => g.tags[REQUEST_TAG_KEY] === cmd.requestId);
  };

  const describePoliciesOnce = (region: string, groupId: string) =>
    api.call({
      service: 'vpc',
      action: 'DescribeSecurityGroupPolicies',
      region,
      params: { SecurityGroupId: groupId },
      response: describePoliciesResponse,
    });

  const readRules = async (region: string, groupId: string): Promise<Rule[]> => {
    let answer: Awaited<ReturnType<typeof describePoliciesOnce>>;
    try {
      answer = await describePoliciesOnce(region, groupId);
    } catch (err) {
      if (err instanceof CallFailure && NOT_FOUND_CODES.has(err.code)) {
        log.info(`Tencent Cloud: security group ${groupId} not found in ${region} (RequestId ${err.requestId ?? '-'})`);
        throw new NotFoundError('Security group', groupId);
      }
      throw err;
    }
    const rules: Rule[] = [];
    for (const direction of DIRECTIONS) {
      const policies = [...answer.SecurityGroupPolicySet[POLICY_SET_KEY[direction]]].sort(
        (a, b) => (a.PolicyIndex ?? 0) - (b.PolicyIndex ?? 0),
      );
      for (const [i, p] of policies.entries()) {
        const reading = policyToRule(direction, p);
        if ('rule' in reading) rules.push(reading.rule);
        else
          log.warn(`Tencent Cloud: ${groupId} ${direction} policy ${p.PolicyIndex ?? i} skipped: ${reading.skipped}`);
      }
    }
    return rules;
  };

  return {
    createGroupWithRules(cmd) {
      let createMayHaveRun = false;
      return retrying(`CreateSecurityGroupWithPolicies for request ${cmd.requestId}`, async () => {
        // A first attempt goes straight to the create (the service looks the tag up itself when it
        // retries or recovers a request); only after an ambiguous failure might the group exist.
        const existing = createMayHaveRun ? await findCreated(cmd) : undefined;
        if (existing) {
          log.info(`Tencent Cloud: request ${cmd.requestId} already created ${existing.id}; not creating it again`);
          return existing;
        }
        try {
          const answer = await api.call({
            service: 'vpc',
            action: 'CreateSecurityGroupWithPolicies',
            region: cmd.region,
            params: {
              GroupName: cmd.name,
              GroupDescription: cmd.description,
              ProjectId: cmd.projectId,
              SecurityGroupPolicySet: policySetFor(cmd.rules),
              Tags: [{ Key: REQUEST_TAG_KEY, Value: cmd.requestId }],
            },
            response: createGroupResponse,
          });
          const group = groupFromTencent(answer.SecurityGroup, cmd.region);
          // Some answers omit TagSet; the tag was sent with the create.
          return { ...group, tags: { [REQUEST_TAG_KEY]: cmd.requestId, ...group.tags } };
        } catch (err) {
          if (err instanceof CallFailure && err.kind === 'ambiguous') createMayHaveRun = true;
          throw err;
        }
      });
    },

    async addRules(region, groupId, rules) {
      for (const direction of DIRECTIONS) {
        const wanted = rules.filter((r) => r.direction === direction);
        if (wanted.length === 0) continue;
        // Reading first makes a repeated call (after a timeout, or a retry of the whole request)
        // add only what is missing; Tencent Cloud would refuse a duplicate policy outright.
        await retrying(`CreateSecurityGroupPolicies ${direction} on ${groupId}`, async () => {
          const present = await readRules(region, groupId);
          const missing = wanted.filter((w) => !present.some((p) => sameRule(p, w)));
          if (missing.length < wanted.length) {
            log.info(`Tencent Cloud: ${wanted.length - missing.length} ${direction} rule(s) already in ${groupId}`);
          }
          if (missing.length === 0) return;
          await api.call({
            service: 'vpc',
            action: 'CreateSecurityGroupPolicies',
            region,
            params: {
              SecurityGroupId: groupId,
              SecurityGroupPolicySet: { [POLICY_SET_KEY[direction]]: missing.map(ruleToPolicy) },
            },
            response: emptyResponse,
          });
        });
      }
    },

    describeRules(region, groupId) {
      return retrying(`DescribeSecurityGroupPolicies ${groupId}`, () => readRules(region, groupId));
    },

    listGroups({ region, offset = 0, limit = 20 }) {
      const page = Math.min(Math.max(Math.trunc(limit), 1), MAX_GROUPS_PAGE);
      return retrying(`DescribeSecurityGroups ${region}`, () =>
        describeGroups(region, { Offset: String(Math.max(Math.trunc(offset), 0)), Limit: String(page) }),
      );
    },

    findGroupByRequestTag(region, requestId) {
      return retrying(`DescribeSecurityGroups tag ${requestId}`, () => findTagged(region, requestId));
    },

    async getQuota(region, projectId?: string): Promise<GroupQuota> {
      const [limits, count] = await Promise.all([
        retrying(`DescribeSecurityGroupLimits ${region}`, () =>
          api.call({
            service: 'vpc',
            action: 'DescribeSecurityGroupLimits',
            region,
            params: {},
            response: limitsResponse,
          }),
        ),
        retrying(`DescribeSecurityGroups count ${region}`, () =>
          describeGroups(region, {
            Offset: '0',
            Limit: '1',
            ...(projectId === undefined ? {} : { Filters: [{ Name: 'project-id', Values: [projectId] }] }),
          }),
        ),
      ]);
      return {
        groupLimit: limits.SecurityGroupLimitSet.SecurityGroupLimit,
        groupCount: count.total,
        rulesPerGroupLimit: limits.SecurityGroupLimitSet.SecurityGroupPolicyLimit,
      };
    },

    async listRegions(): Promise<Region[]> {
      const answer = await retrying('DescribeRegions', () =>
        api.call({
          service: 'region',
          action: 'DescribeRegions',
          params: { Product: 'cvm' },
          response: regionsResponse,
        }),
      );
      return answer.RegionSet.filter((r) => r.RegionState === '' || r.RegionState === 'AVAILABLE').map((r) => ({
        id: r.Region,
        name: r.RegionName || r.Region,
      }));
    },

    async listProjects(): Promise<Project[]> {
      const projects: Project[] = [DEFAULT_PROJECT];
      for (let offset = 0; ; offset += MAX_PROJECTS_PAGE) {
        const page = await retrying('DescribeProjects', () =>
          api.call({
            service: 'tag',
            action: 'DescribeProjects',
            params: { AllList: 1, Limit: MAX_PROJECTS_PAGE, Offset: offset },
            response: projectsResponse,
          }),
        );
        for (const p of page.Projects) {
          if (p.ProjectId !== DEFAULT_PROJECT.id)
            projects.push({ id: p.ProjectId, name: p.ProjectName || p.ProjectId });
        }
        if (page.Projects.length < MAX_PROJECTS_PAGE || offset + MAX_PROJECTS_PAGE >= page.Total) return projects;
      }
    },
  };
}
