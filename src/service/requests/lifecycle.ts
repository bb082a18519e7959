/**
 * The ChangeRequest lifecycle, as a front end drives it: submit, approve, reject, cancel, retry,
 * expire. Each use case checks who may act (identity before state, so a stranger learns nothing
 * about a request), decides, and stores the change by compare-and-set; approving the last needed
 * approval hands the request to the executor.
 */
import type { Clock } from '../../lib/clock.js';
import { type Log, logFields } from '../../lib/log.js';
import { newProcessId } from '../../lib/process-identity.js';
import type { CatalogService, ChangeRequestService } from '../api.js';
import { ExpiredError, InvalidInputError } from '../errors.js';
import { newRequestId } from '../ids.js';
import { type AccessPolicy, DEFAULT_ACCESS_POLICY } from '../policy/access-policy.js';
import {
  decideApproval,
  decideCancel,
  decideOrigin,
  decideRejection,
  decideRetry,
  isOverdue,
  type PolicyContext,
  type Verdict,
  validateRejectReason,
} from '../policy/approval-policy.js';
import type { ApproverDirectory, CloudProvider, RequestStore, ServiceMetrics } from '../ports.js';
import type { ChangeRequest, RequestOrigin } from '../types.js';
import { type ChangeFeed, createChangeFeed } from './change-feed.js';
import { createCreateAndAddSubmissions } from './create-and-add-submissions.js';
import { createDay2Submissions } from './day2-submissions.js';
import { createExecutor } from './execution.js';
import { createGroupFactsReader } from './group-facts.js';
import { createInsertNew } from './new-requests.js';
import { createRequestQueries } from './queries.js';
import { createQuotaGate } from './quota-gate.js';
import { createRequestWrites, type Step, SYSTEM_ACTOR } from './request-writes.js';
import { createReplayLookup } from './submission-replays.js';
import { editKeeper } from './temporary/keep-input.js';
import { createTemporaryAccess } from './temporary/temporary-access.js';

export { SYSTEM_ACTOR } from './request-writes.js';

export interface ChangeRequestServiceDeps {
  store: RequestStore;
  cloud: CloudProvider;
  catalog: CatalogService;
  approvers: ApproverDirectory;
  clock: Clock;
  log: Log;
  /** How long a request waits for approval before it expires. */
  requestTtlMs: number;
  idGenerator?: () => string;
  /** How long an execution lease holds without a heartbeat; another process takes over after it. */
  executionLeaseMs?: number;
  /** Names this process in leases and the audit trail; unique per service instance. */
  processId?: string;
  /** How long a region's quota answer is reused by submissions. */
  quotaCacheMs?: number;
  /** How long a submission waits for the cloud (quota, a group's rules) before going ahead without it. */
  quotaWaitMs?: number;
  feed?: ChangeFeed;
  metrics?: ServiceMetrics;
  /** Temporary access: what must expire, how long rules may be kept (manifest/access-policy.yml). */
  accessPolicy?: AccessPolicy;
}

