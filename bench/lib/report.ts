/** The run's figures: checked against the targets, printed as tables, kept as JSON. */
import type { LevelResult, TargetLevelResult, TargetName } from './ack-latency.js';
import type { FlowResult } from './full-flow.js';
import type { HistoryResult } from './history.js';
import type { Machine } from './machine.js';
import type { Memory } from './processes.js';
import { formatReplicas, type ReplicaResults, replicaTargets } from './replica-report.js';
import type { StartupResult } from './startup.js';
import { round, type Summary } from './stats.js';

export interface ColdCacheNote {
  concurrency: number;
  /** App samples whose modal offered the manifest's regions (nothing cached yet). */
  coldSamples: number;
  samples: number;
}

/** The app's node process around one run of full flows. */
export interface FlowMemory {
  label: string;
  nodeFlags: string[];
  afterStartMb: number;
  afterFlowsMb: number;
  peakMb: number;
  /** After a full garbage collection: what is really in use, and what stays reserved. */
  liveHeapMb: number;
  heapTotalAfterGcMb: number;
  rssAfterGcMb: number;
  flowsPerSecond: number;
}

export interface BenchResults {
  startedAt: string;
  finishedAt: string;
  durationSeconds: number;
  machine: Machine;
  loadAverageAfter: number[];
  settings: Record<string, unknown>;
  /** Requests the load generator sent again because a kept-alive connection was closed under them. */
  connectionRetries: Record<string, number>;
  startup: StartupResult[];
  ackWarmCloud: LevelResult[];
  ackSlowCloud: LevelResult[];
  slowCloudCache: ColdCacheNote[];
  history: HistoryResult;
  fullFlow: FlowResult;
  memory: {
    /** The long-running app after every `/secgroup new` burst of the warm phase. */
    afterBursts: Memory;
    /** The compiled app with the heap flags after the same bursts. */
    compiledAfterBursts: Memory;
    /** The bare Bolt app (same form) after the same bursts. */
    bareAfterBursts: Memory;
    flows: FlowMemory[];
  };
  replicas: ReplicaResults;
  targets: TargetCheck[];
}

export interface TargetCheck {
  name: string;
  target: string;
  value: string;
  met: boolean;
}

const RATIO_MAX = 1.25;

function targetOf(level: LevelResult, name: TargetName): TargetLevelResult | undefined {
  return level.targets[name];
}

export function checkTargets(r: Omit<BenchResults, 'targets'>): TargetCheck[] {
  const targets: TargetCheck[] = [];
  for (const [label, levels] of [
    ['cloud warm', r.ackWarmCloud],
    ['cloud 2 s, nothing cached', r.ackSlowCloud],
  ] as const) {
    for (const level of levels) {
      const app = targetOf(level, 'app');
      const bare = targetOf(level, 'bare');
      if (!app || !bare) continue;
      for (const metric of ['ack', 'open'] as const) {
        const ratio = level.ratio[metric];
        targets.push({
          name: `p99 ${metric === 'ack' ? 'ack' : 'views.open'} app/bare at ${level.concurrency} (${label})`,
          target: `≤ ${RATIO_MAX}`,
          value: `${round(ratio)} (${app[metric].p99} / ${bare[metric].p99} ms)`,
          met: ratio <= RATIO_MAX,
        });
      }
    }
  }
  const slow50 = r.ackSlowCloud.find((l) => l.concurrency === 50);
  const slow50App = slow50 && targetOf(slow50, 'app');
  if (slow50App) {
    targets.push({
      name: 'modal p99 at 50 concurrent, cloud 2 s, nothing cached',
      target: '< 300 ms',
      value: `${slow50App.open.p99} ms`,
      met: slow50App.open.p99 < 300,
    });
  }
  for (const [label, levels] of [
    ['cloud warm', r.ackWarmCloud],
    ['cloud 2 s', r.ackSlowCloud],
  ] as const) {
    const at200 = levels.find((l) => l.concurrency === 200);
    const app = at200 && targetOf(at200, 'app');
    if (app) {
      targets.push({
        name: `errors at 200 concurrent (${label})`,
        target: '0',
        value: String(app.errors),
        met: app.errors === 0,
      });
    }
  }
  const f = r.fullFlow;
  const perGroup = (action: string) => (f.cloudCalls[action] ?? 0) / Math.max(f.completed, 1);
  const create = perGroup('CreateSecurityGroupWithPolicies');
  const readBack = perGroup('DescribeSecurityGroupPolicies');
  // The quota reads the final card shows (issue 12) count too: every call a created group costs.
  const quota = perGroup('DescribeSecurityGroupLimits') + perGroup('DescribeSecurityGroups');
  targets.push({
    name: 'cloud calls per created group',
    target: '2 (create with its rules + read-back)',
    value: `${round(Object.values(f.cloudCalls).reduce((a, b) => a + b, 0) / Math.max(f.completed, 1), 3)} (create ${round(create, 3)}, read-back ${round(readBack, 3)}, quota reads ${round(quota, 3)})`,
    met: Math.abs(create - 1) < 1e-9 && Math.abs(readBack - 1) < 1e-9 && quota < 0.05,
  });
  targets.push({
    name: 'full flows completed',
    target: `${f.flows}, 0 errors`,
    value: `${f.completed}, ${f.errors} errors`,
    met: f.completed === f.flows && f.errors === 0,
  });
  for (const s of r.startup) {
    targets.push({
      name: `start-up, ${s.command}, median of ${s.runs.length}`,
      target: '< 1500 ms',
      value: `${s.median} ms (max ${s.max})`,
      met: s.median < 1500,
    });
  }
  for (const m of r.memory.flows) {
    targets.push({
      name: `RSS after ${f.flows} full flows, ${m.label}`,
      target: '< 150 MB',
      value: `${round(m.afterFlowsMb, 1)} MB (peak ${round(m.peakMb, 1)}, live heap ${round(m.liveHeapMb, 1)})`,
      met: m.afterFlowsMb < 150,
    });
  }
  const h = r.history;
  targets.push({
    name: `/secgroup history p99 with ${h.storedRequests} stored (command → answer)`,
    target: '< 50 ms',
    value: `${h.responseMs.p99} ms (ack ${h.ackMs.p99})`,
    met: h.responseMs.p99 < 50 && h.errors === 0,
  });
  targets.push(...replicaTargets(r.replicas));
  return targets;
}

