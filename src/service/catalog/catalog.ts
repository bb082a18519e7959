/**
 * What a front end offers people to choose from: templates, regions, projects, and the groups
 * already in the cloud.
 *
 * regions() and projects() feed forms that must open within Slack's 3 seconds, so they never wait
 * for the cloud: they answer from the store's cache, or the manifest's defaults, and refresh the
 * cache in the background when it is stale. A stale list is still served while it refreshes.
 * A fresh list is also kept in memory, so opening a form reads no database (under load the
 * store's one connection is busy with request writes).
 */

import type { Clock } from '../../lib/clock.js';
import type { Log } from '../../lib/log.js';
import type { CatalogService } from '../api.js';
import { InvalidInputError } from '../errors.js';
import { SECURITY_GROUP_ID } from '../ids.js';
import { approvalsNeeded } from '../policy/approval-policy.js';
import { assessRisk } from '../policy/risk-checks.js';
import type { CacheStore, CloudProvider, RequestStore } from '../ports.js';
import { DEFAULT_PROJECT, type Project, type Region, type Rule, type Template } from '../types.js';
import { quoteInput } from '../validation.js';
import { createGroupFinder } from './group-finder.js';

export interface CatalogServiceDeps {
  cloud: CloudProvider;
  cache: CacheStore;
  /** Where findGroup learns the region of a group this app created or changed. */
  requests: Pick<RequestStore, 'listByGroup'>;
  templates: readonly Template[];
  /** regions.yml: shown until the cloud's own list has been fetched. */
  defaultRegions: readonly Region[];
  defaultRegion: string;
  /** After this long a cached list is refreshed (and still served meanwhile). */
  cacheTtlMs: number;
  /** The same for projects, which change more often than regions (cacheTtlMs when not given). */
  projectsTtlMs?: number;
  clock: Clock;
  log: Log;
}

const REGIONS_KEY = 'catalog:regions';
const PROJECTS_KEY = 'catalog:projects';
/** A stale list is kept this many refresh periods, so a cloud outage does not empty the form. */
const KEEP_STALE_PERIODS = 24 * 7;
/** After a failed refresh, wait this long before asking the cloud again. */
const FAILED_REFRESH_PAUSE_MS = 60_000;

interface CachedList<T> {
  key: string;
  ttlMs: number;
  fallback: readonly T[];
  fetch: () => Promise<T[]>;
  /** Whether a fetched list is usable; an empty answer never replaces a good list. */
  usable: (items: T[]) => boolean;
}

function requireGroupId(groupId: string): string {
  const group = groupId.trim().toLowerCase();
  if (!SECURITY_GROUP_ID.test(group)) {
    throw new InvalidInputError([
      { field: 'securityGroupId', message: `${quoteInput(groupId)} is not a security group id (sg-1a2b3c4d).` },
    ]);
  }
  return group;
}

