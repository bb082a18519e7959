/**
 * The real app in this process, started by the composition root (startSecgroup) exactly as
 * `npm start` does, with only the edges replaced: Slack's Web API by the recording fake, Tencent
 * Cloud by the emulator (reached over HTTP through the real provider, optionally through a gate),
 * both on 127.0.0.1. The app runs in "real" mode for both, with the fake secrets.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Logger, LogLevel } from '@slack/bolt';
import { loadConfig } from '../../../src/config.js';
import {
  type EmulatorOptions,
  type RunningEmulator,
  startEmulator,
} from '../../../src/devtools/tencent-emulator/emulator.js';
import { type RunningSecgroup, startSecgroup } from '../../../src/runtime.js';
import type { RequestStore } from '../../../src/service/ports.js';
import { openRequestStore } from '../../../src/store/request-store.js';
import { type CloudGate, startCloudGate } from '../../helpers/cloud-gate.js';
import { type FakeSlackApi, startFakeSlackApi } from '../../helpers/slack-api.js';
import { type SignOptions, type SlackRequestKind, sendSlack } from '../../helpers/slack-request.js';
import { FAKE_SECRETS } from './fake-secrets.js';

export const APPROVERS = ['U0APPROVER1', 'U0APPROVER2', 'U0APPROVER3'];
export const [APPROVER_1 = '', APPROVER_2 = '', APPROVER_3 = ''] = APPROVERS;

export interface RealAppOptions {
  /** Environment on top of the defaults below (SECGROUP_CHANNELS, TENCENTCLOUD_MAX_RETRIES…). */
  env?: Record<string, string>;
  emulator?: Partial<EmulatorOptions>;
  /** Put a gate between the app and the emulator. */
  gate?: boolean;
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
  stop(): Promise<void>;
}

export interface RealApp extends Edges {
  running: RunningSecgroup;
  url: string;
  logs: string[];
  send(kind: SlackRequestKind, payload: object, sign?: Partial<SignOptions>): Promise<Response>;
}

/** The Slack fake, the emulator (and gate), a temp folder, and the app's environment. */
export async function startEdges(options: RealAppOptions = {}): Promise<Edges> {
  const dir = await mkdtemp(join(tmpdir(), 'secgroup-reliability-'));
  const dbPath = join(dir, 'secgroup.sqlite');
  const emulatorStateFile = join(dir, 'emulator.json');
  const slackApi = await startFakeSlackApi();
  const emulator = await startEmulator({
    host: '127.0.0.1',
    port: 0,
    secretId: FAKE_SECRETS.tencentSecretId,
    secretKey: FAKE_SECRETS.tencentSecretKey,
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
    TENCENTCLOUD_SECRET_ID: FAKE_SECRETS.tencentSecretId,
    TENCENTCLOUD_SECRET_KEY: FAKE_SECRETS.tencentSecretKey,
    TENCENTCLOUD_ENDPOINT: gate?.url ?? emulator.url,
    TENCENTCLOUD_MAX_RETRIES: '2',
    ...options.env,
  };
  const store = await openRequestStore({ path: dbPath });
  return {
    dir,
    dbPath,
    emulatorStateFile,
    slackApi,
    emulator,
    ...(gate ? { gate } : {}),
    env,
    store,
    async stop() {
      await store.close();
      await gate?.stop();
      await emulator.stop();
      await slackApi.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export function recordingLogger(lines: string[]): Logger {
  const at =
    (level: string) =>
    (...msg: unknown[]) => {
      lines.push(`${level} ${msg.map((m) => (m instanceof Error ? (m.stack ?? m.message) : String(m))).join(' ')}`);
    };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    setLevel() {},
    getLevel: () => LogLevel.DEBUG,
    setName() {},
  };
}

export async function startRealApp(options: RealAppOptions = {}): Promise<RealApp> {
  const edges = await startEdges(options);
  const logs: string[] = [];
  let running: RunningSecgroup;
  try {
    running = await startSecgroup(loadConfig(edges.env), { logger: recordingLogger(logs), host: '127.0.0.1' });
  } catch (err) {
    await edges.stop();
    throw err;
  }
  const url = running.slackUrl;
  return {
    ...edges,
    running,
    url,
    logs,
    send: (kind, payload, sign = {}) =>
      sendSlack(url, kind, payload, { signingSecret: FAKE_SECRETS.slackSigningSecret, ...sign }),
    async stop() {
      await running.stop();
      await edges.stop();
    },
  };
}
