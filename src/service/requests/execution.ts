/**
 * Carrying out approved requests, exactly once across processes and hosts.
 *
 * Who executes a request is decided by a lease stored with it: the process that moves it to
 * `executing` (by compare-and-set) holds the lease and renews it by heartbeat while the cloud work
 * runs. When that process dies, its lease lapses within `leaseMs` and any other process — a restart,
 * another replica on another host — takes the request over; a restart on the same host does so at
 * once when the owner's process is certainly gone. A take-over counts as "after an earlier
 * attempt": the performer looks before it writes (the create is found by its tag, rules by content).
 *
 * On shutdown (drain) a process gives its executions a bounded time to finish; the leases of those
 * still running are then handed over (their end set to now, by compare-and-set on the owner), so
 * another process takes them over at once instead of after the lease's lifetime.
 */
import type { Clock } from '../../lib/clock.js';
import { type Log, logFields } from '../../lib/log.js';
import { isGoneLocalProcess } from '../../lib/process-identity.js';
import { settledBy } from '../../lib/settled-by.js';
import type { ActionOptions } from '../api.js';
import { DomainError } from '../errors.js';
import type { Verdict } from '../policy/approval-policy.js';
import type { CloudProvider, RequestStore, ServiceMetrics } from '../ports.js';
import type { ChangeRequest, ExecutionLease, RequestStatus } from '../types.js';
import { perform } from './changes/perform.js';
import { failureOf } from './execution-failure.js';
import { type RequestWrites, type Step, SYSTEM_ACTOR } from './request-writes.js';
import { appliedGrantPatch } from './temporary/grants.js';

export const DEFAULT_EXECUTION_LEASE_MS = 15_000;

export interface Executor {
  /** A fresh lease for this process. */
  newLease(): ExecutionLease;
  /**
   * Moves the request from `from` into `executing` under this process's lease and runs it. Returns
   * the request as it is when another process holds it, or it has left `from` meanwhile.
   */
  claimAndRun(
    id: string,
    from: 'approved' | 'failed',
    actorId: string,
    reason: string,
    options?: { verdict?: (current: ChangeRequest) => Verdict; onStored?: ActionOptions['onStored'] },
  ): Promise<ChangeRequest>;
  /** Finishes requests left `approved` or `executing` whose owner is gone; returns those finished. */
  resumeInterrupted(): Promise<ChangeRequest[]>;
  /** Resolves once every execution this process runs has recorded its outcome. */
  idle(): Promise<void>;
  /**
   * Shutting down: waits up to `timeoutMs` for the executions this process runs, then hands the
   * lease of each one still running over and claims nothing more. Resolves with the ids handed over.
   */
  drain(timeoutMs: number): Promise<string[]>;
}

export interface ExecutorDeps {
  store: RequestStore;
  cloud: CloudProvider;
  writes: RequestWrites;
  clock: Clock;
  log: Log;
  processId: string;
  leaseMs?: number;
  metrics?: Pick<ServiceMetrics, 'executionFinished' | 'executionTakenOver'>;
  /** Turns a refusal or an expiry into a step, as the lifecycle does. */
  fromVerdict(current: ChangeRequest, verdict: Verdict, allowed: () => Step): Step;
}

function stackOf(err: unknown): string {
  return err instanceof Error ? (err.stack ?? `${err.name}: ${err.message}`) : String(err);
}

