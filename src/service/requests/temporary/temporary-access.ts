/**
 * Temporary access, as a front end drives it: ask to keep a grant's rules longer (approved like
 * the grant), remove them now (no approval), remove those whose time is up (maintenance), and
 * list those still in place. Extend and Remove now check where the action came from first, as
 * every other action does, then who acts: the requester or an approver.
 */
import type { Clock } from '../../../lib/clock.js';
import { type Log, logFields } from '../../../lib/log.js';
import type { ActiveAccess, CatalogService, ChangeRequestService } from '../../api.js';
import { AccessNotActiveError, InvalidInputError, NotRequesterOrApproverError } from '../../errors.js';
import type { AccessPolicy } from '../../policy/access-policy.js';
import { approvalsNeeded, decideOrigin } from '../../policy/approval-policy.js';
import { viewOf } from '../../policy/visibility.js';
import type { RequestStore } from '../../ports.js';
import type { ChangeRequest, RequestOrigin } from '../../types.js';
import type { ChangeFeed } from '../change-feed.js';
import type { Executor } from '../execution.js';
import type { InsertNew } from '../new-requests.js';
import { requireActor } from '../new-requests.js';
import { type RequestWrites, SYSTEM_ACTOR } from '../request-writes.js';
import { createAccessRemoval } from './access-removal.js';
import { grantGroupOf, isActiveGrant } from './grants.js';
import { planKeep, validateKeep } from './keep-input.js';

type TemporaryAccessUseCases = Pick<
  ChangeRequestService,
  'submitExtension' | 'removeAccessNow' | 'removeExpiredAccess' | 'viewActiveAccess'
>;

export function createTemporaryAccess(
  service: {
    store: RequestStore;
    catalog: Pick<CatalogService, 'template'>;
    accessPolicy: AccessPolicy;
    clock: Clock;
    log: Log;
  },
  deps: {
    writes: RequestWrites;
    executor: Executor;
    feed: ChangeFeed;
    insertNew: InsertNew;
    storedBefore: (submission: { submissionKey?: string }) => Promise<ChangeRequest | undefined>;
    isApprover: (actorId: string) => Promise<boolean>;
  },
): TemporaryAccessUseCases {
  const { store, catalog, accessPolicy: policy, clock, log } = service;
  const { writes, insertNew } = deps;
  const removal = createAccessRemoval({ store, writes, executor: deps.executor, feed: deps.feed, clock, log });

  /** Where first, then who: the requester or an approver. */
  async function mayManage(grant: ChangeRequest, actorId: string, from: RequestOrigin | undefined): Promise<void> {
    const place = decideOrigin(grant, from);
    if (place.kind === 'refuse') throw place.error;
    if (actorId !== grant.requesterId && !(await deps.isApprover(actorId))) {
      throw new NotRequesterOrApproverError(grant.id);
    }
  }

  /** What the grant would need kept permanently: its template's number, or one or two by risk. */
  function usualApprovals(grant: ChangeRequest): number {
    const spec = grant.spec;
    const templateApprovals =
      spec.kind === 'create-group' ? catalog.template(spec.templateId)?.approvalsRequired : undefined;
    return approvalsNeeded(grant.kind, grant.risks, templateApprovals);
  }

  return {
    async submitExtension(grantId, keepInput, actorId, submission = {}) {
      requireActor(actorId);
      const replayed = await deps.storedBefore(submission);
      if (replayed) return replayed;
      const grant = await writes.load(grantId);
      await mayManage(grant, actorId, submission.origin);
      const securityGroupId = grantGroupOf(grant);
      if (!isActiveGrant(grant) || !securityGroupId) throw new AccessNotActiveError(grant);
      const now = clock.now();
      const keep = validateKeep(keepInput, now);
      if (!keep.ok) throw new InvalidInputError(keep.issues);
      if (!keep.value) {
        throw new InvalidInputError([{ field: 'keep', message: 'Choose how much longer to keep the rules.' }]);
      }
      const planned = planKeep(
        policy,
        keep.value,
        { rules: grant.rules, risks: grant.risks, usualApprovals: usualApprovals(grant) },
        now,
      );
      return insertNew(
        {
          kind: 'extend-access',
          spec: { kind: 'extend-access', region: grant.spec.region, securityGroupId, grantId, keep: keep.value },
          rules: grant.rules,
          risks: grant.risks,
          approvalsRequired: planned.approvalsRequired,
        },
        actorId,
        { ...submission, followsUp: grant.id },
      );
    },

    async removeAccessNow(grantId, actorId, options = {}) {
      requireActor(actorId);
      const grant = await writes.load(grantId);
      await mayManage(grant, actorId, options.from);
      // A second click, or a click as the rules expire: the one removal there is.
      const scheduled = grant.temporary?.removalId;
      if (scheduled && grant.status === 'done') {
        await options.onStored?.();
        return writes.load(scheduled);
      }
      if (!isActiveGrant(grant)) throw new AccessNotActiveError(grant);
      const reason = `removed now by ${actorId}`;
      const id = await removal.schedule(grant, actorId, reason, options.onStored);
      return removal.run(id, actorId, reason);
    },

    async removeExpiredAccess() {
      const due = await store.listTemporary({ dueBy: clock.now().toISOString() });
      // Independent grants: one slow group does not hold up the others' removal.
      const results = await Promise.all(
        due.map(async (grant) => {
          try {
            const reason = `temporary rules expired at ${grant.temporary?.rulesExpireAt}`;
            const id = await removal.schedule(grant, SYSTEM_ACTOR, reason);
            return await removal.run(id, SYSTEM_ACTOR, reason);
          } catch (err) {
            log.error(
              `removing the expired rules of ${grant.id} failed: ${err instanceof Error ? err.message : String(err)}`,
              logFields({ event: 'access.removal-failed', requestId: grant.id, actor: SYSTEM_ACTOR }),
            );
            return undefined;
          }
        }),
      );
      return results.filter(
        (r): r is ChangeRequest => r !== undefined && (r.status === 'done' || r.status === 'failed'),
      );
    },

    async viewActiveAccess(viewer) {
      // From nowhere in particular (the reminder sweep) everything is seen in full: no look-up needed.
      const [grants, viewerIsApprover] = await Promise.all([
        store.listTemporary({}),
        viewer.from ? deps.isApprover(viewer.actorId) : false,
      ]);
      const now = clock.now().getTime();
      return grants.flatMap((grant): ActiveAccess[] => {
        const rulesExpireAt = grant.temporary?.rulesExpireAt;
        if (!rulesExpireAt || viewOf(grant, viewer, viewerIsApprover).visibility !== 'full') return [];
        return [{ grant, rulesExpireAt, leftMs: Math.max(0, Date.parse(rulesExpireAt) - now) }];
      });
    },
  };
}
