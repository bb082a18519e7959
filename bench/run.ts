/**
 * `npm run bench`: how fast secgroup answers Slack, measured against bare Bolt apps on the same
 * machine in the same run, plus the full request flow, start-up, memory and history.
 *
 * Every process it needs is a child of its own (secgroup as `npm start` runs it, the bare Bolt
 * apps, a fake Slack Web API, the Tencent Cloud emulator), all on 127.0.0.1, so none shares an
 * event loop with this load generator. Everything started is stopped however the run ends.
 *
 * Options: --quick (fewer samples, to try the script), --profile (the long-running app writes a
 * .cpuprofile into the kept temporary folder), --keep (keep that folder: logs and databases),
 * --replicas (only the replicas phase: one app on SQLite against two on PostgreSQL).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { EMULATED_REGIONS } from '../src/devtools/tencent-emulator/regions.js';
import { loadRegions } from '../src/service/catalog/templates.js';
import { type Level, measureLevels, type Target } from './lib/ack-latency.js';
import { compileEntryPoints, type LaunchedApp, launchApp, type Runner } from './lib/app-launcher.js';
import { createBenchDatabase } from './lib/bench-database.js';
import { runFullFlows } from './lib/full-flow.js';
import { Harness } from './lib/harness.js';
import { measureHistory } from './lib/history.js';
import { describeMachine } from './lib/machine.js';
import {
  freePort,
  type IpcChild,
  killAllChildrenNow,
  liveMemory,
  memoryOf,
  REPO,
  startIpcChild,
  stopAllChildren,
  stopChild,
} from './lib/processes.js';
import { type RunningReplicas, runReplicaPhase } from './lib/replica-phase.js';
import { formatReplicas, type ReplicaResults, replicaTargets } from './lib/replica-report.js';
import {
  type BenchResults,
  type ColdCacheNote,
  checkTargets,
  type FlowMemory,
  formatReport,
  table,
} from './lib/report.js';
import { seedRequests } from './lib/seed.js';
import { APPROVER, commandPayload, SlackSender } from './lib/slack-load.js';
import { measureStartup } from './lib/startup.js';

const args = new Set(process.argv.slice(2));
const quick = args.has('--quick');
const profile = args.has('--profile');
const keep = args.has('--keep') || profile;
const replicasOnly = args.has('--replicas');

const SETTINGS = {
  startupRuns: quick ? 2 : 5,
  /** Bursts per target and level, cloud warm: enough that p99 is not the run's single worst moment. */
  warmLevels: (quick
    ? [
        { concurrency: 1, bursts: 60 },
        { concurrency: 10, bursts: 4 },
        { concurrency: 50, bursts: 2 },
        { concurrency: 200, bursts: 2 },
      ]
    : [
        { concurrency: 1, bursts: 1500 },
        { concurrency: 10, bursts: 100 },
        { concurrency: 50, bursts: 30 },
        { concurrency: 200, bursts: 10 },
      ]) satisfies Level[],
  /** Cloud slow and nothing cached: every window is a freshly started app, so fewer samples at 1. */
  coldLevels: (quick
    ? [
        { concurrency: 1, bursts: 40 },
        { concurrency: 10, bursts: 4 },
        { concurrency: 50, bursts: 2 },
        { concurrency: 200, bursts: 2 },
      ]
    : [
        { concurrency: 1, bursts: 300 },
        { concurrency: 10, bursts: 50 },
        { concurrency: 50, bursts: 16 },
        { concurrency: 200, bursts: 6 },
      ]) satisfies Level[],
  warmupBursts: quick ? 10 : 30,
  slowCloudLatencyMs: 2_000,
  /** With the slow cloud, a fresh app (nothing cached) serves a window this long; the cloud answers after 2 s. */
  coldWindowMs: 600,
  storedRequests: 10_000,
  historySamples: quick ? 20 : 100,
  flows: quick ? 100 : 1_000,
  flowConcurrency: 20,
  /** Full flows for each side of the replicas phase (one app on SQLite, two on PostgreSQL). */
  replicaFlows: quick ? 100 : 500,
  /** Then one flow at a time on one app: its own time when nothing queues. */
  replicaReferenceFlows: quick ? 50 : 200,
  /**
   * Then 20 flows in flight again, paced as people and a distant cloud pace them: each step after
   * the form opens or the prompt is posted waits 0.5–1.5 s, each cloud call 100 ms more (an
   * assumption: no Tencent Cloud endpoint is reachable from here to measure one), and the 20
   * people start within 3 s of each other rather than in one burst.
   */
  replicaPacedFlows: quick ? 60 : 300,
  replicaPacing: { thinkMs: [500, 1_500] as const, startSpreadMs: 3_000 },
  replicaCloudLatencyMs: 100,
  /** Production-style heap limits (old generation, and each young semi-space), measured beside the defaults. */
  heapCapFlags: ['--max-old-space-size=128', '--max-semi-space-size=8'],
  templatesFile: 'manifest/templates.yml',
  regionsFile: 'manifest/regions.yml',
};

