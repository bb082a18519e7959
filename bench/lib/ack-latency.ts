/**
 * `/secgroup new` under load: bursts of C signed commands written at once, each timed to its
 * HTTP 200 (the ack) and to the moment its views.open reaches the fake Web API. The targets (the
 * app and the bare Bolt apps) take turns burst by burst, the first of each turn rotating, so a
 * noisy moment on the shared machine falls on all of them.
 */
import type { Harness } from './harness.js';
import type { SlackCallMessage } from './messages.js';
import { cpuTimeMs } from './processes.js';
import { commandPayload, type SlackSender } from './slack-load.js';
import { roundSummary, type Summary, summarize } from './stats.js';

export interface Level {
  concurrency: number;
  /** Bursts each target gets. */
  bursts: number;
}

/** The app as npm start runs it; the app compiled with the production heap flags; the two baselines. */
export type TargetName = 'app' | 'appCompiled' | 'bare' | 'bareOneField';

export interface Target {
  name: TargetName;
  sender: SlackSender;
  /** The target's node process, whose CPU time each burst is charged with. */
  pid: number;
}

export interface Sample {
  ackMs: number;
  openMs: number;
  regionOptions: number;
}

export interface TargetRun {
  samples: Sample[];
  errors: string[];
  /** CPU time the target's process used during its bursts. */
  cpuMs: number;
}

export interface TargetLevelResult {
  ack: Summary;
  open: Summary;
  /** CPU per command, the steadiest measure of what the target does for each (tails vary from run to run). */
  cpuMsPerCommand: number;
  errors: number;
  errorExamples: string[];
}

/** p99 of the ack and of views.open, and CPU per command, each as app / baseline. */
export interface Ratios {
  ack: number;
  open: number;
  cpu: number;
}

export interface LevelResult {
  concurrency: number;
  targets: Partial<Record<TargetName, TargetLevelResult>>;
  /** app p99 / bare p99 (same form); app p99 / bare p99 (one-field form); compiled app p99 / bare p99. */
  ratio: Ratios;
  ratioOneField?: Ratios;
  ratioCompiled?: Ratios;
}

/** How long one modal may take to reach the Web API before it counts as an error. */
const OPEN_TIMEOUT_MS = 10_000;
/** A breath between bursts, so each starts on an idle target: 5 ms, 20 ms after a burst of 200. */
const burstGapMs = (concurrency: number) => Math.max(5, concurrency / 10);

let sequence = 0;

async function burst(harness: Harness, target: Target, concurrency: number): Promise<TargetRun> {
  const triggers = Array.from({ length: concurrency }, () => `bench.${target.name}.${++sequence}`);
  const cpuBefore = cpuTimeMs(target.pid);
  const outcomes = await Promise.all(
    triggers.map(async (trigger) => {
      const acked = await target.sender.send(
        'command',
        commandPayload({ text: 'new', trigger, responseUrl: harness.responseUrl(trigger) }),
      );
      if (acked.status !== 200) return `ack ${acked.status || acked.error}`;
      const opened: SlackCallMessage | undefined = await harness.slack.take(`open:${trigger}`, OPEN_TIMEOUT_MS);
      if (!opened) return `no views.open within ${OPEN_TIMEOUT_MS} ms`;
      return {
        ackMs: acked.answeredAt - acked.sentAt,
        openMs: opened.at - acked.sentAt,
        regionOptions: opened.regionOptions ?? 0,
      };
    }),
  );
  await new Promise((resolve) => setTimeout(resolve, burstGapMs(concurrency)));
  return {
    samples: outcomes.filter((o): o is Sample => typeof o !== 'string'),
    errors: outcomes.filter((o): o is string => typeof o === 'string'),
    cpuMs: cpuTimeMs(target.pid) - cpuBefore,
  };
}

function targetResult(run: TargetRun): TargetLevelResult {
  return {
    ack: roundSummary(summarize(run.samples.map((s) => s.ackMs))),
    open: roundSummary(summarize(run.samples.map((s) => s.openMs))),
    cpuMsPerCommand: run.cpuMs / Math.max(run.samples.length + run.errors.length, 1),
    errors: run.errors.length,
    errorExamples: [...new Set(run.errors)].slice(0, 3),
  };
}

function ratioOf(app: TargetLevelResult, base: TargetLevelResult): Ratios {
  return {
    ack: app.ack.p99 / base.ack.p99,
    open: app.open.p99 / base.open.p99,
    cpu: app.cpuMsPerCommand / base.cpuMsPerCommand,
  };
}

function levelResult(concurrency: number, runs: Partial<Record<TargetName, TargetRun>>): LevelResult {
  const targets: Partial<Record<TargetName, TargetLevelResult>> = {};
  for (const [name, run] of Object.entries(runs) as [TargetName, TargetRun][]) targets[name] = targetResult(run);
  const { app, appCompiled, bare, bareOneField } = targets;
  if (!app || !bare) throw new Error('a level needs the app and the bare Bolt app');
  return {
    concurrency,
    targets,
    ratio: ratioOf(app, bare),
    ...(bareOneField ? { ratioOneField: ratioOf(app, bareOneField) } : {}),
    ...(appCompiled ? { ratioCompiled: ratioOf(appCompiled, bare) } : {}),
  };
}

/** Waits, or sets things up, before a window of bursts; the cold-cache phase starts a fresh app there. */
export interface Windows {
  before(): Promise<Target[]>;
  /** No new turn starts once the window is this old. */
  lengthMs: number;
}

/**
 * Every level: `level.bursts` bursts for each target, taking turns. The targets come from
 * `windows.before()`, called again whenever a window has run out.
 */
export async function measureLevels(
  harness: Harness,
  levels: Level[],
  windows: Windows,
): Promise<{ levels: LevelResult[]; raw: Partial<Record<TargetName, TargetRun>>[] }> {
  const results: LevelResult[] = [];
  const raw: Partial<Record<TargetName, TargetRun>>[] = [];
  for (const level of levels) {
    const runs: Partial<Record<TargetName, TargetRun>> = {};
    let done = 0;
    while (done < level.bursts) {
      const targets = await windows.before();
      const opened = Date.now();
      while (done < level.bursts && Date.now() - opened < windows.lengthMs) {
        for (let i = 0; i < targets.length; i++) {
          const target = targets[(i + done) % targets.length];
          if (!target) continue;
          const run = await burst(harness, target, level.concurrency);
          const into = runs[target.name] ?? { samples: [], errors: [], cpuMs: 0 };
          runs[target.name] = into;
          into.samples.push(...run.samples);
          into.errors.push(...run.errors);
          into.cpuMs += run.cpuMs;
        }
        done += 1;
      }
    }
    results.push(levelResult(level.concurrency, runs));
    raw.push(runs);
  }
  return { levels: results, raw };
}
