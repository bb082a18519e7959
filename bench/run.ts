/**
 * `npm run bench`: how fast secgroup answers Slack, measured against a bare Bolt app on the same
 * machine in the same run, plus the full request flow, start-up, memory and history.
 *
 * Every process it needs is a child of its own (the app as `npm start` runs it, the bare Bolt app,
 * a fake Slack Web API, the Tencent Cloud emulator), all on 127.0.0.1, so none shares an event
 * loop with this load generator. Everything started is stopped however the run ends.
 *
 * Options: --quick (fewer samples, for trying the script), --profile (the app writes a
 * .cpuprofile, see the log), --keep (keep the temporary folder with logs and databases).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { EMULATED_REGIONS } from '../src/cloud/emulator/regions.js';
import { loadRegions } from '../src/service/templates.js';
import { burst, type Level, measureLevels, type Target } from './lib/ack-latency.js';
import { openCatalogCache } from './lib/catalog-cache.js';
import { runFullFlows } from './lib/full-flow.js';
import { Harness } from './lib/harness.js';
import { measureHistory } from './lib/history.js';
import { describeMachine } from './lib/machine.js';
import {
  freePort,
  killAllChildrenNow,
  memoryOf,
  nodeProcessOf,
  REPO,
  startIpcChild,
  startTsxApp,
  stopAllChildren,
} from './lib/processes.js';
import { type BenchResults, type ColdCacheNote, checkTargets, formatReport } from './lib/report.js';
import { seedRequests } from './lib/seed.js';
import { APPROVER, SlackSender } from './lib/slack-load.js';
import { measureStartup } from './lib/startup.js';

const args = new Set(process.argv.slice(2));
const quick = args.has('--quick');
const profile = args.has('--profile');
const keep = args.has('--keep');

const SETTINGS = {
  startupRuns: quick ? 2 : 5,
  levels: (quick
    ? [
        { concurrency: 1, bursts: 40 },
        { concurrency: 10, bursts: 4 },
        { concurrency: 50, bursts: 2 },
        { concurrency: 200, bursts: 2 },
      ]
    : [
        { concurrency: 1, bursts: 500 },
        { concurrency: 10, bursts: 50 },
        { concurrency: 50, bursts: 16 },
        { concurrency: 200, bursts: 6 },
      ]) satisfies Level[],
  /** Cold-cache phase: bursts start only this long after the cache was emptied (the refresh takes 2 s). */
  coldWindowMs: 800,
  warmupBursts: quick ? 10 : 30,
  slowCloudLatencyMs: 2_000,
  storedRequests: 10_000,
  historySamples: quick ? 20 : 100,
  flows: quick ? 100 : 1_000,
  flowConcurrency: 20,
  templatesFile: 'manifest/templates.yml',
  regionsFile: 'manifest/regions.yml',
};

const startedAt = new Date();
const work = await mkdtemp(join(tmpdir(), 'secgroup-bench-'));
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
  say(`\n${signal}: stopping every bench process`);
  stopAllChildren().finally(() => process.exit(130));
};
process.once('SIGINT', onSignal);
process.once('SIGTERM', onSignal);
process.on('exit', killAllChildrenNow);

/** The app's whole configuration, set here so neither .env nor this shell's environment leaks in. */
function appEnv(harness: Harness, dbPath: string, port: number): Record<string, string> {
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
  };
}

/** `npm start` with no credentials: local workspace, bot and emulator in one process, all on loopback. */
function localModeEnv(port: number): Record<string, string> {
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
    SECGROUP_DB_PATH: join(work, 'local-mode.sqlite'),
    EMULATOR_STATE_FILE: join(work, 'local-mode-emulator.json'),
    LOG_LEVEL: 'info',
  };
}

