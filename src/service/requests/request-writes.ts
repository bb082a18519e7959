/**
 * How the lifecycle writes requests: read, decide, compare-and-set; on a conflict read again and
 * decide again, so two clicks at once, a duplicate delivery or two replicas still give one outcome.
 * Every stored change is published to the change feed.
 */
import type { Clock } from '../../lib/clock.js';
import type { Log } from '../../lib/log.js';
import { type DomainError, NotFoundError } from '../errors.js';
import { REQUEST_ID } from '../ids.js';
import type { RequestStore } from '../ports.js';
import type { ChangeRequest, RequestStatus } from '../types.js';
import { quoteInput } from '../validation.js';
import type { ChangeFeed } from './change-feed.js';

/** The actor recorded for what the app does by itself: expiry, execution results, recovery. */
export const SYSTEM_ACTOR = 'system';

/** What a decision does to the stored request. */
export type Step = { refuse: DomainError } | { write: ChangeRequest; thenThrow?: DomainError } | { keep: true };

export interface Updated {
  request: ChangeRequest;
  /** Whether this call wrote the request (false when the step kept it as it was). */
  wrote: boolean;
}

/** Re-reads after a compare-and-set conflict; each conflict means another writer succeeded. */
const MAX_ATTEMPTS = 25;

export interface RequestWrites {
  load(id: string): Promise<ChangeRequest>;
  /**
   * `onStored` runs once the write is stored, before the change is published, so a front end can
   * answer the person as soon as what they did can no longer be lost; its failure is only logged.
   */
  update(id: string, decide: (current: ChangeRequest) => Step, onStored?: () => unknown): Promise<Updated>;
  /** The request moved to `to`, with an audit entry. */
  advance(
    current: ChangeRequest,
    to: RequestStatus,
    actorId: string,
    reason: string | undefined,
    patch?: Partial<ChangeRequest>,
  ): ChangeRequest;
  nowIso(): string;
}

function describeError(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function createRequestWrites(deps: {
  store: RequestStore;
  clock: Clock;
  feed: ChangeFeed;
  log: Log;
}): RequestWrites {
  const { store, clock, feed } = deps;
  const nowIso = () => clock.now().toISOString();

  async function acknowledge(onStored: () => unknown, id: string): Promise<void> {
    try {
      await onStored();
    } catch (err) {
      deps.log.warn(`request ${id}: acknowledging the stored action failed: ${describeError(err)}`);
    }
  }

  async function load(id: string): Promise<ChangeRequest> {
    const key = typeof id === 'string' ? id.trim().toLowerCase() : '';
    const request = REQUEST_ID.test(key) ? await store.get(key) : undefined;
    if (!request) throw new NotFoundError('request', key.length > 40 ? quoteInput(key, 40) : key);
    return request;
  }

  return {
    load,
    nowIso,
    async update(id, decide, onStored) {
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        const current = await load(id);
        const step = decide(current);
        if ('refuse' in step) throw step.refuse;
        if ('keep' in step) return { request: current, wrote: false };
        const next: ChangeRequest = { ...step.write, version: current.version + 1 };
        if (await store.replace(next, current.version)) {
          if (onStored && !step.thenThrow) await acknowledge(onStored, id);
          feed.publish(next);
          if (step.thenThrow) throw step.thenThrow;
          return { request: next, wrote: true };
        }
      }
      throw new Error(`request ${id} kept changing under concurrent updates; try again`);
    },
    advance(current, to, actorId, reason, patch = {}) {
      const entry = { from: current.status, to, actorId, at: nowIso(), ...(reason ? { reason } : {}) };
      return { ...current, ...patch, status: to, history: [...current.history, entry] };
    },
  };
}
