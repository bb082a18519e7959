/** The run's figures: checked against the targets, printed as tables, kept as JSON. */
import type { LevelResult } from './ack-latency.js';
import type { FlowResult } from './full-flow.js';
import type { HistoryResult } from './history.js';
import type { Machine } from './machine.js';
import type { Memory } from './processes.js';
import type { StartupResult } from './startup.js';
import { round } from './stats.js';

export interface ColdCacheNote {
  concurrency: number;
  /** App samples whose modal offered the manifest's regions (nothing cached yet). */
  coldSamples: number;
  samples: number;
}

export interface BenchResults {
  startedAt: string;
  finishedAt: string;
  durationSeconds: number;
  machine: Machine;
  loadAverageAfter: number[];
  settings: Record<string, unknown>;
  startup: StartupResult[];
  ackWarmCloud: LevelResult[];
  ackSlowCloud: LevelResult[];
  slowCloudCache: ColdCacheNote[];
  history: HistoryResult;
  fullFlow: FlowResult;
  memory: {
    /** The app's node process. */
    afterStart: Memory;
    afterFlows: Memory;
    requestsServed: number;
    /** The bare Bolt app (node with tsx's loader, like the app) after the same `/secgroup new` load. */
    bareAfterLoad: Memory;
    /** The tsx CLI process that `npm start` leaves running as the app's parent. */
    tsxCli: Memory;
  };
  targets: Target[];
}

export interface Target {
  name: string;
  target: string;
  value: string;
  met: boolean;
}

const RATIO_MAX = 1.25;

export function checkTargets(r: Omit<BenchResults, 'targets'>): Target[] {
  const targets: Target[] = [];
  for (const [label, levels] of [
    ['cloud warm', r.ackWarmCloud],
    ['cloud 2 s, cache cold', r.ackSlowCloud],
  ] as const) {
    for (const level of levels) {
      for (const metric of ['ack', 'open'] as const) {
        const ratio = level.ratio[metric];
        targets.push({
          name: `p99 ${metric === 'ack' ? 'ack' : 'views.open'} app/bare at ${level.concurrency} (${label})`,
          target: `≤ ${RATIO_MAX}`,
          value: `${round(ratio)} (${level.app[metric].p99} / ${level.bare[metric].p99} ms)`,
          met: ratio <= RATIO_MAX,
        });
      }
    }
  }
  const slow50 = r.ackSlowCloud.find((l) => l.concurrency === 50);
  if (slow50) {
    targets.push({
      name: 'modal p99 at 50 concurrent, cloud 2 s, cache cold',
      target: '< 300 ms',
      value: `${slow50.app.open.p99} ms`,
      met: slow50.app.open.p99 < 300,
    });
  }
  for (const [label, levels] of [
    ['cloud warm', r.ackWarmCloud],
    ['cloud 2 s', r.ackSlowCloud],
  ] as const) {
    const at200 = levels.find((l) => l.concurrency === 200);
    if (at200) {
      targets.push({
        name: `errors at 200 concurrent (${label})`,
        target: '0',
        value: String(at200.app.errors),
        met: at200.app.errors === 0,
      });
    }
  }
  const groups = r.fullFlow.completed;
  const perGroup = (action: string) => (r.fullFlow.cloudCalls[action] ?? 0) / Math.max(groups, 1);
  const executionCalls = perGroup('CreateSecurityGroupWithPolicies') + perGroup('DescribeSecurityGroupPolicies');
  targets.push({
    name: 'cloud calls per created group (create + read-back)',
    target: '2',
    value: `${round(executionCalls, 3)} (create ${round(perGroup('CreateSecurityGroupWithPolicies'), 3)}, read-back ${round(perGroup('DescribeSecurityGroupPolicies'), 3)})`,
    met: Math.abs(executionCalls - 2) < 1e-9,
  });
  targets.push({
    name: 'full flows completed',
    target: `${r.fullFlow.flows}, 0 errors`,
    value: `${r.fullFlow.completed}, ${r.fullFlow.errors} errors`,
    met: r.fullFlow.completed === r.fullFlow.flows && r.fullFlow.errors === 0,
  });
  for (const s of r.startup) {
    targets.push({
      name: `start-up, ${s.command} (median of ${s.runs.length})`,
      target: '< 1500 ms',
      value: `${s.median} ms (max ${s.max})`,
      met: s.median < 1500,
    });
  }
  targets.push({
    name: `RSS after ${r.fullFlow.completed} full flows`,
    target: '< 150 MB',
    value: `${round(r.memory.afterFlows.rssMb, 1)} MB (peak ${round(r.memory.afterFlows.peakRssMb, 1)})`,
    met: r.memory.afterFlows.rssMb < 150,
  });
  targets.push({
    name: `/secgroup history p99 with ${r.history.storedRequests} stored (command → answer)`,
    target: '< 50 ms',
    value: `${r.history.responseMs.p99} ms (ack ${r.history.ackMs.p99})`,
    met: r.history.responseMs.p99 < 50 && r.history.errors === 0,
  });
  return targets;
}

