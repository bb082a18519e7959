/**
 * The ChangeRequest lifecycle: submit, approve, reject, cancel, execute, retry, expire, recover.
 *
 * Every change is a compare-and-set on the stored request (`store.replace(next, version)`); on a
 * conflict the request is read again and the decision taken afresh, so two clicks at once, a
 * duplicate delivery or two processes still give one outcome.
 *
 * Exactly once against the cloud: the created group is tagged with the request id; any execution
 * that might follow an earlier attempt (retry, recovery) looks the tag up before creating.
 * Who runs an approved request is decided by a lease stored in the request: the approving process
 * claims it when the last approval lands, and another process takes over (restart recovery, a
 * second replica) only once that claim has lapsed or its process is known to be gone (a restart on
 * the same host), again by compare-and-set. A claim recorded in
 * the shared store, rather than a lock in memory, is what keeps two processes from executing the
 * same request.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Clock } from '../../lib/clock.js';
import type { Log } from '../../lib/log.js';
import type {
  ActionOptions,
  AddRulesInput,
  CatalogService,
  ChangeContext,
  ChangeRequestService,
  CreateGroupInput,
  RequestListener,
} from '../api.js';
import {
  CloudRejectedError,
  CloudUnavailableError,
  DomainError,
  ExpiredError,
  InvalidInputError,
  NotFoundError,
  QuotaExceededError,
} from '../errors.js';
import { newRequestId, REQUEST_ID } from '../ids.js';
import {
  approvalsNeeded,
  decideApproval,
  decideCancel,
  decideRejection,
  decideRetry,
  isOverdue,
  type Verdict,
  validateRejectReason,
} from '../policy/approval-policy.js';
import { assessRisk } from '../policy/risk-checks.js';
import type { ApproverDirectory, CloudProvider, GroupQuota, RequestStore } from '../ports.js';
import { sameRule } from '../rules/rules.js';
import type {
  ChangeRequest,
  CloudFailure,
  ConversationRef,
  ExecutionResult,
  RequestSpec,
  RequestStatus,
  Rule,
} from '../types.js';
import { quoteInput, valueOrThrow } from '../validation.js';
import { validateAddRulesInput, validateCreateGroupInput } from './group-input.js';
import { isGoneLocalProcess, newProcessId } from './process-identity.js';

/** The actor recorded for what the app does by itself: expiry, execution results, recovery. */
export const SYSTEM_ACTOR = 'system';

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
  /**
   * How long a process's claim on executing a request holds. It must outlast the slowest
   * execution (cloud timeouts × retries); after it, another process may take the request over.
   */
  executionLeaseMs?: number;
  /** Names this process in leases and the audit trail; unique per service instance. */
  processId?: string;
  /** How long a region's quota answer is reused by submissions. */
  quotaCacheMs?: number;
  /**
   * How long a submission waits for the cloud's quota answer before going ahead without it: a
   * front end stores the request before answering the person (Slack allows 3 s), and the cloud
   * still refuses a group over quota when the request is carried out.
   */
  quotaWaitMs?: number;
}

export const DEFAULT_EXECUTION_LEASE_MS = 5 * 60_000;
const DEFAULT_QUOTA_CACHE_MS = 30_000;
const DEFAULT_QUOTA_WAIT_MS = 1_500;
/** Re-reads after a compare-and-set conflict; each conflict means another writer succeeded. */
const MAX_ATTEMPTS = 25;
const MAX_ID_ATTEMPTS = 5;
const HISTORY_LIMIT_MAX = 100;

/** What a decision does to the stored request. */
type Step = { refuse: DomainError } | { write: ChangeRequest; thenThrow?: DomainError } | { keep: true };

interface Updated {
  request: ChangeRequest;
  /** Whether this call wrote the request (false when the step kept it as it was). */
  wrote: boolean;
}