const startedAt = new Date();
const work = await mkdtemp(join(tmpdir(), 'secgroup-bench-'));
const compiledDir = join(work, 'compiled');
const log = (name: string) => join(work, `${name}.log`);
const say = (text: string) => process.stdout.write(`${text}\n`);

// Credentials made up for this run; they only travel between this process and its children.
const signingSecret = randomBytes(32).toString('hex');
const botToken = `xoxb-bench-${randomBytes(12).toString('hex')}`;
const cloudSecretId = `AKIDBENCH${randomBytes(12).toString('hex')}`;
const cloudSecretKey = randomBytes(24).toString('hex');
/** Children get only these from this process's environment, never its credentials. */
const baseEnv = Object.fromEntries(
  ['PATH', 'HOME', 'LANG', 'TMPDIR'].flatMap((k) => (process.env[k] ? [[k, process.env[k]]] : [])),
) as Record<string, string>;

let interrupted = false;
const onSignal = (signal: NodeJS.Signals) => {
  if (interrupted) return;
  interrupted = true;
  say(`\n${signal}: stopping every bench process (logs: ${work})`);
  stopAllChildren().finally(() => process.exit(130));
};
process.once('SIGINT', onSignal);
process.once('SIGTERM', onSignal);
process.on('exit', killAllChildrenNow);

/** The app's whole configuration, set here so neither .env nor this shell's environment leaks in. */
function appEnv(
  harness: Harness,
  dbPath: string,
  port: number,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    ...baseEnv,
    SLACK_BOT_TOKEN: botToken,
    SLACK_SIGNING_SECRET: signingSecret,
    SLACK_APP_TOKEN: '',
    SLACK_API_URL: harness.slackApiUrl,
    PORT: String(port),
    SECGROUP_APPROVERS: APPROVER,
    SECGROUP_CHANNELS: '',
    SECGROUP_DEFAULT_REGION: 'ap-guangzhou',
    SECGROUP_REQUEST_TTL_HOURS: '24',
    SECGROUP_DB_PATH: dbPath,
    SECGROUP_TEMPLATES_FILE: SETTINGS.templatesFile,
    SECGROUP_REGIONS_FILE: SETTINGS.regionsFile,
    SECGROUP_CACHE_TTL_MINUTES: '60',
    LOG_LEVEL: 'info',
    TENCENTCLOUD_SECRET_ID: cloudSecretId,
    TENCENTCLOUD_SECRET_KEY: cloudSecretKey,
    TENCENTCLOUD_SESSION_TOKEN: '',
    TENCENTCLOUD_ENDPOINT: harness.emulator.url,
    TENCENTCLOUD_TIMEOUT_MS: '10000',
    TENCENTCLOUD_MAX_RETRIES: '4',
    ...extra,
  };
}