export function createChangeRequestService(deps: ChangeRequestServiceDeps): ChangeRequestService {
  const { store, cloud, catalog, approvers, clock, log, requestTtlMs } = deps;
  const accessPolicy = deps.accessPolicy ?? DEFAULT_ACCESS_POLICY;
  const nextId = deps.idGenerator ?? newRequestId;
  const processId = deps.processId ?? newProcessId();
  const feed = deps.feed ?? createChangeFeed(log);
  const writes = createRequestWrites({ store, clock, feed, log });
  const quota = createQuotaGate({
    cloud,
    clock,
    log,
    ...(deps.quotaCacheMs === undefined ? {} : { cacheMs: deps.quotaCacheMs }),
    ...(deps.quotaWaitMs === undefined ? {} : { waitMs: deps.quotaWaitMs }),
  });

  const storedBefore = createReplayLookup(store, log);
  const groupFacts = createGroupFactsReader({ cloud, quota, log, waitMs: deps.quotaWaitMs });

  const expired = (current: ChangeRequest) =>
    writes.advance(current, 'expired', SYSTEM_ACTOR, `no decision by ${current.expiresAt}`);

  function fromVerdict(current: ChangeRequest, verdict: Verdict, allowed: () => Step): Step {
    if (verdict.kind === 'refuse') return { refuse: verdict.error };
    if (verdict.kind === 'expire') return { write: expired(current), thenThrow: new ExpiredError(current.id) };
    return allowed();
  }

  const executor = createExecutor({
    store,
    cloud,
    writes,
    clock,
    log,
    processId,
    fromVerdict,
    ...(deps.executionLeaseMs === undefined ? {} : { leaseMs: deps.executionLeaseMs }),
    ...(deps.metrics ? { metrics: deps.metrics } : {}),
  });

  async function isApprover(actorId: string): Promise<boolean> {
    return actorId.trim() !== '' && (await approvers.isApprover(actorId));
  }

  /** What the policy judges an action on: whether an approver acts, from where, and now. */
  const context = (actorIsApprover: boolean, from?: RequestOrigin): PolicyContext => ({
    actorIsApprover,
    now: clock.now(),
    from,
  });

  /** A request continuing another is asked where that one was. */
  const checkMayFollowUp: ChangeRequestService['checkMayFollowUp'] = async (id, options = {}) => {
    const current = await writes.load(id);
    const verdict = decideOrigin(current, options.from);
    if (verdict.kind === 'refuse') throw verdict.error;
    return current;
  };

  const insertNew = createInsertNew({ store, clock, feed, log, nextId, requestTtlMs });
  const day2 = createDay2Submissions({
    cloud,
    catalog,
    store,
    log,
    insertNew,
    storedBefore,
    checkMayFollowUp,
    keepEdit: editKeeper(accessPolicy, clock),
  });

  return {
    ...createCreateAndAddSubmissions({
      catalog,
      clock,
      accessPolicy,
      quota,
      groupFacts,
      insertNew,
      storedBefore,
      checkMayFollowUp,
    }),

    async approve(id, actorId, options = {}) {
      const actorIsApprover = await isApprover(actorId);
      const { request } = await writes.update(
        id,
        (current) => {
          const verdict = decideApproval(current, actorId, {
            ...context(actorIsApprover, options.from),
            acceptsInUse: options.acceptInUse,
          });
          if (verdict.kind !== 'allow') return fromVerdict(current, verdict, () => ({ keep: true }));
          const accepted = options.acceptInUse ? { acceptedInUse: true } : {};
          const approvals = [...current.approvals, { actorId, at: writes.nowIso(), ...accepted }];
          const reason = `approval ${approvals.length} of ${current.approvalsRequired}`;
          return verdict.completes
            ? {
                write: writes.advance(current, 'approved', actorId, reason, { approvals, lease: executor.newLease() }),
              }
            : { write: writes.advance(current, 'pending', actorId, reason, { approvals }) };
        },
        options.onStored,
      );
      log.info(
        `request ${id}: approved by ${actorId} (${request.approvals.length}/${request.approvalsRequired})`,
        logFields({ event: 'request.approved', requestId: id, actor: actorId, status: request.status }),
      );
      if (request.status !== 'approved') return request;
      return executor.claimAndRun(id, 'approved', actorId, 'all approvals given');
    },

    async checkMayReject(id, actorId, options = {}) {
      const actorIsApprover = await isApprover(actorId);
      const current = await writes.load(id);
      const verdict = decideRejection(current, context(actorIsApprover, options.from));
      if (verdict.kind === 'refuse') throw verdict.error;
    },

    checkMayFollowUp,
    ...day2,

    async reject(id, actorId, reason, options = {}) {
      const actorIsApprover = await isApprover(actorId);
      const { request } = await writes.update(
        id,
        (current) =>
          fromVerdict(current, decideRejection(current, context(actorIsApprover, options.from)), () => {
            const valid = validateRejectReason(reason);
            if (!valid.ok) return { refuse: new InvalidInputError(valid.issues) };
            return { write: writes.advance(current, 'rejected', actorId, valid.value) };
          }),
        options.onStored,
      );
      log.info(
        `request ${id} rejected by ${actorId}`,
        logFields({ event: 'request.rejected', requestId: id, actor: actorId }),
      );
      return request;
    },

    async cancel(id, actorId, options = {}) {
      const { request } = await writes.update(
        id,
        (current) =>
          fromVerdict(current, decideCancel(current, actorId, clock.now(), options.from), () => ({
            write: writes.advance(current, 'cancelled', actorId, 'cancelled by the requester'),
          })),
        options.onStored,
      );
      log.info(
        `request ${id} cancelled by ${actorId}`,
        logFields({ event: 'request.cancelled', requestId: id, actor: actorId }),
      );
      return request;
    },

    async retry(id, actorId, options = {}) {
      const actorIsApprover = await isApprover(actorId);
      return executor.claimAndRun(id, 'failed', actorId, 'retry', {
        verdict: (current) => decideRetry(current, { actorIsApprover, from: options.from }),
        ...(options.onStored ? { onStored: options.onStored } : {}),
      });
    },

    get: writes.load,
    ...createRequestQueries({ store, load: writes.load, isApprover }),

    async expireDue() {
      const overdue = (await store.listByStatus(['pending'])).filter((r) => isOverdue(r, clock.now()));
      const done: ChangeRequest[] = [];
      for (const candidate of overdue) {
        const { request, wrote } = await writes.update(candidate.id, (current) =>
          isOverdue(current, clock.now()) ? { write: expired(current) } : { keep: true },
        );
        if (wrote) {
          log.info(
            `request ${request.id} expired`,
            logFields({ event: 'request.expired', requestId: request.id, actor: SYSTEM_ACTOR }),
          );
          done.push(request);
        }
      }
      return done;
    },

    recover: () => executor.resumeInterrupted(),

    ...createTemporaryAccess(
      { ...deps, accessPolicy },
      { writes, executor, feed, insertNew, storedBefore, isApprover },
    ),

    onChange(listener) {
      feed.subscribe(listener);
    },

    async settled() {
      await executor.idle();
      await feed.drained();
    },

    drain: (timeoutMs) => executor.drain(timeoutMs),
  };
}
