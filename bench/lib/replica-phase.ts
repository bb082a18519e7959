/**
 * Replicas: the full flow on one app with its SQLite file against two apps sharing one PostgreSQL
 * database, each flow's steps spread over them. Both go through the cloud timer, which times every
 * cloud call as the app waits for it, so Approve → rules posted can be told without the cloud's
 * time: what is left is the app's own (its handlers, store writes, card updates, Slack calls).
 */
import { type FlowResult, type Pacing, runFullFlows } from './full-flow.js';
import type { Harness } from './harness.js';
import type { CloudCallTime, CloudLatencyMessage, CloudTimesMessage } from './messages.js';
import type { IpcChild } from './processes.js';
import type { SlackSender } from './slack-load.js';
import { roundSummary, type Summary, summarize } from './stats.js';

export interface ReplicaRun {
  label: string;
  cloudLatencyMs: number;
  replicas: number;
  backend: 'sqlite' | 'postgres';
  flow: Omit<FlowResult, 'approvals'>;
  /** Cloud creates and Slack posts beyond one create and three posts (card, prompt, rules) per completed flow. */
  duplicates: { creates: number; posts: number };
  /** Approve → rules posted, less the time its cloud calls took (as the app waited for them). */
  ownApproveToRulesMs: Summary;
  /** That cloud time, per flow. */
  cloudInApproveMs: Summary;
  /** Flows whose create could not be tied to its calls (should be 0). */
  unattributed: number;
}

export interface RunningReplicas {
  senders: SlackSender[];
  pids: number[];
  stop(): Promise<void>;
}

/** Asks the cloud timer for the calls it timed since it was last asked. */
export function cloudTimes(timer: IpcChild): Promise<CloudCallTime[]> {
  return new Promise((resolve, reject) => {
    const timeout = setTimeout(() => reject(new Error('the cloud timer did not report')), 10_000);
    timer.onMessage((message) => {
      if (message.type !== 'cloud-times') return;
      clearTimeout(timeout);
      resolve((message as CloudTimesMessage).times);
    });
    timer.send({ type: 'cloud-times' });
  });
}

/** Tells the cloud timer to hold every call `ms` before passing it on; resolves once it has. */
function setCloudLatency(timer: IpcChild, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timeout = setTimeout(() => reject(new Error('the cloud timer did not answer')), 10_000);
    timer.onMessage((message) => {
      if (message.type !== 'cloud-latency' || (message as CloudLatencyMessage).ms !== ms) return;
      clearTimeout(timeout);
      resolve();
    });
    const ask: CloudLatencyMessage = { type: 'cloud-latency', ms };
    timer.send(ask);
  });
}

/** The read-back, after which an execution asks for the quota use (two calls at once, naming no group). */
const READ_BACK = 'DescribeSecurityGroupPolicies';
const QUOTA_CALLS = new Set(['DescribeSecurityGroupLimits', 'DescribeSecurityGroups']);

/** The time covered by these intervals, overlaps counted once (calls made at once wait together). */
function covered(intervals: CloudCallTime[]): number {
  let total = 0;
  let reach = Number.NEGATIVE_INFINITY;
  for (const t of [...intervals].sort((a, b) => a.start - b.start)) {
    if (t.end <= reach) continue;
    total += t.end - Math.max(t.start, reach);
    reach = t.end;
  }
  return total;
}

/**
 * The cloud's time in each flow, by name: its create (by the group's name), every call naming the
 * group it made, and the two quota calls that name none — given to the flow whose read-back ended
 * last before they arrived (the execution asks for them right after it), two per flow.
 */
function cloudMsByTag(times: CloudCallTime[]): Map<string, number> {
  const tagOfGroup = new Map<string, string>();
  for (const t of times) if (t.groupName && t.groupId) tagOfGroup.set(t.groupId, t.groupName);
  const calls = new Map<string, CloudCallTime[]>();
  const readBacks: { tag: string; end: number; quotaCalls: number }[] = [];
  for (const t of times) {
    const tag = t.groupName ?? (t.groupId ? tagOfGroup.get(t.groupId) : undefined);
    if (!tag) continue;
    calls.set(tag, [...(calls.get(tag) ?? []), t]);
    if (t.action === READ_BACK) readBacks.push({ tag, end: t.end, quotaCalls: 0 });
  }
  const unnamed = times.filter((t) => QUOTA_CALLS.has(t.action) && !t.groupId).sort((a, b) => a.start - b.start);
  for (const t of unnamed) {
    const owner = readBacks
      .filter((r) => r.end <= t.start && r.quotaCalls < 2)
      .reduce<(typeof readBacks)[number] | undefined>((best, r) => (!best || r.end > best.end ? r : best), undefined);
    if (!owner) continue;
    owner.quotaCalls += 1;
    calls.get(owner.tag)?.push(t);
  }
  return new Map([...calls].map(([tag, list]) => [tag, covered(list)]));
}

export async function runReplicaPhase(options: {
  harness: Harness;
  timer: IpcChild;
  label: string;
  replicas: number;
  backend: 'sqlite' | 'postgres';
  start(): Promise<RunningReplicas>;
  flows: number;
  concurrency: number;
  /** People's time between steps (see Pacing); unpaced when absent. */
  pacing?: Pacing;
  /** Added to every cloud call by the cloud timer (the cloud's time, taken out like the rest). */
  cloudLatencyMs?: number;
}): Promise<ReplicaRun> {
  const { harness, timer } = options;
  await harness.resetCloud();
  await setCloudLatency(timer, options.cloudLatencyMs ?? 0);
  const running = await options.start();
  try {
    await cloudTimes(timer);
    const { approvals, ...flow } = await runFullFlows(
      harness,
      running.senders,
      running.pids,
      options.flows,
      options.concurrency,
      options.pacing,
    );
    const cloudMs = cloudMsByTag(await cloudTimes(timer));
    const own: number[] = [];
    const cloud: number[] = [];
    let unattributed = 0;
    for (const a of approvals) {
      const ms = cloudMs.get(a.tag);
      if (ms === undefined) {
        unattributed += 1;
        continue;
      }
      cloud.push(ms);
      own.push(a.approveToRulesMs - ms);
    }
    return {
      label: options.label,
      cloudLatencyMs: options.cloudLatencyMs ?? 0,
      replicas: options.replicas,
      backend: options.backend,
      flow,
      duplicates: {
        creates: (flow.cloudCalls.CreateSecurityGroupWithPolicies ?? 0) - flow.completed,
        posts: (flow.slackCalls['chat.postMessage'] ?? 0) - 3 * flow.completed,
      },
      ownApproveToRulesMs: roundSummary(summarize(own)),
      cloudInApproveMs: roundSummary(summarize(cloud)),
      unattributed,
    };
  } finally {
    await running.stop();
  }
}