/** `npm start` with no credentials: local workspace, bot and emulator in one process, all on loopback. */
function localModeEnv(name: string, port: number): Record<string, string> {
  return {
    ...baseEnv,
    SLACK_BOT_TOKEN: '',
    SLACK_SIGNING_SECRET: '',
    SLACK_APP_TOKEN: '',
    TENCENTCLOUD_SECRET_ID: '',
    TENCENTCLOUD_SECRET_KEY: '',
    PORT: String(port),
    LOCAL_WORKSPACE_PORT: '0',
    EMULATOR_PORT: '0',
    SECGROUP_DB_PATH: join(work, `${name}.sqlite`),
    EMULATOR_STATE_FILE: join(work, `${name}-emulator.json`),
    LOG_LEVEL: 'info',
  };
}

let appCount = 0;
/** A secgroup process in HTTP mode against the fake Slack API and the emulator, with --expose-gc for memory figures. */
async function startApp(
  harness: Harness,
  dbPath: string,
  runner: Runner = 'tsx',
  nodeFlags: string[] = [],
  extraEnv: Record<string, string> = {},
): Promise<LaunchedApp> {
  appCount += 1;
  const port = await freePort();
  return launchApp({
    name: `secgroup ${appCount}`,
    runner,
    entry: 'bench/children/app-main.ts',
    compiledDir,
    env: appEnv(harness, dbPath, port, extraEnv),
    port,
    logFile: log(`app-${appCount}`),
    nodeFlags: ['--expose-gc', ...nodeFlags],
  });
}

/** Bursts of 10 `/secgroup new`, optionally one of 200 (so the connection pool is as big as the largest burst), then a pause. */
async function warmUp(harness: Harness, target: Target, bursts: number, bigBurst = true): Promise<void> {
  const send = (size: number, round: number) =>
    Promise.all(
      Array.from({ length: size }, (_, j) => {
        const id = `warmup.${target.name}.${round}.${j}`;
        return target.sender.send(
          'command',
          commandPayload({ text: 'new', trigger: id, responseUrl: harness.responseUrl(id) }),
        );
      }),
    );
  for (let i = 0; i < bursts; i++) await send(10, i);
  if (bigBurst) await send(200, bursts);
  await new Promise((resolve) => setTimeout(resolve, bigBurst ? 300 : 50));
}

/** The app's own form, as its views.open sent it: the bare Bolt app opens this same view. */
async function captureAppForm(harness: Harness, app: Target, name: string): Promise<string> {
  const trigger = `capture.${name}`;
  await app.sender.send('command', commandPayload({ text: 'new', trigger, responseUrl: harness.responseUrl(trigger) }));
  const opened = await harness.slack.take(`open:${trigger}`, 10_000);
  if (!opened?.view) throw new Error('could not capture the app’s form');
  const file = join(work, `app-form-${name}.json`);
  await writeFile(file, opened.view);
  return file;
}

interface BareApps {
  bare: Target;
  bareOneField: Target;
  processes: IpcChild[];
  stop(): Promise<void>;
}

/** The two baselines: a bare Bolt app opening `formFile` (the app's own form), and one opening a one-field form. */
async function startBareApps(harness: Harness, formFile: string, label: string): Promise<BareApps> {
  const env = {
    ...baseEnv,
    BENCH_SIGNING_SECRET: signingSecret,
    BENCH_SLACK_API_URL: harness.slackApiUrl,
    BENCH_BOT_TOKEN: botToken,
  };
  const processes = await Promise.all([
    startIpcChild(
      'bare Bolt app',
      'bench/children/bare-bolt-app.ts',
      { ...env, BENCH_MODAL_FILE: formFile },
      log(`bare-${label}`),
    ),
    startIpcChild(
      'bare Bolt app, one-field form',
      'bench/children/bare-bolt-app.ts',
      env,
      log(`bare-one-field-${label}`),
    ),
  ]);
  const [bareProcess, oneFieldProcess] = processes;
  const bare: Target = {
    name: 'bare',
    sender: new SlackSender(bareProcess.url, signingSecret),
    pid: bareProcess.process.pid ?? 0,
  };
  const bareOneField: Target = {
    name: 'bareOneField',
    sender: new SlackSender(oneFieldProcess.url, signingSecret),
    pid: oneFieldProcess.process.pid ?? 0,
  };
  return {
    bare,
    bareOneField,
    processes,
    async stop() {
      retries.bare += bare.sender.retries;
      retries.bareOneField += bareOneField.sender.retries;
      bare.sender.close();
      bareOneField.sender.close();
      for (const child of processes) await stopChild(child);
    },
  };
}

