/**
 * Refuses a submission the cloud has no room for, before it is stored. The quota answer is reused
 * for a short while and shared by submissions arriving together; a slow or failing lookup never
 * holds a submission past `waitMs` (a front end stores the request before answering the person,
 * and the cloud still refuses a group over quota when the request is carried out).
 */
import type { Clock } from '../../lib/clock.js';
import type { Log } from '../../lib/log.js';
import { DomainError, QuotaExceededError } from '../errors.js';
import type { CloudProvider, GroupQuota } from '../ports.js';

export interface QuotaGate {
  /** Throws QuotaExceededError when the region has no room for another group of `ruleCount` rules. */
  checkNewGroup(region: string, ruleCount: number): Promise<void>;
  /** Rules a group of the region may hold per direction; undefined when the cloud did not say in time. */
  rulesPerDirection(region: string): Promise<number | undefined>;
}

const DEFAULT_CACHE_MS = 30_000;
const DEFAULT_WAIT_MS = 1_500;

function describeError(err: unknown): string {
  if (err instanceof DomainError) return `${err.code}: ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}

export function createQuotaGate(deps: {
  cloud: CloudProvider;
  clock: Clock;
  log: Log;
  /** How long a region's quota answer is reused. */
  cacheMs?: number;
  /** How long a submission waits for the answer before going ahead without it. */
  waitMs?: number;
}): QuotaGate {
  const { cloud, clock, log } = deps;
  const cacheMs = deps.cacheMs ?? DEFAULT_CACHE_MS;
  const waitMs = deps.waitMs ?? DEFAULT_WAIT_MS;
  const answers = new Map<string, { quota: GroupQuota; at: number }>();
  const lookups = new Map<string, Promise<GroupQuota>>();

  function regionQuota(region: string): Promise<GroupQuota> {
    const now = clock.now().getTime();
    const cached = answers.get(region);
    if (cached && now - cached.at < cacheMs) return Promise.resolve(cached.quota);
    const inFlight = lookups.get(region);
    if (inFlight) return inFlight;
    const lookup = cloud
      .getQuota(region)
      .then((quota) => {
        answers.set(region, { quota, at: now });
        return quota;
      })
      .finally(() => lookups.delete(region));
    lookups.set(region, lookup);
    return lookup;
  }

  async function quotaInTime(region: string): Promise<GroupQuota | undefined> {
    const lookup = regionQuota(region);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<undefined>((resolve) => {
      timer = setTimeout(resolve, waitMs, undefined);
    });
    try {
      return await Promise.race([lookup, late]);
    } finally {
      clearTimeout(timer);
      // A lookup still running fills the cache for the next submission; its failure is not this one's.
      lookup.catch(() => {});
    }
  }

  return {
    async rulesPerDirection(region) {
      try {
        return (await quotaInTime(region))?.rulesPerGroupLimit;
      } catch {
        return undefined;
      }
    },

    async checkNewGroup(region, ruleCount) {
      let quota: GroupQuota | undefined;
      try {
        quota = await quotaInTime(region);
      } catch (err) {
        log.warn(`quota check for ${region} skipped: ${describeError(err)}`);
        return;
      }
      if (!quota) {
        log.warn(`quota check for ${region} skipped: no answer within ${waitMs} ms`);
        return;
      }
      if (quota.groupCount >= quota.groupLimit) {
        throw new QuotaExceededError(
          `Region ${region} already has ${quota.groupCount} of the ${quota.groupLimit} security groups allowed.`,
        );
      }
      if (ruleCount > quota.rulesPerGroupLimit) {
        throw new QuotaExceededError(
          `The plan has ${ruleCount} rules; a group holds at most ${quota.rulesPerGroupLimit}.`,
        );
      }
    },
  };
}