function describeError(err: unknown): string {
  if (err instanceof DomainError) return `${err.code}: ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}

interface Heartbeat {
  /** Stops renewing, and waits for a renewal on its way, so nothing moves the lease after this. */
  stop(): Promise<void>;
}

export function createExecutor(deps: ExecutorDeps): Executor {
  const { store, cloud, writes, clock, log, processId, fromVerdict, metrics } = deps;
  const leaseMs = deps.leaseMs ?? DEFAULT_EXECUTION_LEASE_MS;
  /** Executions this process runs now, by request id, and their heartbeats. */
  const running = new Map<string, Promise<ChangeRequest>>();
  const heartbeats = new Map<string, Heartbeat>();
  /** Set by drain once the time for executions is up: no more claims or take-overs. */
  let closed = false;

  const newLease = () => ({ owner: processId, expiresAt: new Date(clock.now().getTime() + leaseMs).toISOString() });

  /** Whether another live process holds the request's lease. */
  function heldElsewhere(request: ChangeRequest): boolean {
    const { lease } = request;
    if (!lease || lease.owner === processId) return false;
    if (isGoneLocalProcess(lease.owner, processId)) return false;
    return clock.now().getTime() < Date.parse(lease.expiresAt);
  }

  /** Renews the lease a third of its lifetime before it would lapse, until stopped. */
  function heartbeat(id: string): Heartbeat {
    let renewal: Promise<void> = Promise.resolve();
    const timer = setInterval(
      () => {
        renewal = store.renewLease(id, processId, newLease().expiresAt).then(
          (held) => {
            if (!held) log.warn(`request ${id}: lease no longer held by ${processId}`);
          },
          (err: unknown) => log.warn(`request ${id}: lease renewal failed: ${describeError(err)}`),
        );
      },
      Math.max(100, Math.floor(leaseMs / 3)),
    );
    timer.unref();
    return {
      stop() {
        clearInterval(timer);
        return renewal;
      },
    };
  }

  async function recordOutcome(claimed: ChangeRequest, afterEarlierAttempt: boolean): Promise<ChangeRequest> {
    const beat = heartbeat(claimed.id);
    heartbeats.set(claimed.id, beat);
    const started = performance.now();
    let to: RequestStatus;
    let patch: Partial<ChangeRequest>;
    let reason: string;
    try {
      const result = await perform(claimed, afterEarlierAttempt, { cloud, clock, log, writes });
      to = 'done';
      patch = { result, failure: undefined, ...appliedGrantPatch(claimed, result.completedAt) };
      reason = `applied to ${result.securityGroupId}`;
    } catch (err) {
      if (!(err instanceof DomainError))
        log.error(`request ${claimed.id}: execution failed unexpectedly: ${stackOf(err)}`);
      const failure = failureOf(err);
      to = 'failed';
      patch = { failure };
      reason = `cloud error ${failure.code}${failure.live ? `; ${failure.live}` : ''}`;
      log.warn(
        `request ${claimed.id} failed: ${failure.code}`,
        logFields({ event: 'execution.failed', requestId: claimed.id, actor: SYSTEM_ACTOR, code: failure.code }),
      );
    } finally {
      heartbeats.delete(claimed.id);
      void beat.stop();
    }
    metrics?.executionFinished(claimed.kind, to, (performance.now() - started) / 1000);
    const { request } = await writes.update(claimed.id, (current) =>
      current.status === 'executing' && current.lease?.owner === processId
        ? { write: writes.advance(current, to, SYSTEM_ACTOR, reason, { ...patch, lease: undefined }) }
        : { keep: true },
    );
    if (request.status === 'done') {
      log.info(
        `request ${request.id} done: ${request.result?.securityGroupId}`,
        logFields({
          event: 'execution.done',
          requestId: request.id,
          actor: SYSTEM_ACTOR,
          securityGroupId: request.result?.securityGroupId,
        }),
      );
    }
    return request;
  }

  function run(claimed: ChangeRequest, afterEarlierAttempt: boolean): Promise<ChangeRequest> {
    const execution = recordOutcome(claimed, afterEarlierAttempt).finally(() => running.delete(claimed.id));
    running.set(claimed.id, execution);
    return execution;
  }

  async function claimAndRun(
    id: string,
    from: 'approved' | 'failed',
    actorId: string,
    reason: string,
    options: { verdict?: (current: ChangeRequest) => Verdict; onStored?: ActionOptions['onStored'] } = {},
  ): Promise<ChangeRequest> {
    let afterEarlierAttempt = false;
    const verdict = options.verdict ?? (() => ({ kind: 'allow' }) as const);
    const { request, wrote } = await writes.update(
      id,
      (current) =>
        fromVerdict(current, verdict(current), () => {
          if (closed || current.status !== from || heldElsewhere(current) || running.has(id)) return { keep: true };
          afterEarlierAttempt = current.history.some((h) => h.to === 'executing');
          return { write: writes.advance(current, 'executing', actorId, reason, { lease: newLease() }) };
        }),
      options.onStored,
    );
    if (wrote) return run(request, afterEarlierAttempt);
    // Approved while shutting down: the lease the approval took is handed over with the rest.
    if (closed && request.lease?.owner === processId) await handOver(id);
    return request;
  }

  /** Takes over an `executing` request whose lease has lapsed and finishes it. */
  async function takeOver(id: string): Promise<ChangeRequest | undefined> {
    const { request, wrote } = await writes.update(id, (current) => {
      if (closed || current.status !== 'executing' || heldElsewhere(current) || running.has(id)) return { keep: true };
      return {
        write: writes.advance(current, 'executing', SYSTEM_ACTOR, `resumed by ${processId} after an interruption`, {
          lease: newLease(),
        }),
      };
    });
    if (!wrote) return undefined;
    metrics?.executionTakenOver(request.kind);
    return run(request, true);
  }

  async function idle(): Promise<void> {
    while (running.size > 0) await Promise.allSettled([...running.values()]);
  }

  /** Ends this process's lease now, so another process takes the request over at once. */
  async function handOver(id: string): Promise<boolean> {
    await heartbeats.get(id)?.stop();
    const released = await store.releaseLease(id, processId, clock.now().toISOString());
    if (released) {
      log.info(
        `request ${id}: execution handed over (lease released by ${processId})`,
        logFields({ event: 'execution.handed-over', requestId: id, actor: SYSTEM_ACTOR }),
      );
    }
    return released;
  }

  return {
    newLease,
    claimAndRun,
    async resumeInterrupted() {
      if (closed) return [];
      const candidates = (await store.listByStatus(['approved', 'executing'])).filter(
        (c) => !running.has(c.id) && !heldElsewhere(c),
      );
      // Independent requests: one slow cloud call does not hold up the others' recovery.
      const results = await Promise.all(
        candidates.map(async (candidate) => {
          try {
            return candidate.status === 'approved'
              ? await claimAndRun(candidate.id, 'approved', SYSTEM_ACTOR, `resumed by ${processId} after approval`)
              : await takeOver(candidate.id);
          } catch (err) {
            log.error(`recovery of ${candidate.id} failed: ${describeError(err)}`);
            return undefined;
          }
        }),
      );
      const finished = results.filter(
        (r): r is ChangeRequest => r !== undefined && (r.status === 'done' || r.status === 'failed'),
      );
      for (const result of finished) {
        log.info(
          `request ${result.id} recovered: ${result.status}`,
          logFields({ event: 'execution.recovered', requestId: result.id, actor: SYSTEM_ACTOR, status: result.status }),
        );
      }
      return finished;
    },
    idle,
    async drain(timeoutMs) {
      await settledBy(idle(), Date.now() + timeoutMs);
      closed = true;
      const unfinished = [...running.keys()];
      const handedOver = await Promise.all(
        unfinished.map((id) =>
          handOver(id).catch((err: unknown) => {
            log.warn(`request ${id}: could not hand the execution over: ${describeError(err)}`);
            return false;
          }),
        ),
      );
      return unfinished.filter((_id, i) => handedOver[i]);
    },
  };
}