/** Kept-alive connections found closed and the request sent again, by target (see SlackSender). */
const retries = { app: 0, appCompiled: 0, bare: 0, bareOneField: 0 };

async function stopAppTarget(app: LaunchedApp, target: Target): Promise<void> {
  retries[target.name] += target.sender.retries;
  target.sender.close();
  await stopChild(app);
}

async function flowPhase(
  harness: Harness,
  label: string,
  runner: Runner,
  nodeFlags: string[],
): Promise<{ memory: FlowMemory; result: Awaited<ReturnType<typeof runFullFlows>> }> {
  await harness.resetCloud();
  const app = await startApp(harness, join(work, `flows-${appCount + 1}.sqlite`), runner, nodeFlags);
  const sender = new SlackSender(app.url, signingSecret);
  try {
    const afterStart = await memoryOf(app.nodePid);
    const result = await runFullFlows(harness, [sender], [app.nodePid], SETTINGS.flows, SETTINGS.flowConcurrency);
    const afterFlows = await memoryOf(app.nodePid);
    const live = await liveMemory(app.nodePid, app.logFile);
    return {
      memory: {
        label,
        nodeFlags,
        afterStartMb: afterStart.rssMb,
        afterFlowsMb: afterFlows.rssMb,
        peakMb: afterFlows.peakRssMb,
        liveHeapMb: live.heapUsedMb,
        heapTotalAfterGcMb: live.heapTotalMb,
        rssAfterGcMb: live.rssMb,
        flowsPerSecond: result.flowsPerSecond,
      },
      result,
    };
  } finally {
    sender.close();
    await stopChild(app);
  }
}

/** With --profile, node writes the app's CPU profile into profiles/<name> of the kept folder. */
function profileFlags(name: string): string[] {
  return profile ? ['--cpu-prof', `--cpu-prof-dir=${join(work, 'profiles', name)}`] : [];
}

/** Replicas behind a load balancer: `count` apps (tsx, as npm start) sharing `extraEnv`'s store, their cloud through the timer. */
async function startReplicaApps(
  harness: Harness,
  count: number,
  extraEnv: Record<string, string>,
  dbName: string,
): Promise<RunningReplicas> {
  const apps = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      startApp(harness, join(work, `${dbName}-${i}.sqlite`), 'tsx', profileFlags(`${dbName}-${i}`), extraEnv),
    ),
  );
  const senders = apps.map((app) => new SlackSender(app.url, signingSecret));
  return {
    senders,
    pids: apps.map((app) => app.nodePid),
    async stop() {
      for (const sender of senders) sender.close();
      for (const app of apps) await stopChild(app);
    },
  };
}

