/** What the forms offer: regions, projects, and the region's group quota. */
import type { CloudProvider, GroupQuota } from '../../service/ports.js';
import { DEFAULT_PROJECT, type Project, type Region } from '../../service/types.js';
import type { GroupLookups } from './group-reads.js';
import type { ProviderContext } from './provider-context.js';
import { limitsResponse, projectsResponse, regionsResponse } from './response-schemas.js';
import { MAX_PROJECTS_PAGE } from './tencent-apis.js';

export function catalogReads(
  { api, retrying }: ProviderContext,
  { describeGroups }: GroupLookups,
): Pick<CloudProvider, 'getQuota' | 'listRegions' | 'listProjects'> {
  return {
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
