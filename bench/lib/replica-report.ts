/** The replicas phase in the report: its table and its targets. */
import type { ReplicaRun } from './replica-phase.js';
import type { TargetCheck } from './report.js';
import { round, type Summary } from './stats.js';

export interface ReplicaResults {
  /** One app on SQLite, then two on PostgreSQL; empty with `skipped` when PostgreSQL did not answer. */
  runs: ReplicaRun[];
  skipped?: string;
}

/** The target for Approve → rules posted without the cloud's time, at 20 flows in flight. */
export const OWN_TIME_P99_MAX_MS = 50;
const OWN_TIME_CONCURRENCY = 20;

const ACKS = [
  ['command', 'commandAckMs'],
  ['submit', 'submitAckMs'],
  ['approve', 'approveAckMs'],
] as const;

/** The two runs compared: the first two runs of one and of two replicas (same flows in flight). */
function pair(r: ReplicaResults): { one?: ReplicaRun; two?: ReplicaRun } {
  const two = r.runs.find((x) => x.replicas === 2);
  const one = r.runs.find((x) => x.replicas === 1 && x.flow.concurrency === two?.flow.concurrency);
  return { ...(one ? { one } : {}), ...(two ? { two } : {}) };
}

export function replicaTargets(r: ReplicaResults): TargetCheck[] {
  const targets: TargetCheck[] = r.runs.flatMap((run) => [
    {
      name: `replicas: ${run.label}, full flows completed, duplicates`,
      target: `${run.flow.flows}, 0 errors, 0 duplicates`,
      value: `${run.flow.completed}, ${run.flow.errors} errors, ${run.duplicates.creates} extra creates, ${run.duplicates.posts} extra posts`,
      met:
        run.flow.completed === run.flow.flows &&
        run.flow.errors === 0 &&
        run.duplicates.creates === 0 &&
        run.duplicates.posts === 0,
    },
    ...(run.flow.concurrency !== OWN_TIME_CONCURRENCY
      ? []
      : [
          {
            name: `replicas: ${run.label}, Approve → rules posted less the cloud's time, p99 at ${run.flow.concurrency} in flight${run.flow.pacing ? '' : ' (closed loop: saturates the machine)'}`,
            target: `≤ ${OWN_TIME_P99_MAX_MS} ms`,
            value: `${run.ownApproveToRulesMs.p99} ms (p50 ${run.ownApproveToRulesMs.p50}; ${run.unattributed} flows unattributed)`,
            met: run.ownApproveToRulesMs.p99 <= OWN_TIME_P99_MAX_MS && run.unattributed === 0,
          },
        ]),
  ]);
  if (r.skipped) {
    targets.push({ name: 'replicas on PostgreSQL', target: 'measured', value: r.skipped, met: false });
  }
  return targets;
}

function describeRun(run: ReplicaRun): string {
  const pacing = run.flow.pacing ? `, ${run.flow.pacing.thinkMs.join('–')} ms before submit and before Approve` : '';
  const latency = run.cloudLatencyMs ? `, cloud calls +${run.cloudLatencyMs} ms` : '';
  return `${run.flow.flows} × ${run.label}, ${run.flow.concurrency} in flight${pacing}${latency}`;
}

export function formatReplicas(r: ReplicaResults, table: (headers: string[], rows: (string | number)[][]) => string) {
  if (r.runs.length === 0) return `Replicas: not measured (${r.skipped ?? 'no runs'})`;
  const triple = (s: Summary) => `${s.p50} / ${s.p95} / ${s.p99}`;
  const { one, two } = pair(r);
  const lines = [
    `Replicas: full flows (${r.runs.map(describeRun).join('; ')}), the cloud through the cloud timer (ms unless said)`,
    table(
      [
        '',
        'done / errors',
        'requests/s',
        'command ack p50/p95/p99',
        'submit ack',
        'approve ack',
        'approve → rules',
        'executions at once',
        'of it: cloud',
        'of it: the app',
        'dup creates / posts',
        'app CPU ms/request',
      ],
      r.runs.map((run) => [
        run.label,
        `${run.flow.completed} / ${run.flow.errors}`,
        round(run.flow.flowsPerSecond, 1),
        triple(run.flow.commandAckMs),
        triple(run.flow.submitAckMs),
        triple(run.flow.approveAckMs),
        triple(run.flow.approveToRulesMs),
        round((run.flow.approveToRulesMs.mean * run.flow.completed) / 1000 / run.flow.wallSeconds, 1),
        triple(run.cloudInApproveMs),
        triple(run.ownApproveToRulesMs),
        `${run.duplicates.creates} / ${run.duplicates.posts}`,
        round(run.flow.cpuMsPerRequest.app, 1),
      ]),
    ),
  ];
  if (one && two) {
    const ratios = ACKS.map(([name, key]) => `${name} ${round(two.flow[key].p99 / one.flow[key].p99)}`);
    lines.push(
      `two replicas on PostgreSQL / one on SQLite: ack p99 ${ratios.join(', ')}; throughput ${round(two.flow.flowsPerSecond / one.flow.flowsPerSecond)}`,
    );
  }
  return lines.join('\n');
}