export function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((row) => row.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? '').length)));
  const line = (row: string[]) => row.map((cell, i) => cell.padStart(widths[i] ?? 0)).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

const triple = (s: Summary | undefined) => (s ? `${s.p50} / ${s.p95} / ${s.p99}` : '-');

function latencyTable(levels: LevelResult[]): string {
  const cpu = (t: TargetLevelResult | undefined) => (t ? round(t.cpuMsPerCommand, 3) : '-');
  return table(
    [
      'conc',
      'app ack p50/p95/p99',
      'bare ack',
      'one-field ack',
      'ratio',
      'app open p50/p95/p99',
      'bare open',
      'one-field open',
      'ratio',
      'CPU ms/cmd app/bare/1-field',
      'CPU ratio',
      'vs 1-field ack/open/CPU',
      'errors',
    ],
    levels.map((l) => {
      const app = targetOf(l, 'app');
      const bare = targetOf(l, 'bare');
      const oneField = targetOf(l, 'bareOneField');
      const vsOneField = l.ratioOneField;
      return [
        l.concurrency,
        triple(app?.ack),
        triple(bare?.ack),
        triple(oneField?.ack),
        round(l.ratio.ack),
        triple(app?.open),
        triple(bare?.open),
        triple(oneField?.open),
        round(l.ratio.open),
        `${cpu(app)} / ${cpu(bare)} / ${cpu(oneField)}`,
        round(l.ratio.cpu),
        vsOneField ? `${round(vsOneField.ack)} / ${round(vsOneField.open)} / ${round(vsOneField.cpu)}` : '-',
        [app, bare, oneField].map((t) => t?.errors ?? '-').join(' / '),
      ];
    }),
  );
}

function compiledTable(levels: LevelResult[]): string {
  return table(
    [
      'conc',
      'ack p50/p95/p99',
      'ratio to bare',
      'open p50/p95/p99',
      'ratio to bare',
      'CPU ms/cmd',
      'CPU ratio',
      'errors',
    ],
    levels.map((l) => {
      const compiled = targetOf(l, 'appCompiled');
      const ratio = l.ratioCompiled;
      return [
        l.concurrency,
        triple(compiled?.ack),
        ratio ? round(ratio.ack) : '-',
        triple(compiled?.open),
        ratio ? round(ratio.open) : '-',
        compiled ? round(compiled.cpuMsPerCommand, 3) : '-',
        ratio ? round(ratio.cpu) : '-',
        compiled?.errors ?? '-',
      ];
    }),
  );
}

function flowTable(f: FlowResult): string {
  const row = (name: string, s: Summary) => [name, s.p50, s.p95, s.p99, s.max];
  return table(
    ['ms', 'p50', 'p95', 'p99', 'max'],
    [
      row('command → rules posted', f.flowMs),
      row('approve → rules posted', f.approveToRulesMs),
      row('submit ack', f.submitAckMs),
      row('approve ack', f.approveAckMs),
    ],
  );
}