function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((row) => row.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? '').length)));
  const line = (row: string[]) => row.map((cell, i) => cell.padStart(widths[i] ?? 0)).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

function latencyTable(levels: LevelResult[]): string {
  return table(
    [
      'conc',
      'app ack p50/p95/p99',
      'bare ack p50/p95/p99',
      'ratio',
      'app open p50/p95/p99',
      'bare open p50/p95/p99',
      'ratio',
      'errors app/bare',
    ],
    levels.map((l) => [
      l.concurrency,
      `${l.app.ack.p50} / ${l.app.ack.p95} / ${l.app.ack.p99}`,
      `${l.bare.ack.p50} / ${l.bare.ack.p95} / ${l.bare.ack.p99}`,
      round(l.ratio.ack),
      `${l.app.open.p50} / ${l.app.open.p95} / ${l.app.open.p99}`,
      `${l.bare.open.p50} / ${l.bare.open.p95} / ${l.bare.open.p99}`,
      round(l.ratio.open),
      `${l.app.errors} / ${l.bare.errors}`,
    ]),
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
  return [
    '',
    `secgroup bench — ${m.cpus} × ${m.cpuModel}, ${m.memoryGb} GB, Node ${m.node}, load ${m.loadAverage.join(' ')} → ${r.loadAverageAfter.join(' ')}, ${round(r.durationSeconds, 0)} s`,
    '',
    'Start-up: spawn → the bot’s HTTP port answers (ms)',
    table(
      ['command', 'runs', 'median', 'max', 'RSS MB'],
      r.startup.map((s) => [s.command, s.runs.join(' '), s.median, s.max, s.memory ? round(s.memory.rssMb, 1) : '-']),
    ),
    '',
    '/secgroup new, cloud warm: signed request → HTTP 200 (ack), and → views.open at the Web API (open), ms',
    latencyTable(r.ackWarmCloud),
    '',
    '/secgroup new, cloud answering after 2 s, region/project cache emptied before each app batch (ms)',
    latencyTable(r.ackSlowCloud),
    table(
      ['conc', 'app samples with nothing cached'],
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
    `Full flow: ${f.completed} of ${f.flows} done, ${f.concurrency} in flight, ${f.errors} errors, ${round(f.wallSeconds, 1)} s → ${round(f.flowsPerSecond, 1)} requests/s`,
    table(
      ['ms', 'p50', 'p95', 'p99', 'max'],
      [
        ['command → rules posted', f.flowMs.p50, f.flowMs.p95, f.flowMs.p99, f.flowMs.max],
        [
          'approve → rules posted',
          f.approveToRulesMs.p50,
          f.approveToRulesMs.p95,
          f.approveToRulesMs.p99,
          f.approveToRulesMs.max,
        ],
        ['submit ack', f.submitAckMs.p50, f.submitAckMs.p95, f.submitAckMs.p99, f.submitAckMs.max],
        ['approve ack', f.approveAckMs.p50, f.approveAckMs.p95, f.approveAckMs.p99, f.approveAckMs.max],
      ],
    ),
    `cloud calls per request: ${round(total(f.cloudCalls) / Math.max(f.completed, 1), 3)} (${perFlow(f.cloudCalls)})`,
    `Slack calls per request: ${round(total(f.slackCalls) / Math.max(f.completed, 1), 3)} (${perFlow(f.slackCalls)})`,
    `RSS of the app's node process: ${round(r.memory.afterStart.rssMb, 1)} MB after start-up, ${round(r.memory.afterFlows.rssMb, 1)} MB after ${r.memory.requestsServed} commands incl. the flows (peak ${round(r.memory.afterFlows.peakRssMb, 1)} MB)`,
    `RSS of the bare Bolt app after the same /secgroup new load: ${round(r.memory.bareAfterLoad.rssMb, 1)} MB (peak ${round(r.memory.bareAfterLoad.peakRssMb, 1)} MB); tsx CLI parent of the app: ${round(r.memory.tsxCli.rssMb, 1)} MB`,
    '',
    'Targets',
    table(
      ['', 'target', 'measured', ''],
      r.targets.map((t) => [t.name, t.target, t.value, t.met ? 'met' : 'MISSED']),
    ),
    '',
  ].join('\n');
}
