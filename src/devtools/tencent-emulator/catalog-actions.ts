/** region (2022-06-27) DescribeRegions and tag (2018-08-13) DescribeProjects. */
import { type Action, reading } from './action-context.js';
import { TencentApiError } from './api-error.js';
import { integer, onlyParams, optionalInteger, optionalString, requiredString } from './params.js';

const PROJECTS_PAGE_MAX = 1000;

/** Every product is answered with the same regions: the emulator has one set of them. */
const describeRegions = reading((ctx) => {
  onlyParams(ctx.params, ['Product', 'Scene']);
  requiredString(ctx.params, 'Product');
  const scene = optionalInteger(ctx.params, 'Scene');
  if (scene !== undefined && scene !== 0 && scene !== 1) {
    throw new TencentApiError('InvalidParameter', 'The value of parameter `Scene` must be 0 or 1.');
  }
  return {
    TotalCount: ctx.regions.length,
    RegionSet: ctx.regions.map((r) => ({
      RegionIdMC: null,
      LocationMC: null,
      RegionState: 'AVAILABLE',
      RegionNameMC: null,
      Region: r.id,
      RegionTypeMC: null,
      RegionName: ctx.language === 'en-US' ? r.en : r.zh,
    })),
  };
});

/** ProjectId (greater than 0) and ProjectName narrow the list; the name is matched whole. */
const describeProjects = reading((ctx) => {
  onlyParams(ctx.params, ['AllList', 'Limit', 'Offset', 'ProjectId', 'ProjectName']);
  const allList = integer(ctx.params, 'AllList');
  const limit = integer(ctx.params, 'Limit');
  const offset = integer(ctx.params, 'Offset');
  const projectId = optionalInteger(ctx.params, 'ProjectId');
  const projectName = optionalString(ctx.params, 'ProjectName');
  if (allList !== 0 && allList !== 1) {
    throw new TencentApiError('InvalidParameter', 'The value of parameter `AllList` must be 0 or 1.');
  }
  if (limit < 1 || limit > PROJECTS_PAGE_MAX) {
    throw new TencentApiError('InvalidParameter', `The value of parameter \`Limit\` must be 1-${PROJECTS_PAGE_MAX}.`);
  }
  if (offset < 0) throw new TencentApiError('InvalidParameter', 'The value of parameter `Offset` must be 0 or more.');
  if (projectId !== undefined && projectId <= 0) {
    throw new TencentApiError('InvalidParameter', 'The value of parameter `ProjectId` must be greater than 0.');
  }
  const projects = ctx.state.projects.filter(
    (p) =>
      (projectId === undefined || p.ProjectId === projectId) &&
      (projectName === undefined || projectName === '' || p.ProjectName === projectName),
  );
  return { Total: projects.length, Projects: projects.slice(offset, offset + limit) };
});

export const REGION_ACTIONS: Record<string, Action> = { DescribeRegions: describeRegions };
export const TAG_ACTIONS: Record<string, Action> = { DescribeProjects: describeProjects };