export function formatReport(r: BenchResults): string {
  const m = r.machine;
  const f = r.fullFlow;
  const perFlow = (counts: Record<string, number>) =>
    Object.entries(counts)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `${k} ${round(v / Math.max(f.completed, 1), 3)}`)
      .join(', ');
  const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
  const mb = (v: number) => round(v, 1);
  return [
    '',
    `secgroup bench — ${m.cpus} × ${m.cpuModel}, ${m.memoryGb} GB, Node ${m.node}, load ${m.loadAverage.join(' ')} → ${r.loadAverageAfter.join(' ')}, ${round(r.durationSeconds, 0)} s`,
    '',
    'Start-up: spawn → the bot’s HTTP port answers (ms)',
    table(
      ['command', 'runs', 'median', 'max', 'RSS MB'],
      r.startup.map((s) => [s.command, s.runs.join(' '), s.median, s.max, s.memory ? mb(s.memory.rssMb) : '-']),
    ),
    '',
    '/secgroup new, cloud warm: signed request → HTTP 200 (ack), and → views.open at the Web API (open), ms.',
    'bare = bare Bolt app opening the app’s own form (same bytes); one-field = bare Bolt app opening a one-field form.',
    latencyTable(r.ackWarmCloud),
    '',
    `The same bursts, taking turns with the above: the app compiled, run by node ${r.memory.flows[2]?.nodeFlags.join(' ') ?? ''}`,
    compiledTable(r.ackWarmCloud),
    '',
    '/secgroup new, cloud answering after 2 s, a fresh app with nothing cached for each window (ms)',
    latencyTable(r.ackSlowCloud),
    table(
      ['conc', 'app modals offering the manifest’s regions (nothing cached)'],
      r.slowCloudCache.map((c) => [c.concurrency, `${c.coldSamples} of ${c.samples}`]),
    ),
    '',
    `/secgroup history with ${r.history.storedRequests} stored requests (${r.history.samples} in a row, ms)`,
    table(
      ['', 'p50', 'p95', 'p99', 'max'],
      [
        ['ack', r.history.ackMs.p50, r.history.ackMs.p95, r.history.ackMs.p99, r.history.ackMs.max],
        [
          'answer',
          r.history.responseMs.p50,
          r.history.responseMs.p95,
          r.history.responseMs.p99,
          r.history.responseMs.max,
        ],
      ],
    ),
    '',
    `Full flow (tsx, as npm start): ${f.completed} of ${f.flows} done, ${f.concurrency} in flight, ${f.errors} errors, ${round(f.wallSeconds, 1)} s → ${round(f.flowsPerSecond, 1)} requests/s`,
    flowTable(f),
    `cloud calls per request: ${round(total(f.cloudCalls) / Math.max(f.completed, 1), 3)} (${perFlow(f.cloudCalls)})`,
    `Slack calls per request: ${round(total(f.slackCalls) / Math.max(f.completed, 1), 3)} (${perFlow(f.slackCalls)})`,
    `CPU ms per request: app ${round(f.cpuMsPerRequest.app, 1)}, emulator ${round(f.cpuMsPerRequest.emulator, 1)}, fake Slack API ${round(f.cpuMsPerRequest.fakeSlack, 1)}`,
    '',
    `Memory of the app's node process (MB) around ${f.flows} full flows, each on a fresh process`,
    table(
      ['how it runs', 'after start', 'after flows', 'peak', 'live heap', 'heap after GC', 'RSS after GC', 'flows/s'],
      r.memory.flows.map((x) => [
        x.label + (x.nodeFlags.length > 0 ? ` (${x.nodeFlags.join(' ')})` : ''),
        mb(x.afterStartMb),
        mb(x.afterFlowsMb),
        mb(x.peakMb),
        mb(x.liveHeapMb),
        mb(x.heapTotalAfterGcMb),
        mb(x.rssAfterGcMb),
        round(x.flowsPerSecond, 1),
      ]),
    ),
    `After the warm /secgroup new bursts: app ${mb(r.memory.afterBursts.rssMb)} MB (peak ${mb(r.memory.afterBursts.peakRssMb)}), compiled with the heap flags ${mb(r.memory.compiledAfterBursts.rssMb)} MB (peak ${mb(r.memory.compiledAfterBursts.peakRssMb)}), bare Bolt app ${mb(r.memory.bareAfterBursts.rssMb)} MB (peak ${mb(r.memory.bareAfterBursts.peakRssMb)})`,
    '',
    formatReplicas(r.replicas, table),
    '',
    'Targets',
    table(
      ['', 'target', 'measured', ''],
      r.targets.map((t) => [t.name, t.target, t.value, t.met ? 'met' : 'MISSED']),
    ),
    '',
  ].join('\n');
}