/** One app on its SQLite file, then two sharing a PostgreSQL database of their own, the same flows through each. */
async function measureReplicas(harness: Harness): Promise<ReplicaResults> {
  const timer = await startIpcChild(
    'cloud-timer',
    'bench/children/cloud-timer.ts',
    { ...baseEnv, BENCH_CLOUD_TARGET: harness.emulator.url },
    log('cloud-timer'),
  );
  const viaTimer = { TENCENTCLOUD_ENDPOINT: timer.url };
  const phase = { harness, timer, flows: SETTINGS.replicaFlows, concurrency: SETTINGS.flowConcurrency };
  try {
    say(`replicas: ${SETTINGS.replicaFlows} full flows on one app with SQLite …`);
    const one = await runReplicaPhase({
      ...phase,
      label: 'one app, SQLite',
      replicas: 1,
      backend: 'sqlite',
      start: () => startReplicaApps(harness, 1, viaTimer, 'replica-sqlite'),
    });
    const database = await createBenchDatabase();
    if ('unavailable' in database) return { runs: [one], skipped: database.unavailable };
    try {
      say(`replicas: ${SETTINGS.replicaFlows} full flows spread over two apps sharing PostgreSQL …`);
      const two = await runReplicaPhase({
        ...phase,
        label: 'two apps, PostgreSQL',
        replicas: 2,
        backend: 'postgres',
        start: () => startReplicaApps(harness, 2, { ...viaTimer, SECGROUP_DATABASE_URL: database.url }, 'unused'),
      });
      say(`replicas: ${SETTINGS.replicaReferenceFlows} full flows one at a time on one app with SQLite …`);
      const alone = await runReplicaPhase({
        ...phase,
        flows: SETTINGS.replicaReferenceFlows,
        concurrency: 1,
        label: 'one app, SQLite, one flow at a time',
        replicas: 1,
        backend: 'sqlite',
        start: () => startReplicaApps(harness, 1, viaTimer, 'replica-alone'),
      });
      const paced = {
        flows: SETTINGS.replicaPacedFlows,
        pacing: SETTINGS.replicaPacing,
        cloudLatencyMs: SETTINGS.replicaCloudLatencyMs,
      };
      say(`replicas: ${SETTINGS.replicaPacedFlows} paced flows on one app with SQLite …`);
      const onePaced = await runReplicaPhase({
        ...phase,
        ...paced,
        label: 'one app, SQLite, paced',
        replicas: 1,
        backend: 'sqlite',
        start: () => startReplicaApps(harness, 1, viaTimer, 'replica-sqlite-paced'),
      });
      say(`replicas: ${SETTINGS.replicaPacedFlows} paced flows spread over two apps sharing PostgreSQL …`);
      const twoPaced = await runReplicaPhase({
        ...phase,
        ...paced,
        label: 'two apps, PostgreSQL, paced',
        replicas: 2,
        backend: 'postgres',
        start: () => startReplicaApps(harness, 2, { ...viaTimer, SECGROUP_DATABASE_URL: database.url }, 'unused'),
      });
      return { runs: [one, two, alone, onePaced, twoPaced] };
    } finally {
      await database.drop();
    }
  } finally {
    await stopChild(timer);
  }
}

/** The fake Slack Web API and the emulator, each a child process. */
async function startHarness(): Promise<Harness> {
  const fakeSlack = await startIpcChild(
    'fake-slack-api',
    'bench/children/fake-slack-api.ts',
    baseEnv,
    log('fake-slack-api'),
  );
  const emulator = await startIpcChild(
    'emulator',
    'bench/children/emulator.ts',
    { ...baseEnv, BENCH_CLOUD_SECRET_ID: cloudSecretId, BENCH_CLOUD_SECRET_KEY: cloudSecretKey },
    log('emulator'),
  );
  return new Harness(fakeSlack, emulator);
}

/** `--replicas`: that phase alone. */
async function replicasMain(): Promise<{
  replicasOnly: true;
  startedAt: string;
  machine: ReturnType<typeof describeMachine>;
  replicas: ReplicaResults;
  loadAverageAfter: number[];
  targets: ReturnType<typeof replicaTargets>;
}> {
  const machine = describeMachine();
  say(
    `bench --replicas: ${machine.cpus} CPUs, Node ${machine.node}, load ${machine.loadAverage.join(' ')}; logs in ${work}`,
  );
  const replicas = await measureReplicas(await startHarness());
  return {
    replicasOnly: true,
    startedAt: startedAt.toISOString(),
    machine,
    replicas,
    loadAverageAfter: loadavg().map((l) => Math.round(l * 100) / 100),
    targets: replicaTargets(replicas),
  };
}