async function main(): Promise<BenchResults> {
  const machine = describeMachine();
  say(`bench: ${machine.cpus} CPUs, Node ${machine.node}; logs and databases in ${work}`);
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
  const harness = new Harness(fakeSlack, emulator);

  say('start-up …');
  const startup = [
    await measureStartup(
      {
        command: 'tsx bench/children/app-main.ts (HTTP mode, fake Slack, emulator)',
        file: 'bench/children/app-main.ts',
        env: (port) => appEnv(harness, join(work, 'startup.sqlite'), port),
      },
      SETTINGS.startupRuns,
      log('startup'),
    ),
    await measureStartup(
      { command: 'tsx src/main.ts (npm start, local mode)', file: 'src/main.ts', env: localModeEnv },
      SETTINGS.startupRuns,
      log('startup-local-mode'),
    ),
  ];

  say(`seeding ${SETTINGS.storedRequests} requests …`);
  const dbPath = join(work, 'secgroup.sqlite');
  await seedRequests(dbPath, SETTINGS.storedRequests, join(REPO, SETTINGS.templatesFile));

  const appPort = await freePort();
  const app = await startTsxApp(
    'secgroup',
    'bench/children/app-main.ts',
    appEnv(harness, dbPath, appPort),
    appPort,
    log('app'),
    profile ? `--cpu-prof --cpu-prof-dir=${join(work, 'profiles')}` : undefined,
  );
  const appPid = await nodeProcessOf(app);
  if (appPid === undefined) throw new Error('could not find the app’s node process');
  const afterStart = await memoryOf(appPid);
  const bare = await startIpcChild(
    'bare-bolt-app',
    'bench/children/bare-bolt-app.ts',
    {
      ...baseEnv,
      BENCH_SIGNING_SECRET: signingSecret,
      BENCH_SLACK_API_URL: harness.slackApiUrl,
      BENCH_BOT_TOKEN: botToken,
    },
    log('bare-bolt-app'),
  );
  const targets: { app: Target; bare: Target } = {
    app: { name: 'app', sender: new SlackSender(app.url, signingSecret) },
    bare: { name: 'bare', sender: new SlackSender(bare.url, signingSecret) },
  };
  const cache = await openCatalogCache(dbPath);
  try {
    say('warming up …');
    for (const target of [targets.app, targets.bare]) {
      for (let i = 0; i < SETTINGS.warmupBursts; i++) await burst(harness, target, 10);
      await burst(harness, target, 200);
    }
    if (!(await cache.waitUntilWarm(15_000))) throw new Error('the app never cached the region and project lists');

    say('/secgroup new, cloud warm …');
    const warm = await measureLevels(harness, targets, SETTINGS.levels);

    say(`/secgroup history with ${SETTINGS.storedRequests} stored requests …`);
    const history = await measureHistory(harness, targets.app.sender, SETTINGS.storedRequests, SETTINGS.historySamples);

    say(`/secgroup new, cloud answering after ${SETTINGS.slowCloudLatencyMs} ms, cache cold …`);
    await harness.setCloudLatency(SETTINGS.slowCloudLatencyMs);
    const slow = await measureLevels(harness, targets, SETTINGS.levels, {
      // A cold cache with the refresh in flight: wait out the previous refresh, then empty it.
      async before() {
        if (!(await cache.waitUntilWarm(30_000))) throw new Error('the catalog refresh did not finish');
        await cache.clear();
      },
      lengthMs: SETTINGS.coldWindowMs,
    });
    await harness.setCloudLatency(0);
    const manifestRegions = (await loadRegions(join(REPO, SETTINGS.regionsFile))).length;
    if (manifestRegions === EMULATED_REGIONS.length) throw new Error('cannot tell cold from warm modals');
    const slowCloudCache: ColdCacheNote[] = slow.raw.map((run, i) => ({
      concurrency: SETTINGS.levels[i]?.concurrency ?? 0,
      coldSamples: run.app.samples.filter((s) => s.regionOptions === manifestRegions).length,
      samples: run.app.samples.length,
    }));

    say(`${SETTINGS.flows} full flows, ${SETTINGS.flowConcurrency} in flight …`);
    const fullFlow = await runFullFlows(harness, targets.app.sender, SETTINGS.flows, SETTINGS.flowConcurrency);
    const afterFlows = await memoryOf(appPid);
    const bareAfterLoad = await memoryOf(bare.process.pid ?? 0);
    const tsxCli = await memoryOf(app.process.pid ?? 0);
    const served = harness.slackCallCounts()['views.open'] ?? 0;

    const finishedAt = new Date();
    const partial = {
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      durationSeconds: (finishedAt.getTime() - startedAt.getTime()) / 1000,
      machine,
      loadAverageAfter: loadavg().map((l) => Math.round(l * 100) / 100),
      settings: { ...SETTINGS, quick, profile },
      startup,
      ackWarmCloud: warm.levels,
      ackSlowCloud: slow.levels,
      slowCloudCache,
      history,
      fullFlow,
      memory: { afterStart, afterFlows, requestsServed: served, bareAfterLoad, tsxCli },
    };
    return { ...partial, targets: checkTargets(partial) };
  } finally {
    await cache.close();
    targets.app.sender.close();
    targets.bare.sender.close();
  }
}

let exitCode = 0;
try {
  const results = await main();
  await stopAllChildren();
  say(formatReport(results));
  const resultsDir = join(REPO, 'bench/results');
  await mkdir(resultsDir, { recursive: true });
  const file = join(resultsDir, `${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
  say(`results: ${file}`);
  if (profile) say(`CPU profiles of the app: ${join(work, 'profiles')}`);
} catch (err) {
  exitCode = 1;
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.stderr.write(`logs: ${work}\n`);
} finally {
  await stopAllChildren();
  if (!keep && !profile && exitCode === 0) await rm(work, { recursive: true, force: true });
}
process.exit(exitCode);
