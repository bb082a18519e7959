/** region (2022-06-27) DescribeRegions and tag (2018-08-13) DescribeProjects. */
import type { ActionHandler } from './action-context.js';
import { TencentApiError } from './api-error.js';
import { integer, onlyParams, requiredString } from './params.js';
import { EMULATED_REGIONS } from './regions.js';

const PROJECTS_PAGE_MAX = 1000;

const describeRegions: ActionHandler = (ctx) => {
  onlyParams(ctx.params, ['Product', 'Scene']);
  const product = requiredString(ctx.params, 'Product');
  if (product !== 'cvm') {
    throw new TencentApiError(
      'InvalidParameterValue',
      `The emulator lists regions for Product \`cvm\` only, not \`${product}\`.`,
    );
  }
  return {
    body: {
      TotalCount: EMULATED_REGIONS.length,
      RegionSet: EMULATED_REGIONS.map((r) => ({
        RegionIdMC: null,
        LocationMC: null,
        RegionState: 'AVAILABLE',
        RegionNameMC: null,
        Region: r.id,
        RegionTypeMC: null,
        RegionName: ctx.language === 'en-US' ? r.en : r.zh,
      })),
    },
    changed: false,
  };
};

const describeProjects: ActionHandler = (ctx) => {
  onlyParams(ctx.params, ['AllList', 'Limit', 'Offset']);
  const allList = integer(ctx.params, 'AllList');
  const limit = integer(ctx.params, 'Limit');
  const offset = integer(ctx.params, 'Offset');
  if (allList !== 0 && allList !== 1) {
    throw new TencentApiError('InvalidParameterValue', 'The value of parameter `AllList` must be 0 or 1.');
  }
  if (limit < 1 || limit > PROJECTS_PAGE_MAX) {
    throw new TencentApiError(
      'InvalidParameterValue',
      `The value of parameter \`Limit\` must be 1-${PROJECTS_PAGE_MAX}.`,
    );
  }
  const projects = ctx.state.projects;
  return { body: { Total: projects.length, Projects: projects.slice(offset, offset + limit) }, changed: false };
};

export const REGION_ACTIONS: Record<string, ActionHandler> = { DescribeRegions: describeRegions };
export const TAG_ACTIONS: Record<string, ActionHandler> = { DescribeProjects: describeProjects };