function describeError(err: unknown): string {
  if (err instanceof DomainError) return `${err.code}: ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}

/**
 * An unexpected error as text: its stack (name, message, frames) and nothing else, since the
 * object itself may carry request details such as signed headers.
 */
function stackOf(err: unknown): string {
  return err instanceof Error ? (err.stack ?? `${err.name}: ${err.message}`) : String(err);
}

/** What is kept of a failed execution: the cloud's code, message and request id, nothing else. */
function failureOf(err: unknown): CloudFailure {
  if (err instanceof CloudRejectedError || err instanceof CloudUnavailableError) {
    return { code: err.cloudCode, message: err.cloudMessage, ...(err.requestId ? { requestId: err.requestId } : {}) };
  }
  if (err instanceof QuotaExceededError && err.cloudFailure) return err.cloudFailure;
  if (err instanceof DomainError) return { code: err.code, message: err.message };
  return { code: 'internal_error', message: 'The change could not be applied because of an unexpected error.' };
}

export function createChangeRequestService(deps: ChangeRequestServiceDeps): ChangeRequestService {
  const { store, cloud, catalog, approvers, clock, log, requestTtlMs } = deps;
  const nextId = deps.idGenerator ?? newRequestId;
  const leaseMs = deps.executionLeaseMs ?? DEFAULT_EXECUTION_LEASE_MS;
  const processId = deps.processId ?? newProcessId();
  const quotaCacheMs = deps.quotaCacheMs ?? DEFAULT_QUOTA_CACHE_MS;
  const quotaWaitMs = deps.quotaWaitMs ?? DEFAULT_QUOTA_WAIT_MS;

  const listeners: RequestListener[] = [];
  /** Notifications run one after another, in the order the changes were stored. */
  let notifications: Promise<void> = Promise.resolve();
  /** Set while a listener runs, so a listener calling the service does not wait on itself. */
  const insideListener = new AsyncLocalStorage<true>();
  /** Requests this process is executing right now. */
  const executing = new Set<string>();
  const quotas = new Map<string, { quota: GroupQuota; at: number }>();
  /** Quota lookups in flight, per region: submissions arriving together share one. */
  const quotaLookups = new Map<string, Promise<GroupQuota>>();

  const nowIso = () => clock.now().toISOString();

  async function notify(request: ChangeRequest, context: ChangeContext = {}): Promise<void> {
    const run = notifications.then(async () => {
      for (const listener of listeners) {
        try {
          await insideListener.run(true, () => listener(request, context));
        } catch (err) {
          log.error(`change listener failed for ${request.id}: ${stackOf(err)}`);
        }
      }
    });
    notifications = run;
    if (!insideListener.getStore()) await run;
  }

  async function load(id: string): Promise<ChangeRequest> {
    const key = typeof id === 'string' ? id.trim().toLowerCase() : '';
    const request = REQUEST_ID.test(key) ? await store.get(key) : undefined;
    if (!request) throw new NotFoundError('request', key.length > 40 ? quoteInput(key, 40) : key);
    return request;
  }

  /**
   * Read, decide, compare-and-set; on a conflict read again and decide again. `onWritten` runs
   * once the write is stored, before the listeners hear of it.
   */
  async function update(
    id: string,
    decide: (current: ChangeRequest) => Step,
    onWritten?: () => Promise<void>,
  ): Promise<Updated> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const current = await load(id);
      const step = decide(current);
      if ('refuse' in step) throw step.refuse;
      if ('keep' in step) return { request: current, wrote: false };
      const next: ChangeRequest = { ...step.write, version: current.version + 1 };
      if (await store.replace(next, current.version)) {
        if (onWritten && !step.thenThrow) await onWritten();
        await notify(next);
        if (step.thenThrow) throw step.thenThrow;
        return { request: next, wrote: true };
      }
    }
    throw new Error(`request ${id} kept changing under concurrent updates; try again`);
  }

  /** The request moved to `to`, with an audit entry. */
  function advance(
    current: ChangeRequest,
    to: RequestStatus,
    actorId: string,
    reason: string | undefined,
    patch: Partial<ChangeRequest> = {},
  ): ChangeRequest {
    const entry = { from: current.status, to, actorId, at: nowIso(), ...(reason ? { reason } : {}) };
    return { ...current, ...patch, status: to, history: [...current.history, entry] };
  }

  function expired(current: ChangeRequest): ChangeRequest {
    return advance(current, 'expired', SYSTEM_ACTOR, `no decision by ${current.expiresAt}`);
  }

  function fromVerdict(current: ChangeRequest, verdict: Verdict, allowed: () => Step): Step {
    if (verdict.kind === 'refuse') return { refuse: verdict.error };
    if (verdict.kind === 'expire') return { write: expired(current), thenThrow: new ExpiredError(current.id) };
    return allowed();
  }

  const newLease = () => ({ owner: processId, expiresAt: new Date(clock.now().getTime() + leaseMs).toISOString() });

  /** Whether another live process holds the request's claim. */
  function claimedElsewhere(request: ChangeRequest): boolean {
    const { lease } = request;
    if (!lease || lease.owner === processId) return false;
    if (isGoneLocalProcess(lease.owner, processId)) return false;
    return clock.now().getTime() < Date.parse(lease.expiresAt);
  }

  function regionQuota(region: string): Promise<GroupQuota> {
    const now = clock.now().getTime();
    const cached = quotas.get(region);
    if (cached && now - cached.at < quotaCacheMs) return Promise.resolve(cached.quota);
    const inFlight = quotaLookups.get(region);
    if (inFlight) return inFlight;
    const lookup = cloud
      .getQuota(region)
      .then((quota) => {
        quotas.set(region, { quota, at: now });
        return quota;
      })
      .finally(() => quotaLookups.delete(region));
    quotaLookups.set(region, lookup);
    return lookup;
  }

  /** The region's quota, or undefined when the cloud takes longer than `quotaWaitMs` to say. */
  async function quotaInTime(region: string): Promise<GroupQuota | undefined> {
    const lookup = regionQuota(region);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<undefined>((resolve) => {
      timer = setTimeout(resolve, quotaWaitMs, undefined);
    });
    try {
      return await Promise.race([lookup, late]);
    } finally {
      clearTimeout(timer);
      // A lookup still running fills the cache for the next submission; its failure is not this one's.
      lookup.catch(() => {});
    }
  }

  /** Refuses a group the region has no room for; a failing or slow quota lookup is logged, not fatal. */
  async function checkQuota(region: string, ruleCount: number): Promise<void> {
    let quota: GroupQuota | undefined;
    try {
      quota = await quotaInTime(region);
    } catch (err) {
      log.warn(`quota check for ${region} skipped: ${describeError(err)}`);
      return;
    }
    if (!quota) {
      log.warn(`quota check for ${region} skipped: no answer within ${quotaWaitMs} ms`);
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
  }

  async function insertNew(
    fields: Pick<ChangeRequest, 'kind' | 'spec' | 'rules' | 'risks' | 'approvalsRequired'>,
    actorId: string,
    conversation: ConversationRef | undefined,
  ): Promise<ChangeRequest> {
    const now = clock.now();
    for (let attempt = 0; attempt < MAX_ID_ATTEMPTS; attempt++) {
      const request: ChangeRequest = {
        id: nextId(),
        ...fields,
        status: 'pending',
        requesterId: actorId,
        approvals: [],
        createdAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + requestTtlMs).toISOString(),
        history: [{ from: null, to: 'pending', actorId, at: now.toISOString() }],
        ...(conversation ? { conversation: validConversation(conversation) } : {}),
        version: 1,
      };
      if (await store.insert(request)) {
        log.info(`request ${request.id} (${request.kind}) submitted by ${actorId}`);
        await notify(request);
        return request;
      }
    }
    throw new Error('could not allocate a unique request id');
  }

  /** Runs the cloud calls of an executing request. `afterEarlierAttempt`: look before creating. */
  async function perform(request: ChangeRequest, afterEarlierAttempt: boolean): Promise<ExecutionResult> {
    const { spec } = request;
    if (spec.kind === 'create-group') {
      let group = afterEarlierAttempt ? await cloud.findGroupByRequestTag(spec.region, request.id) : undefined;
      if (group) {
        log.info(`request ${request.id}: group ${group.id} already exists, not creating it again`);
      } else {
        group = await cloud.createGroupWithRules({
          region: spec.region,
          name: spec.name,
          description: spec.notes,
          projectId: spec.projectId,
          rules: request.rules,
          requestId: request.id,
        });
      }
      const rules = await cloud.describeRules(spec.region, group.id);
      return { securityGroupId: group.id, rules, completedAt: nowIso() };
    }
    let missing: Rule[] = request.rules;
    if (afterEarlierAttempt) {
      // Rules carry no tag: what an earlier attempt already added is found by comparing rules.
      const present = await cloud.describeRules(spec.region, spec.securityGroupId);
      missing = request.rules.filter((rule) => !present.some((p) => sameRule(p, rule)));
    }
    if (missing.length > 0) await cloud.addRules(spec.region, spec.securityGroupId, missing);
    const rules = await cloud.describeRules(spec.region, spec.securityGroupId);
    return { securityGroupId: spec.securityGroupId, rules, completedAt: nowIso() };
  }

  /** Executes a request this process has just claimed, and records the outcome. */
  async function run(claimed: ChangeRequest, afterEarlierAttempt: boolean): Promise<ChangeRequest> {
    executing.add(claimed.id);
    try {
      let patch: Partial<ChangeRequest>;
      let to: RequestStatus;
      let reason: string;
      try {
        const result = await perform(claimed, afterEarlierAttempt);
        to = 'done';
        patch = { result, failure: undefined };
        reason = `applied to ${result.securityGroupId}`;
      } catch (err) {
        if (!(err instanceof DomainError)) {
          log.error(`request ${claimed.id}: execution failed unexpectedly: ${stackOf(err)}`);
        }
        const failure = failureOf(err);
        to = 'failed';
        patch = { failure };
        reason = `cloud error ${failure.code}`;
        log.warn(`request ${claimed.id} failed: ${failure.code}`);
      }
      const { request } = await update(claimed.id, (current) =>
        current.status === 'executing' && current.lease?.owner === processId
          ? { write: advance(current, to, SYSTEM_ACTOR, reason, { ...patch, lease: undefined }) }
          : { keep: true },
      );
      if (request.status === 'done') log.info(`request ${request.id} done: ${request.result?.securityGroupId}`);
      return request;
    } finally {
      executing.delete(claimed.id);
    }
  }

  /** Tells the caller its action is stored; a failure to pass that on never stops the change. */
  async function acknowledge(options: ActionOptions, id: string): Promise<void> {
    try {
      await options.onStored?.();
    } catch (err) {
      log.warn(`request ${id}: acknowledging the stored action failed: ${describeError(err)}`);
    }
  }

  /**
   * Moves a request into `executing` under this process's lease and runs it. Returns the request
   * as it is when another process holds it, or it has left `from` meanwhile.
   */
  async function claimAndRun(
    id: string,
    from: 'approved' | 'failed',
    actorId: string,
    reason: string,
    verdict: (current: ChangeRequest) => Verdict = () => ({ kind: 'allow' }),
    options: ActionOptions = {},
  ): Promise<ChangeRequest> {
    let afterEarlierAttempt = false;
    const { request, wrote } = await update(
      id,
      (current) =>
        fromVerdict(current, verdict(current), () => {
          if (current.status !== from || claimedElsewhere(current)) return { keep: true };
          afterEarlierAttempt = current.history.some((h) => h.to === 'executing');
          return { write: advance(current, 'executing', actorId, reason, { lease: newLease() }) };
        }),
      () => acknowledge(options, id),
    );
    return wrote ? run(request, afterEarlierAttempt) : request;
  }

  /** Start-up: takes over an `executing` request whose claim has lapsed and finishes it. */
  async function resume(id: string): Promise<ChangeRequest | undefined> {
    const { request, wrote } = await update(id, (current) => {
      if (current.status !== 'executing' || claimedElsewhere(current) || executing.has(id)) return { keep: true };
      return {
        write: advance(current, 'executing', SYSTEM_ACTOR, `resumed by ${processId} after an interruption`, {
          lease: newLease(),
        }),
      };
    });
    return wrote ? run(request, true) : undefined;
  }

  async function isApprover(actorId: string): Promise<boolean> {
    return actorId.trim() !== '' && (await approvers.isApprover(actorId));
  }

  return {
    async submitCreateGroup(input: CreateGroupInput, actorId: string, conversation?: ConversationRef) {
      requireActor(actorId);
      const [regions, projects] = await Promise.all([catalog.regions(), catalog.projects()]);
      const valid = valueOrThrow(
        validateCreateGroupInput(input, { regions, templates: catalog.templates(), projects }),
      );
      const template = catalog.template(valid.templateId);
      if (!template)
        throw new InvalidInputError([{ field: 'templateId', message: 'Choose a template from the list.' }]);
      await checkQuota(valid.region, template.rules.length);
      const risks = assessRisk(template.rules);
      const spec: RequestSpec = { kind: 'create-group', ...valid };
      return insertNew(
        {
          kind: 'create-group',
          spec,
          rules: template.rules,
          risks,
          approvalsRequired: approvalsNeeded('create-group', risks, template.approvalsRequired),
        },
        actorId,
        conversation,
      );
    },

    async submitAddRules(input: AddRulesInput, actorId: string, conversation?: ConversationRef) {
      requireActor(actorId);
      const regions = await catalog.regions();
      const valid = valueOrThrow(validateAddRulesInput(input, { regions }));
      const risks = assessRisk(valid.rules);
      return insertNew(
        {
          kind: 'add-rules',
          spec: { kind: 'add-rules', region: valid.region, securityGroupId: valid.securityGroupId },
          rules: valid.rules,
          risks,
          approvalsRequired: approvalsNeeded('add-rules', risks),
        },
        actorId,
        conversation,
      );
    },

    async approve(id, actorId, options = {}) {
      const actorIsApprover = await isApprover(actorId);
      const { request } = await update(
        id,
        (current) => {
          const verdict = decideApproval(current, actorId, { actorIsApprover, now: clock.now() });
          if (verdict.kind !== 'allow') return fromVerdict(current, verdict, () => ({ keep: true }));
          const approvals = [...current.approvals, { actorId, at: nowIso() }];
          const reason = `approval ${approvals.length} of ${current.approvalsRequired}`;
          return verdict.completes
            ? { write: advance(current, 'approved', actorId, reason, { approvals, lease: newLease() }) }
            : { write: advance(current, 'pending', actorId, reason, { approvals }) };
        },
        () => acknowledge(options, id),
      );
      log.info(`request ${id}: approved by ${actorId} (${request.approvals.length}/${request.approvalsRequired})`);
      if (request.status !== 'approved') return request;
      return claimAndRun(id, 'approved', actorId, 'all approvals given');
    },

    async reject(id, actorId, reason, options = {}) {
      const actorIsApprover = await isApprover(actorId);
      const { request } = await update(
        id,
        (current) =>
          fromVerdict(current, decideRejection(current, { actorIsApprover, now: clock.now() }), () => {
            const valid = validateRejectReason(reason);
            if (!valid.ok) return { refuse: new InvalidInputError(valid.issues) };
            return { write: advance(current, 'rejected', actorId, valid.value) };
          }),
        () => acknowledge(options, id),
      );
      log.info(`request ${id} rejected by ${actorId}`);
      return request;
    },

    async cancel(id, actorId, options = {}) {
      const { request } = await update(
        id,
        (current) =>
          fromVerdict(current, decideCancel(current, actorId, clock.now()), () => ({
            write: advance(current, 'cancelled', actorId, 'cancelled by the requester'),
          })),
        () => acknowledge(options, id),
      );
      log.info(`request ${id} cancelled by ${actorId}`);
      return request;
    },

    async retry(id, actorId, options = {}) {
      const actorIsApprover = await isApprover(actorId);
      return claimAndRun(
        id,
        'failed',
        actorId,
        'retry',
        (current) => decideRetry(current, { actorIsApprover }),
        options,
      );
    },

    async attachConversation(id, conversation) {
      const valid = validConversation(conversation);
      const { request } = await update(id, (current) => {
        const shown = Math.max(valid.shownHistory ?? -1, current.conversation?.shownHistory ?? -1);
        return { write: { ...current, conversation: { ...valid, ...(shown >= 0 ? { shownHistory: shown } : {}) } } };
      });
      return request;
    },

    async recordShown(id, historyLength) {
      const { request } = await update(id, (current) => {
        const conversation = current.conversation;
        if (!conversation || (conversation.shownHistory ?? -1) >= historyLength) return { keep: true };
        return { write: { ...current, conversation: { ...conversation, shownHistory: historyLength } } };
      });
      return request;
    },

    get: load,

    async history({ limit, cursor }) {
      if (!Number.isInteger(limit) || limit < 1 || limit > HISTORY_LIMIT_MAX) {
        throw new InvalidInputError([
          { field: 'limit', message: `Ask for 1 to ${HISTORY_LIMIT_MAX} requests at a time.` },
        ]);
      }
      return store.list({ limit, ...(cursor === undefined ? {} : { cursor }) });
    },

    async expireDue() {
      const overdue = (await store.listByStatus(['pending'])).filter((r) => isOverdue(r, clock.now()));
      const done: ChangeRequest[] = [];
      for (const candidate of overdue) {
        const { request, wrote } = await update(candidate.id, (current) =>
          isOverdue(current, clock.now()) ? { write: expired(current) } : { keep: true },
        );
        if (wrote) {
          log.info(`request ${request.id} expired`);
          done.push(request);
        }
      }
      return done;
    },

    async recover() {
      try {
        for (const unshown of await store.listUnshown()) {
          log.info(`request ${unshown.id}: showing what a stop left unshown (${unshown.status})`);
          await notify(unshown, { recovery: true });
        }
      } catch (err) {
        log.error(`showing unshown requests failed: ${describeError(err)}`);
      }
      const finished: ChangeRequest[] = [];
      for (const candidate of await store.listByStatus(['approved', 'executing'])) {
        if (executing.has(candidate.id)) continue;
        try {
          const result =
            candidate.status === 'approved'
              ? await claimAndRun(candidate.id, 'approved', SYSTEM_ACTOR, `resumed by ${processId} after approval`)
              : await resume(candidate.id);
          if (result && (result.status === 'done' || result.status === 'failed')) {
            log.info(`request ${result.id} recovered: ${result.status}`);
            finished.push(result);
          }
        } catch (err) {
          log.error(`recovery of ${candidate.id} failed: ${describeError(err)}`);
        }
      }
      return finished;
    },

    onChange(listener) {
      listeners.push(listener);
    },
  };
}

function requireActor(actorId: string): void {
  if (typeof actorId !== 'string' || actorId.trim() === '') {
    throw new InvalidInputError([{ field: 'actorId', message: 'The person making the request is unknown.' }]);
  }
}

function validConversation(conversation: ConversationRef): ConversationRef {
  if (typeof conversation?.channelId !== 'string' || conversation.channelId.trim() === '') {
    throw new InvalidInputError([{ field: 'conversation', message: 'A conversation needs a channel id.' }]);
  }
  const { channelId, messageId, threadId, promptId, retryOfferId, shownHistory } = conversation;
  const given = (value: unknown): value is string => typeof value === 'string' && value !== '';
  return {
    channelId,
    ...(given(messageId) ? { messageId } : {}),
    ...(given(threadId) ? { threadId } : {}),
    ...(given(promptId) ? { promptId } : {}),
    ...(given(retryOfferId) ? { retryOfferId } : {}),
    ...(Number.isInteger(shownHistory) && (shownHistory ?? -1) >= 0 ? { shownHistory } : {}),
  };
}
