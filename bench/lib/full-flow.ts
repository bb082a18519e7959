/**
 * The whole story, N times with a fixed number in flight: `/secgroup new` → the modal opens →
 * Submit → the request card and the approval prompt are posted → an approver presses Approve →
 * the group is created on the emulator → its rules are posted in the thread. Slack calls are
 * counted at the fake Web API and cloud calls at the emulator. With several replicas, each flow's
 * steps go to different replicas in turn (command, submission and Approve each to the next one),
 * as a load balancer would spread them.
 */
import { difference, type Harness } from './harness.js';
import { cpuTimeMs } from './processes.js';
import { approvePayload, commandPayload, newGroupSubmission, type SlackSender } from './slack-load.js';
import { roundSummary, type Summary, summarize } from './stats.js';

export interface FlowResult {
  flows: number;
  concurrency: number;
  pacing?: Pacing;
  completed: number;
  errors: number;
  errorExamples: string[];
  wallSeconds: number;
  flowsPerSecond: number;
  /** Command sent → rules posted. */
  flowMs: Summary;
  /** Approve sent → rules posted (the execution: both cloud calls plus the card updates). */
  approveToRulesMs: Summary;
  commandAckMs: Summary;
  submitAckMs: Summary;
  approveAckMs: Summary;
  cloudCalls: Record<string, number>;
  slackCalls: Record<string, number>;
  /** CPU time per request of the app (every replica), the emulator and the fake Slack API (all threads). */
  cpuMsPerRequest: { app: number; emulator: number; fakeSlack: number };
  /** Each completed flow's name and its Approve → rules posted, for taking the cloud's time out. */
  approvals: { tag: string; approveToRulesMs: number }[];
}

/**
 * People between the steps of a paced flow: the requester fills the form after it opens, the
 * approver presses Approve after the prompt is posted, each after a time drawn from this range.
 * Unpaced flows send each step as soon as the last is answered (a closed loop that saturates).
 */
export interface Pacing {
  thinkMs: readonly [min: number, max: number];
  /** People do not all start at once: each worker's first flow starts within this long. */
  startSpreadMs: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function think(pacing: Pacing | undefined): Promise<unknown> {
  if (!pacing) return Promise.resolve();
  const [min, max] = pacing.thinkMs;
  return sleep(min + Math.random() * (max - min));
}

/** Each step of one flow must happen within this long. */
const STEP_TIMEOUT_MS = 30_000;

interface FlowTimes {
  tag: string;
  flowMs: number;
  approveToRulesMs: number;
  commandAckMs: number;
  submitAckMs: number;
  approveAckMs: number;
}

async function oneFlow(harness: Harness, apps: SlackSender[], n: number, pacing?: Pacing): Promise<FlowTimes> {
  const trigger = `bench.flow.${n}`;
  const tag = `bench-flow-${n}`;
  const replica = (step: number) => apps[(n + step) % apps.length] as SlackSender;
  const command = await replica(0).send(
    'command',
    commandPayload({ text: 'new', trigger, responseUrl: harness.responseUrl(trigger) }),
  );
  if (command.status !== 200) throw new Error(`command ack ${command.status || command.error}`);
  const opened = await harness.slack.take(`open:${trigger}`, STEP_TIMEOUT_MS);
  if (!opened?.privateMetadata) throw new Error('the modal did not open');
  await think(pacing);

  const submitted = await replica(1).send(
    'interaction',
    newGroupSubmission({ privateMetadata: opened.privateMetadata, name: tag, trigger: `${trigger}.submit` }),
  );
  if (submitted.status !== 200 || submitted.body !== '') {
    throw new Error(`submission answered ${submitted.status || submitted.error} ${submitted.body.slice(0, 200)}`);
  }
  const card = await harness.slack.take(`card:${tag}`, STEP_TIMEOUT_MS);
  if (!card?.ts) throw new Error('no request card');
  const prompt = await harness.slack.take(`prompt:${card.ts}`, STEP_TIMEOUT_MS);
  if (!prompt?.approveRequestId || !prompt.ts) throw new Error('no approval prompt');
  await think(pacing);

  const approved = await replica(2).send(
    'interaction',
    approvePayload({ requestId: prompt.approveRequestId, promptTs: prompt.ts, threadTs: card.ts }),
  );
  if (approved.status !== 200) throw new Error(`approve ack ${approved.status || approved.error}`);
  const rules = await harness.slack.take(`rules:${card.ts}`, STEP_TIMEOUT_MS);
  if (!rules) throw new Error('no rules posted');
  return {
    tag,
    flowMs: rules.at - command.sentAt,
    approveToRulesMs: rules.at - approved.sentAt,
    commandAckMs: command.answeredAt - command.sentAt,
    submitAckMs: submitted.answeredAt - submitted.sentAt,
    approveAckMs: approved.answeredAt - approved.sentAt,
  };
}

export async function runFullFlows(
  harness: Harness,
  apps: SlackSender[],
  appPids: number[],
  flows: number,
  concurrency: number,
  pacing?: Pacing,
): Promise<FlowResult> {
  const slackBefore = harness.slackCallCounts();
  const cloudBefore = await harness.cloudCallCounts();
  const pids = {
    app: appPids,
    emulator: [harness.emulator.process.pid ?? 0],
    fakeSlack: [harness.fakeSlack.process.pid ?? 0],
  };
  const cpuOf = (name: keyof typeof pids) => pids[name].reduce((sum, pid) => sum + cpuTimeMs(pid), 0);
  const cpuBefore = { app: cpuOf('app'), emulator: cpuOf('emulator'), fakeSlack: cpuOf('fakeSlack') };
  const times: FlowTimes[] = [];
  const errors: string[] = [];
  let next = 0;
  const startedAt = Date.now();
  const worker = async () => {
    if (pacing) await sleep(Math.random() * pacing.startSpreadMs);
    while (next < flows) {
      const n = next++;
      try {
        times.push(await oneFlow(harness, apps, n, pacing));
      } catch (err) {
        errors.push(err instanceof Error ? err.message : String(err));
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const wallSeconds = (Date.now() - startedAt) / 1000;
  // Card updates may still trail the last rules message.
  await harness.slackQuiet(500, 15_000);
  const perRequest = (name: keyof typeof pids) => (cpuOf(name) - cpuBefore[name]) / Math.max(times.length, 1);
  const pick = (key: Exclude<keyof FlowTimes, 'tag'>) => roundSummary(summarize(times.map((t) => t[key])));
  return {
    flows,
    concurrency,
    ...(pacing ? { pacing } : {}),
    completed: times.length,
    errors: errors.length,
    errorExamples: [...new Set(errors)].slice(0, 3),
    wallSeconds,
    flowsPerSecond: times.length / wallSeconds,
    flowMs: pick('flowMs'),
    approveToRulesMs: pick('approveToRulesMs'),
    commandAckMs: pick('commandAckMs'),
    submitAckMs: pick('submitAckMs'),
    approveAckMs: pick('approveAckMs'),
    cloudCalls: difference(await harness.cloudCallCounts(), cloudBefore),
    slackCalls: difference(harness.slackCallCounts(), slackBefore),
    cpuMsPerRequest: { app: perRequest('app'), emulator: perRequest('emulator'), fakeSlack: perRequest('fakeSlack') },
    approvals: times.map((t) => ({ tag: t.tag, approveToRulesMs: t.approveToRulesMs })),
  };
}
