import type { webApi } from '@slack/bolt';
import type { Clock } from '../lib/clock.js';
import type { Log } from '../lib/log.js';
import type { ApproverDirectory } from '../service/ports.js';

export interface SlackApproverDirectoryOptions {
  /** SECGROUP_APPROVERS: user ids (U…/W…) and user group ids (S…). */
  ids: readonly string[];
  client: Pick<webApi.WebClient, 'usergroups'>;
  log: Log;
  clock?: Clock;
  /** How long a group's member list is trusted before it is fetched again. */
  ttlMs?: number;
}

const USER_GROUP = /^S[A-Z0-9]+$/;
const DEFAULT_TTL_MS = 5 * 60_000;

interface CachedMembers {
  members: ReadonlySet<string>;
  fetchedAt: number;
}

/**
 * Approvers from configuration. User groups are resolved through usergroups.users.list and cached
 * for `ttlMs`; a group that cannot be read counts as empty (nobody gains approval by an outage).
 */
export function createSlackApproverDirectory(options: SlackApproverDirectoryOptions): ApproverDirectory {
  const clock = options.clock ?? { now: () => new Date() };
  const ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
  const users = new Set(options.ids.filter((id) => !USER_GROUP.test(id)));
  const groups = options.ids.filter((id) => USER_GROUP.test(id));
  const cache = new Map<string, CachedMembers>();
  const inFlight = new Map<string, Promise<ReadonlySet<string>>>();

  async function fetchMembers(groupId: string): Promise<ReadonlySet<string>> {
    try {
      const result = await options.client.usergroups.users.list({ usergroup: groupId });
      const members = new Set(result.users ?? []);
      cache.set(groupId, { members, fetchedAt: clock.now().getTime() });
      return members;
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      options.log.warn(`approvers: could not read user group ${groupId} (${reason}); treating it as empty`);
      return new Set();
    }
  }

  function membersOf(groupId: string): Promise<ReadonlySet<string>> {
    const cached = cache.get(groupId);
    if (cached && clock.now().getTime() - cached.fetchedAt < ttlMs) return Promise.resolve(cached.members);
    const pending = inFlight.get(groupId);
    if (pending) return pending;
    const fetching = fetchMembers(groupId).finally(() => inFlight.delete(groupId));
    inFlight.set(groupId, fetching);
    return fetching;
  }

  return {
    async isApprover(actorId: string): Promise<boolean> {
      if (users.has(actorId)) return true;
      for (const groupId of groups) {
        if ((await membersOf(groupId)).has(actorId)) return true;
      }
      return false;
    },
    async approverIds(): Promise<string[]> {
      return [...options.ids];
    },
  };
}
