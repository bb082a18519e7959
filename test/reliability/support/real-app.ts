/**
 * The real app for the reliability suite, with only the edges replaced: Slack's Web API by the
 * recording fake, Tencent Cloud by the emulator (reached over HTTP through the real provider,
 * optionally through a gate), both on 127.0.0.1. The app runs in "real" mode for both, with the
 * fake secrets and the production Web API retry policy. In this process it is started by the one
 * test helper (test/helpers/test-secgroup.ts), on an emulator started and configured as that
 * helper's (test/helpers/test-emulator.ts); a crash test runs the same configuration as a child
 * process (app-child.ts → app-process.ts, startSecgroup from the environment as `npm start`).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningSecgroup, SecgroupOverrides } from '../../../src/secgroup.js';
import type { RequestStore } from '../../../src/service/ports.js';
import type { PresentationRecord, PresentationStore } from '../../../src/slack/presentation/presentation-record.js';
import { type OpenStore, openStore } from '../../../src/store/open-store.js';
import { createPresentationStore } from '../../../src/store/presentation-store.js';
import { type CloudGate, startCloudGate } from '../../helpers/cloud-gate.js';
import type { LogLine } from '../../helpers/recording-logger.js';
import { type FakeSlackApi, startFakeSlackApi } from '../../helpers/slack-api.js';
import type { SignOptions, SlackRequestKind } from '../../helpers/slack-request.js';
import type { TestDatabase } from '../../helpers/test-databases.js';
import {
  type EmulatorOptions,
  emulatorEnv,
  type RunningEmulator,
  startTestEmulator,
} from '../../helpers/test-emulator.js';
import { startTestSecgroup } from '../../helpers/test-secgroup.js';
import { FAKE_SECRETS } from './fake-secrets.js';

export const APPROVERS = ['U0APPROVER1', 'U0APPROVER2', 'U0APPROVER3'];
export const [APPROVER_1 = '', APPROVER_2 = '', APPROVER_3 = ''] = APPROVERS;

export interface RealAppOptions {
  /** Environment on top of the defaults below (SECGROUP_CHANNELS, TENCENTCLOUD_MAX_RETRIES…). */
  env?: Record<string, string>;
  emulator?: Partial<EmulatorOptions>;
  /** Put a gate between the app and the emulator. */
  gate?: boolean;
  /** The database the app keeps its data in (replicas share PostgreSQL); a SQLite file in `dir` if unset. */
  database?: TestDatabase;
  /** Composition-root settings on top of the production ones below (in-process apps only). */
  overrides?: Partial<SecgroupOverrides>;
}

/** What the app and its stand-ins share between a test and a child process running the app. */
export interface Edges {
  dir: string;
  dbPath: string;
  emulatorStateFile: string;
  slackApi: FakeSlackApi;
  emulator: RunningEmulator;
  gate?: CloudGate;
  /** The environment the app is started with. */
  env: Record<string, string>;
  /** Reads the app's database as a second process would. */
  store: RequestStore;
  presentations: PresentationStore;
  stop(): Promise<void>;
}

export interface RealApp extends Edges {
  running: RunningSecgroup;
  url: string;
  /** What the app logged, one `level text` line each. */
  logs: string[];
  logLines: LogLine[];
  send(kind: SlackRequestKind, payload: object, sign?: Partial<SignOptions>): Promise<Response>;
}

/** The Slack fake, the emulator (and gate), a temp folder, and the app's environment. */
export async function startEdges(options: RealAppOptions = {}): Promise<Edges> {
  const dir = await mkdtemp(join(tmpdir(), 'secgroup-reliability-'));
  const dbPath = join(dir, 'secgroup.sqlite');
  const emulatorStateFile = join(dir, 'emulator.json');
  const slackApi = await startFakeSlackApi();
  const credentials = { secretId: FAKE_SECRETS.tencentSecretId, secretKey: FAKE_SECRETS.tencentSecretKey };
  const emulator = await startTestEmulator({
    ...credentials,
    stateFile: emulatorStateFile,
    groupQuota: 1000,
    ...options.emulator,
  });
  const gate = options.gate ? await startCloudGate(emulator.url) : undefined;
  const env: Record<string, string> = {
    SLACK_BOT_TOKEN: FAKE_SECRETS.slackBotToken,
    SLACK_SIGNING_SECRET: FAKE_SECRETS.slackSigningSecret,
    SLACK_API_URL: slackApi.apiUrl,
    PORT: '0',
    SECGROUP_APPROVERS: APPROVERS.join(','),
    SECGROUP_DB_PATH: dbPath,
    LOG_LEVEL: 'debug',
    ...emulatorEnv(emulator, credentials, gate?.url),
    TENCENTCLOUD_MAX_RETRIES: '2',
    ...options.database?.env,
    ...options.env,
  };
  const opened: OpenStore = await openStore(options.database?.options ?? { sqlitePath: dbPath });
  return {
    dir,
    dbPath,
    emulatorStateFile,
    slackApi,
    emulator,
    ...(gate ? { gate } : {}),
    env,
    store: opened.requests,
    presentations: createPresentationStore<PresentationRecord>(opened.db),
    async stop() {
      await opened.close();
      await gate?.stop();
      await emulator.stop();
      await slackApi.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export async function startRealApp(options: RealAppOptions = {}): Promise<RealApp> {
  const edges = await startEdges(options);
  let app: Awaited<ReturnType<typeof startTestSecgroup>>;
  try {
    app = await startTestSecgroup({
      env: edges.env,
      emulator: edges.emulator,
      slackApi: edges.slackApi,
      dbPath: edges.dbPath,
      // The production Web API retry policy, and the app's own timers.
      overrides: {
        webApiRetries: true,
        maintenanceIntervalMs: 60_000,
        presentationSweepMs: 10_000,
        ...options.overrides,
      },
      realClock: true,
    });
  } catch (err) {
    await edges.stop();
    throw err;
  }
  return {
    ...edges,
    running: app.running,
    url: app.url,
    get logs() {
      return app.logger.lines.map((l) => `${l.level} ${l.text}`);
    },
    logLines: app.logger.lines,
    send: app.send,
    async stop() {
      await app.stop();
      await edges.stop();
    },
  };
}
