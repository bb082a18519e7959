import type { QuotaUse } from '../../types.js';
import type { PerformContext } from './perform.js';

/**
 * The quota use after a change, for people to see what room is left. Only informative: when the
 * cloud does not answer, the change still stands and the result goes without it.
 */
export async function quotaUse(
  { cloud, log }: PerformContext,
  region: string,
  projectId?: string,
): Promise<{ quota?: QuotaUse }> {
  try {
    const quota = await cloud.getQuota(region, projectId);
    return {
      quota: {
        rulesPerDirectionLimit: quota.rulesPerGroupLimit,
        // The group count is per project only when one was asked about (Tencent's group quota is per project).
        ...(projectId === undefined ? {} : { groups: { count: quota.groupCount, limit: quota.groupLimit } }),
      },
    };
  } catch (err) {
    log.warn(`could not read the quota of ${region}: ${err instanceof Error ? err.message : String(err)}`);
    return {};
  }
}