export function createCatalogService(deps: CatalogServiceDeps): CatalogService {
  const { cloud, cache, templates, defaultRegions, defaultRegion, cacheTtlMs, clock, log } = deps;
  const refreshing = new Map<string, Promise<boolean>>();
  const pausedUntil = new Map<string, number>();
  /** The last list read from the store or fetched, per key; it may lag another process's refresh by one TTL. */
  const inMemory = new Map<string, { value: unknown[]; storedAt: number }>();
  const isFresh = (entry: { storedAt: number } | undefined, ttlMs: number): entry is { storedAt: number } =>
    entry !== undefined && clock.now().getTime() - entry.storedAt < ttlMs;

  /**
   * Fetches the list into the cache; resolves whether it did. One refresh per list at a time;
   * after a failure the next waits a minute, unless `force`d (someone asked for it).
   */
  function refresh<T>(list: CachedList<T>, force = false): Promise<boolean> {
    const running = refreshing.get(list.key);
    if (running) return running;
    if (!force && clock.now().getTime() < (pausedUntil.get(list.key) ?? 0)) return Promise.resolve(false);
    const job = (async () => {
      try {
        const items = await list.fetch();
        if (!list.usable(items)) throw new Error('the cloud answered with an empty list');
        const storedAt = clock.now().getTime();
        await cache.cacheSet(list.key, items, list.ttlMs * KEEP_STALE_PERIODS);
        inMemory.set(list.key, { value: items, storedAt });
        pausedUntil.delete(list.key);
        return true;
      } catch (err) {
        pausedUntil.set(list.key, clock.now().getTime() + FAILED_REFRESH_PAUSE_MS);
        log.warn(`could not refresh ${list.key}: ${err instanceof Error ? err.message : String(err)}`);
        return false;
      } finally {
        refreshing.delete(list.key);
      }
    })();
    refreshing.set(list.key, job);
    return job;
  }

  async function cachedOrDefault<T>(list: CachedList<T>): Promise<T[]> {
    let cached = inMemory.get(list.key) as { value: T[]; storedAt: number } | undefined;
    // While this process's own refresh runs, the store was just read and found wanting: the
    // refresh will fill the memory, so forms opened meanwhile read no database.
    if (!isFresh(cached, list.ttlMs) && !refreshing.has(list.key)) {
      // Another process may have refreshed the shared cache meanwhile.
      try {
        const stored = await cache.cacheGet<T[]>(list.key);
        if (stored) {
          cached = stored;
          inMemory.set(list.key, stored);
        }
      } catch (err) {
        log.warn(`could not read ${list.key} from the cache: ${err instanceof Error ? err.message : String(err)}`);
      }
      if (!isFresh(cached, list.ttlMs)) void refresh(list);
    }
    return cached ? [...cached.value] : [...list.fallback];
  }

  const regionsList: CachedList<Region> = {
    key: REGIONS_KEY,
    ttlMs: cacheTtlMs,
    fallback: defaultRegions,
    fetch: () => cloud.listRegions(),
    usable: (items) => items.length > 0,
  };

  const projectsList: CachedList<Project> = {
    key: PROJECTS_KEY,
    ttlMs: deps.projectsTtlMs ?? cacheTtlMs,
    fallback: [DEFAULT_PROJECT],
    // The Default project always exists; the cloud's list does not necessarily name it.
    fetch: async () => {
      const projects = await cloud.listProjects();
      return projects.some((p) => p.id === DEFAULT_PROJECT.id) ? projects : [DEFAULT_PROJECT, ...projects];
    },
    usable: (items) => items.length > 0,
  };

  const findGroupIn = createGroupFinder({
    cloud,
    requests: deps.requests,
    cache,
    regions: () => cachedOrDefault(regionsList),
    projects: () => cachedOrDefault(projectsList),
    log,
  });

  async function requireKnownRegion(region: string): Promise<string> {
    const id = region.trim();
    if (!(await cachedOrDefault(regionsList)).some((r) => r.id === id)) {
      throw new InvalidInputError([{ field: 'region', message: `${quoteInput(id)} is not a known region.` }]);
    }
    return id;
  }

  return {
    templates: () => [...templates],
    template: (id) => templates.find((t) => t.id === id),
    previewTemplate(id) {
      const template = templates.find((t) => t.id === id);
      if (!template) return undefined;
      const risks = assessRisk(template.rules);
      return {
        template,
        risks: [...new Set(risks.map((r) => r.message))],
        approvalsRequired: approvalsNeeded('create-group', risks, template.approvalsRequired),
      };
    },
    regions: () => cachedOrDefault(regionsList),
    projects: () => cachedOrDefault(projectsList),
    defaultRegion: () => defaultRegion,
    async refreshLists() {
      const [regions, projects] = await Promise.all([refresh(regionsList, true), refresh(projectsList, true)]);
      return { regions, projects };
    },

    async listGroups(region, page) {
      const id = await requireKnownRegion(region);
      return cloud.listGroups({ region: id, offset: page.offset, limit: page.limit });
    },

    async groupRules(region, groupId): Promise<Rule[]> {
      const id = await requireKnownRegion(region);
      return cloud.describeRules(id, requireGroupId(groupId));
    },

    async findGroup(groupId, region) {
      const group = requireGroupId(groupId);
      return findGroupIn(group, region === undefined ? undefined : await requireKnownRegion(region));
    },
  };
}
