/**
 * `/secgroup new` under load: bursts of C signed commands written at once, each timed to its
 * HTTP 200 (the ack) and to the moment its views.open reaches the fake Web API.
 */
import type { Harness } from './harness.js';
import type { SlackCallMessage } from './messages.js';
import { commandPayload, type SlackSender } from './slack-load.js';
import { roundSummary, type Summary, summarize } from './stats.js';

export interface Level {
  concurrency: number;
  /** Bursts each target gets. */
  bursts: number;
}

export interface Target {
  name: 'app' | 'bare';
  sender: SlackSender;
}

export interface Sample {
  ackMs: number;
  openMs: number;
  regionOptions: number;
}

export interface TargetRun {
  samples: Sample[];
  errors: string[];
}

export interface TargetLevelResult {
  ack: Summary;
  open: Summary;
  errors: number;
  errorExamples: string[];
}

export interface LevelResult {
  concurrency: number;
  app: TargetLevelResult;
  bare: TargetLevelResult;
  /** app p99 / bare p99. */
  ratio: { ack: number; open: number };
}

/** How long one modal may take to reach the Web API before it counts as an error. */
const OPEN_TIMEOUT_MS = 10_000;
/** A breath between bursts, so each starts on an idle app. */
const BURST_GAP_MS = 20;

let sequence = 0;

export async function burst(harness: Harness, target: Target, concurrency: number): Promise<TargetRun> {
  const triggers = Array.from({ length: concurrency }, () => `bench.${target.name}.${++sequence}`);
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
  await new Promise((resolve) => setTimeout(resolve, BURST_GAP_MS));
  return {
    samples: outcomes.filter((o): o is Sample => typeof o !== 'string'),
    errors: outcomes.filter((o): o is string => typeof o === 'string'),
  };
}

export function levelResult(concurrency: number, app: TargetRun, bare: TargetRun): LevelResult {
  const result = (run: TargetRun): TargetLevelResult => ({
    ack: roundSummary(summarize(run.samples.map((s) => s.ackMs))),
    open: roundSummary(summarize(run.samples.map((s) => s.openMs))),
    errors: run.errors.length,
    errorExamples: [...new Set(run.errors)].slice(0, 3),
  });
  const a = result(app);
  const b = result(bare);
  return {
    concurrency,
    app: a,
    bare: b,
    ratio: { ack: a.ack.p99 / b.ack.p99, open: a.open.p99 / b.open.p99 },
  };
}

export interface Window {
  /** Runs before each window of bursts (the cold-cache phase empties the cache there). */
  before(): Promise<void>;
  /** No new pair of bursts starts once the window is this old. */
  lengthMs: number;
}

const ENDLESS_WINDOW: Window = { before: async () => {}, lengthMs: Number.POSITIVE_INFINITY };

/**
 * Every level: `level.bursts` bursts for each target, the app and the bare Bolt app taking turns
 * burst by burst (and which goes first alternating), so a noisy moment falls on both.
 */
export async function measureLevels(
  harness: Harness,
  targets: { app: Target; bare: Target },
  levels: Level[],
  window: Window = ENDLESS_WINDOW,
): Promise<{ levels: LevelResult[]; raw: { app: TargetRun; bare: TargetRun }[] }> {
  const results: LevelResult[] = [];
  const raw: { app: TargetRun; bare: TargetRun }[] = [];
  for (const level of levels) {
    const runs = { app: { samples: [], errors: [] } as TargetRun, bare: { samples: [], errors: [] } as TargetRun };
    let done = 0;
    while (done < level.bursts) {
      await window.before();
      const opened = Date.now();
      while (done < level.bursts && Date.now() - opened < window.lengthMs) {
        const order = done % 2 === 0 ? (['bare', 'app'] as const) : (['app', 'bare'] as const);
        for (const name of order) {
          const run = await burst(harness, targets[name], level.concurrency);
          runs[name].samples.push(...run.samples);
          runs[name].errors.push(...run.errors);
        }
        done += 1;
      }
    }
    results.push(levelResult(level.concurrency, runs.app, runs.bare));
    raw.push(runs);
  }
  return { levels: results, raw };
}