async function main(): Promise<BenchResults> {
  const machine = describeMachine();
  say(`bench: ${machine.cpus} CPUs, Node ${machine.node}; logs and databases in ${work}`);
  const harness = await startHarness();

  say('compiling the entry points with tsc (for the compiled figures) …');
  await compileEntryPoints(compiledDir, join(work, 'tsconfig.bench.json'));

  say('start-up …');
  const startup = [
    await measureStartup(
      {
        command: 'npm start (local mode)',
        runner: 'npm',
        entry: 'src/main.ts',
        env: (port) => localModeEnv('npm', port),
      },
      SETTINGS.startupRuns,
      compiledDir,
      log('startup-npm'),
    ),
  ];
  for (const runner of ['tsx', 'compiled'] as const) {
    const via = runner === 'tsx' ? 'tsx' : 'node, compiled:';
    startup.push(
      await measureStartup(
        {
          command: `${via} src/main.ts (local mode)`,
          runner,
          entry: 'src/main.ts',
          env: (port) => localModeEnv(`local-${runner}`, port),
        },
        SETTINGS.startupRuns,
        compiledDir,
        log(`startup-local-${runner}`),
      ),
      await measureStartup(
        {
          command: `${via} bench/children/app-main.ts (HTTP mode)`,
          runner,
          entry: 'bench/children/app-main.ts',
          env: (port) => appEnv(harness, join(work, `startup-${runner}.sqlite`), port),
        },
        SETTINGS.startupRuns,
        compiledDir,
        log(`startup-http-${runner}`),
      ),
    );
  }

  say(`seeding ${SETTINGS.storedRequests} requests …`);
  const dbPath = join(work, 'secgroup.sqlite');
  await seedRequests(dbPath, SETTINGS.storedRequests, join(REPO, SETTINGS.templatesFile));
  const app = await startApp(harness, dbPath, 'tsx', profileFlags('app'));
  const appTarget: Target = { name: 'app', sender: new SlackSender(app.url, signingSecret), pid: app.nodePid };
  try {
    say('warming up …');
    await warmUp(harness, appTarget, SETTINGS.warmupBursts);
    const bareApps = await startBareApps(harness, await captureAppForm(harness, appTarget, 'warm'), 'warm');
    const { bare, bareOneField } = bareApps;
    for (const target of [bare, bareOneField]) await warmUp(harness, target, SETTINGS.warmupBursts);
    harness.slack.clear();

    const compiled = await startApp(harness, join(work, 'compiled.sqlite'), 'compiled', SETTINGS.heapCapFlags);
    const compiledTarget: Target = {
      name: 'appCompiled',
      sender: new SlackSender(compiled.url, signingSecret),
      pid: compiled.nodePid,
    };
    await warmUp(harness, compiledTarget, SETTINGS.warmupBursts);
    harness.slack.clear();

    say('/secgroup new, cloud warm …');
    const warm = await measureLevels(harness, SETTINGS.warmLevels, {
      before: async () => [appTarget, compiledTarget, bare, bareOneField],
      lengthMs: Number.POSITIVE_INFINITY,
    });
    const afterBursts = await memoryOf(app.nodePid);
    const compiledAfterBursts = await memoryOf(compiled.nodePid);
    await stopAppTarget(compiled, compiledTarget);
    const bareAfterBursts = await memoryOf(bareApps.processes[0]?.process.pid ?? 0);

    say(`/secgroup history with ${SETTINGS.storedRequests} stored requests …`);
    const history = await measureHistory(harness, appTarget.sender, SETTINGS.storedRequests, SETTINGS.historySamples);
    await stopAppTarget(app, appTarget);
    await bareApps.stop();

    say(`/secgroup new, cloud answering after ${SETTINGS.slowCloudLatencyMs} ms, nothing cached …`);
    await harness.setCloudLatency(SETTINGS.slowCloudLatencyMs);
    // The form a fresh app offers (the manifest's regions, the Default project): the baseline opens the same.
    const probe = await startApp(harness, join(work, 'cold-probe.sqlite'));
    const probeTarget: Target = { name: 'app', sender: new SlackSender(probe.url, signingSecret), pid: probe.nodePid };
    const coldForm = await captureAppForm(harness, probeTarget, 'cold');
    await stopAppTarget(probe, probeTarget);
    let coldWindows = 0;
    let trio: { app: LaunchedApp; target: Target; bareApps: BareApps } | undefined;
    const stopTrio = async () => {
      if (!trio) return;
      await stopAppTarget(trio.app, trio.target);
      await trio.bareApps.stop();
      trio = undefined;
    };
    const slow = await measureLevels(harness, SETTINGS.coldLevels, {
      // Each window: the app on an empty database and both baselines, all freshly started and
      // warmed alike by 20 commands; the app's first command starts its 2-second catalog refresh.
      async before() {
        await stopTrio();
        coldWindows += 1;
        const [coldApp, coldBareApps] = await Promise.all([
          startApp(harness, join(work, `cold-${coldWindows}.sqlite`)),
          startBareApps(harness, coldForm, `cold-${coldWindows}`),
        ]);
        const target: Target = {
          name: 'app',
          sender: new SlackSender(coldApp.url, signingSecret),
          pid: coldApp.nodePid,
        };
        trio = { app: coldApp, target, bareApps: coldBareApps };
        const targets = [target, coldBareApps.bare, coldBareApps.bareOneField];
        for (const t of targets) await warmUp(harness, t, 2, false);
        return targets;
      },
      lengthMs: SETTINGS.coldWindowMs,
    });
    await stopTrio();
    await harness.setCloudLatency(0);
    harness.slack.clear();
    const manifestRegions = (await loadRegions(join(REPO, SETTINGS.regionsFile))).length;
    if (manifestRegions === EMULATED_REGIONS.length) throw new Error('cannot tell cold modals from warm ones');
    const slowCloudCache: ColdCacheNote[] = slow.raw.map((runs, i) => ({
      concurrency: SETTINGS.coldLevels[i]?.concurrency ?? 0,
      coldSamples: runs.app?.samples.filter((s) => s.regionOptions === manifestRegions).length ?? 0,
      samples: runs.app?.samples.length ?? 0,
    }));

    say(`${SETTINGS.flows} full flows, ${SETTINGS.flowConcurrency} in flight, as npm start runs the app (tsx) …`);
    const flows = await flowPhase(harness, 'tsx (npm start)', 'tsx', []);
    say(`${SETTINGS.flows} full flows, compiled …`);
    const compiledFlows = await flowPhase(harness, 'node, compiled', 'compiled', []);
    say(`${SETTINGS.flows} full flows, compiled, ${SETTINGS.heapCapFlags.join(' ')} …`);
    const cappedFlows = await flowPhase(harness, 'node, compiled, heap cap', 'compiled', SETTINGS.heapCapFlags);
    const replicas = await measureReplicas(harness);

    const finishedAt = new Date();
    const partial = {
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      durationSeconds: (finishedAt.getTime() - startedAt.getTime()) / 1000,
      machine,
      loadAverageAfter: loadavg().map((l) => Math.round(l * 100) / 100),
      settings: { ...SETTINGS, quick, profile, coldWindows },
      connectionRetries: retries,
      startup,
      ackWarmCloud: warm.levels,
      ackSlowCloud: slow.levels,
      slowCloudCache,
      history,
      fullFlow: flows.result,
      memory: {
        afterBursts,
        compiledAfterBursts,
        bareAfterBursts,
        flows: [flows.memory, compiledFlows.memory, cappedFlows.memory],
      },
      replicas,
    };
    return { ...partial, targets: checkTargets(partial) };
  } finally {
    appTarget.sender.close();
  }
}

let exitCode = 0;
try {
  const results = replicasOnly ? await replicasMain() : await main();
  await stopAllChildren();
  if (!('replicasOnly' in results)) say(formatReport(results));
  else {
    say(formatReplicas(results.replicas, table));
    say(
      table(
        ['', 'target', 'measured', ''],
        results.targets.map((t) => [t.name, t.target, t.value, t.met ? 'met' : 'MISSED']),
      ),
    );
    say(`load ${results.machine.loadAverage.join(' ')} → ${results.loadAverageAfter.join(' ')}`);
  }
  const resultsDir = join(REPO, 'bench/results');
  await mkdir(resultsDir, { recursive: true });
  const file = join(resultsDir, `${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
  say(`results: ${file}`);
  if (keep) say(`logs, databases${profile ? ' and CPU profiles' : ''}: ${work}`);
} catch (err) {
  exitCode = 1;
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.stderr.write(`logs: ${work}\n`);
} finally {
  await stopAllChildren();
  if (!keep && exitCode === 0) await rm(work, { recursive: true, force: true });
}
process.exit(exitCode);
