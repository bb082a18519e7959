/**
 * Removing a grant's rules, exactly once whoever asks and however often: at expiry (maintenance,
 * on every process and at start-up) or on "Remove now". The removal is a request of its own,
 * stored already approved by the system with an id derived from the grant's, so storing it twice
 * stores it once; the executor's lease then lets one process carry it out. Only after it is
 * stored is the grant marked, so a crash in between leaves the grant due and the next round
 * finds the removal already there.
 */
import type { Clock } from '../../../lib/clock.js';
import { type Log, logFields } from '../../../lib/log.js';
import type { RequestStore } from '../../ports.js';
import type { ChangeRequest } from '../../types.js';
import type { ChangeFeed } from '../change-feed.js';
import type { Executor } from '../execution.js';
import type { RequestWrites } from '../request-writes.js';
import { grantGroupOf, grantRulesOf, removalIdOf } from './grants.js';

export interface AccessRemoval {
  /** Stores the grant's removal (once) and marks the grant; returns the removal's id. */
  schedule(grant: ChangeRequest, actorId: string, reason: string, onStored?: () => unknown): Promise<string>;
  /** Carries a stored removal out here, unless another process holds it; returns it as it is then. */
  run(removalId: string, actorId: string, reason: string): Promise<ChangeRequest>;
}

export function createAccessRemoval(deps: {
  store: RequestStore;
  writes: RequestWrites;
  executor: Executor;
  feed: ChangeFeed;
  clock: Clock;
  log: Log;
}): AccessRemoval {
  const { store, writes, executor, feed, clock, log } = deps;

  function removalOf(grant: ChangeRequest, actorId: string, reason: string): ChangeRequest {
    const now = clock.now().toISOString();
    const securityGroupId = grantGroupOf(grant);
    if (!securityGroupId) throw new Error(`request ${grant.id} has no group to remove rules from`);
    return {
      id: removalIdOf(grant.id),
      kind: 'remove-access',
      status: 'approved',
      spec: { kind: 'remove-access', region: grant.spec.region, securityGroupId, grantId: grant.id },
      rules: grantRulesOf(grant),
      risks: [],
      // Shown on behalf of the person who asked for the rules; the audit entry says who removed them.
      requesterId: grant.requesterId,
      approvalsRequired: 0,
      approvals: [],
      createdAt: now,
      expiresAt: now,
      history: [{ from: null, to: 'approved', actorId, at: now, reason }],
      ...(grant.origin ? { origin: grant.origin } : {}),
      followsUp: grant.id,
      lease: executor.newLease(),
      version: 1,
    };
  }

  return {
    async schedule(grant, actorId, reason, onStored) {
      const removal = removalOf(grant, actorId, reason);
      if (await store.insert(removal)) {
        log.info(
          `request ${grant.id}: removal ${removal.id} of its temporary rules stored (${reason})`,
          logFields({ event: 'access.removal-scheduled', requestId: removal.id, actor: actorId, grantId: grant.id }),
        );
        await Promise.resolve()
          .then(onStored)
          .catch((err: unknown) => log.warn(`request ${removal.id}: acknowledging failed: ${String(err)}`));
        feed.publish(removal);
      }
      await writes.update(grant.id, (current) =>
        current.temporary && current.temporary.removalId === undefined
          ? { write: { ...current, temporary: { ...current.temporary, removalId: removal.id } } }
          : { keep: true },
      );
      return removal.id;
    },

    run: (removalId, actorId, reason) => executor.claimAndRun(removalId, 'approved', actorId, reason),
  };
}
