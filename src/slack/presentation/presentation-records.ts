/**
 * Reading and writing presentation records: compare-and-set like requests, and a claim that
 * gives one process at a time the right to show a request (post its card and prompt, update
 * them, post in its thread), renewed while it works, so no message is posted twice and a card
 * never goes back to an older state, whichever replica heard of a change.
 */
import type { Clock } from '../../lib/clock.js';
import type { Log } from '../../lib/log.js';
import { isGoneLocalProcess } from '../../lib/process-identity.js';
import type { PresentationRecord, PresentationStore } from './presentation-record.js';

/** How long a claim holds without renewal; a process that died holding one blocks nobody for longer. */
export const CLAIM_MS = 15_000;
const MAX_ATTEMPTS = 10;

export class ClaimLostError extends Error {
  constructor(requestId: string) {
    super(`the claim on showing ${requestId} was lost`);
  }
}

export interface PresentationRecords {
  get(requestId: string): Promise<PresentationRecord | undefined>;
  /** The request's record, created with `initial` when it has none. */
  ensure(initial: PresentationRecord): Promise<PresentationRecord>;
  /**
   * Takes the claim on showing the request, or returns undefined while another process holds it
   * (with when it lapses).
   */
  claim(record: PresentationRecord): Promise<{ record: PresentationRecord } | { heldUntil: number }>;
  /** Writes a change under this process's claim; ClaimLostError if another process took over. */
  write(record: PresentationRecord, change: Partial<PresentationRecord>): Promise<PresentationRecord>;
  /** Renews the claim until stopped. */
  keepClaim(requestId: string): () => void;
  /** Writes a last change and gives the claim up. */
  release(record: PresentationRecord, change?: Partial<PresentationRecord>): Promise<void>;
}

export function createPresentationRecords(deps: {
  store: PresentationStore;
  clock: Clock;
  log: Log;
  owner: string;
  claimMs?: number;
}): PresentationRecords {
  const { store, clock, log, owner } = deps;
  const claimMs = deps.claimMs ?? CLAIM_MS;
  const claimUntil = () => new Date(clock.now().getTime() + claimMs).toISOString();
  /** The newest record this process wrote under its claim, per request (for renewals). */
  const held = new Map<string, PresentationRecord>();

  async function replace(next: PresentationRecord, current: PresentationRecord): Promise<boolean> {
    return store.replace({ ...next, version: current.version + 1 }, current.version);
  }

  /** This process's writes of one record, one after another (a renewal may race the work). */
  const writing = new Map<string, Promise<unknown>>();

  function write(record: PresentationRecord, change: Partial<PresentationRecord>): Promise<PresentationRecord> {
    const previous = writing.get(record.requestId) ?? Promise.resolve();
    const next = previous.catch(() => {}).then(() => writeNow(record, change));
    writing.set(record.requestId, next);
    void next
      .catch(() => {})
      .finally(() => {
        if (writing.get(record.requestId) === next) writing.delete(record.requestId);
      });
    return next;
  }

  async function writeNow(
    record: PresentationRecord,
    change: Partial<PresentationRecord>,
  ): Promise<PresentationRecord> {
    const current = held.get(record.requestId) ?? record;
    const next: PresentationRecord = { ...current, ...change, version: current.version + 1 };
    if (!(await store.replace(next, current.version))) {
      held.delete(record.requestId);
      throw new ClaimLostError(record.requestId);
    }
    held.set(record.requestId, next);
    return next;
  }

  return {
    get: (requestId) => store.get(requestId),

    async ensure(initial) {
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        const found = await store.get(initial.requestId);
        if (found) return found;
        if (await store.insert(initial)) return initial;
      }
      throw new Error(`could not create the presentation record of ${initial.requestId}`);
    },

    async claim(record) {
      let current: PresentationRecord | undefined = record;
      for (let attempt = 0; attempt < MAX_ATTEMPTS && current; attempt++) {
        const until = current.claim ? Date.parse(current.claim.until) : 0;
        const holder = current.claim?.owner;
        // A claim of a process on this host that is certainly gone (a restart) is taken over at once.
        if (holder && holder !== owner && until > clock.now().getTime() && !isGoneLocalProcess(holder, owner)) {
          return { heldUntil: until };
        }
        const next = { ...current, claim: { owner, until: claimUntil() } };
        if (await replace(next, current)) {
          const claimed = { ...next, version: current.version + 1 };
          held.set(record.requestId, claimed);
          return { record: claimed };
        }
        current = await store.get(record.requestId);
      }
      return { heldUntil: clock.now().getTime() + 1_000 };
    },

    write,

    keepClaim(requestId) {
      const timer = setInterval(
        () => {
          const current = held.get(requestId);
          if (!current) return;
          write(current, { claim: { owner, until: claimUntil() } }).catch((err: unknown) =>
            log.warn(`slack: could not renew the claim on ${requestId}: ${err instanceof Error ? err.message : err}`),
          );
        },
        Math.max(100, Math.floor(claimMs / 3)),
      );
      timer.unref();
      return () => clearInterval(timer);
    },

    async release(record, change = {}) {
      try {
        await write(record, { ...change, claim: undefined });
      } finally {
        held.delete(record.requestId);
      }
    },
  };
}
