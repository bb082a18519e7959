/**
 * The real app for tests, started by the composition root (startSecgroup) exactly as `npm start`
 * does, on 127.0.0.1 with its own temporary database. Only the edges are stand-ins: Slack's Web
 * API (the recording fake), Tencent Cloud (an emulator per app, on 127.0.0.1, reached through the
 * real provider as configured by TENCENTCLOUD_ENDPOINT), and the clock. Everything else
 * network-bound is refused by nock.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vi } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { type RunningSecgroup, type SecgroupOverrides, startSecgroup } from '../../src/secgroup.js';
import type { CatalogService, ChangeRequestService } from '../../src/service/api.js';
import type { RequestStore } from '../../src/service/ports.js';
import type { PresentationRecord, PresentationStore } from '../../src/slack/presentation/presentation-record.js';
import { createTestClock, type TestClock } from './clock.js';
import { type RecordingLogger, recordingLogger } from './recording-logger.js';
import { type FakeSlackApi, startFakeSlackApi } from './slack-api.js';
import { type SignOptions, type SlackRequestKind, sendSlack } from './slack-request.js';
import {
  type EmulatorOptions,
  emulatorEnv,
  type RunningEmulator,
  refuseNetworkButLocal,
  startTestEmulator,
} from './test-emulator.js';

export const TEST_APPROVERS = ['U0APPROVER1', 'U0APPROVER2'];
export const TEST_BOT_TOKEN = 'xoxb-test-token-not-real';
const TEST_SIGNING_SECRET = 'test-signing-secret-not-real';
/** Timers the tests drive themselves (they call recover(), expireDue() and the sweep when they mean to). */
const QUIET_MS = 3_600_000;

export interface TestSecgroupOptions {
  /** SECGROUP_APPROVERS; user ids and/or user group ids. */
  approvers?: string[];
  /** SECGROUP_CHANNELS; empty allows every channel. */
  allowedChannels?: string[];
  clock?: TestClock;
  requestTtlMs?: number;
  /** How the app's own emulator starts (quotas, projects…). */
  emulatorOptions?: Partial<EmulatorOptions>;
  /** An emulator the caller owns (and stops); the environment points the app at it. */
  emulator?: RunningEmulator;
  /** A second replica: the same database, Slack fake, emulator and clock as this one. */
  replicaOf?: TestSecgroup;
  /** A Slack fake the caller owns (and stops). */
  slackApi?: FakeSlackApi;
  /** A database file the caller owns (and removes). */
  dbPath?: string;
  /** The system clock instead of a test clock. */
  realClock?: boolean;
  /** More environment (it wins over the above). */
  env?: Record<string, string>;
  overrides?: Partial<SecgroupOverrides>;
}

export interface TestSecgroup {
  /** The app's events endpoint (POST /slack/events). */
  url: string;
  signingSecret: string;
  slackApi: FakeSlackApi;
  dbPath: string;
  store: RequestStore;
  presentations: PresentationStore;
  /** Tencent Cloud as the app sees it: faults, holds, recorded calls, state (test/helpers/test-emulator.ts). */
  emulator: RunningEmulator;
  service: ChangeRequestService;
  catalog: CatalogService;
  clock: TestClock;
  logger: RecordingLogger;
  running: RunningSecgroup;
  /** Sends a request signed with the app's secret (at another time when `timestampSeconds` is set). */
  send(kind: SlackRequestKind, payload: object, sign?: Partial<SignOptions>): Promise<Response>;
  /** How the request is shown in Slack (its card, prompt…), once it has a record. */
  shown(requestId: string): Promise<PresentationRecord | undefined>;
  /** Resolves once executions, change notifications and showings in flight are done. */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

export async function startTestSecgroup(options: TestSecgroupOptions = {}): Promise<TestSecgroup> {
  const shared = options.replicaOf;
  const dir = shared || options.dbPath ? undefined : await mkdtemp(join(tmpdir(), 'secgroup-test-'));
  const dbPath = options.dbPath ?? shared?.dbPath ?? join(dir ?? '', 'data', 'secgroup.sqlite');
  const clock = options.clock ?? shared?.clock ?? createTestClock();
  const ownsSlackApi = !shared && !options.slackApi;
  const slackApi = options.slackApi ?? shared?.slackApi ?? (await startFakeSlackApi());
  const ownsEmulator = !shared && !options.emulator;
  let emulator: RunningEmulator;
  try {
    emulator = options.emulator ?? shared?.emulator ?? (await startTestEmulator(options.emulatorOptions));
  } catch (err) {
    if (ownsSlackApi) await slackApi.stop();
    throw err;
  }
  const releaseNetwork = shared ? undefined : refuseNetworkButLocal();
  const logger = recordingLogger();
  const env: Record<string, string> = {
    SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    SLACK_API_URL: slackApi.apiUrl,
    PORT: '0',
    SECGROUP_APPROVERS: (options.approvers ?? TEST_APPROVERS).join(','),
    SECGROUP_CHANNELS: (options.allowedChannels ?? []).join(','),
    SECGROUP_DB_PATH: dbPath,
    SECGROUP_REQUEST_TTL_HOURS: String((options.requestTtlMs ?? 24 * 3_600_000) / 3_600_000),
    ...emulatorEnv(emulator),
    // A fault a test injects is the failure the app sees (the provider's retries have their own tests).
    TENCENTCLOUD_MAX_RETRIES: '0',
    LOG_LEVEL: 'debug',
    ...options.env,
  };
  let running: RunningSecgroup;
  try {
    running = await startSecgroup(loadConfig(env), {
      logger,
      ...(options.realClock ? {} : { clock }),
      host: '127.0.0.1',
      webApiRetries: false,
      maintenanceIntervalMs: QUIET_MS,
      presentationSweepMs: QUIET_MS,
      ...options.overrides,
    });
  } catch (err) {
    releaseNetwork?.();
    if (ownsEmulator) await emulator.stop();
    if (ownsSlackApi) await slackApi.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
    throw err;
  }
  // The catalog serves the manifest's lists until its first background refresh lands; wait for
  // it so every test sees the cloud's projects (the Default project is not in Tencent's list).
  await vi.waitFor(
    async () => {
      await running.catalog.regions();
      const projects = emulator.state().projects.length + 1;
      if ((await running.catalog.projects()).length !== projects) throw new Error('catalog not warm yet');
    },
    { timeout: 10_000 },
  );
  const url = running.slackUrl;
  const signingSecret = env.SLACK_SIGNING_SECRET ?? TEST_SIGNING_SECRET;
  // What the app said to Slack while starting (auth.test) is not what a test is about.
  if (ownsSlackApi) slackApi.calls.splice(0);
  if (ownsEmulator) emulator.clearCalls();
  const settled = async () => {
    await running.changeRequests.settled();
    await running.presenter.idle();
  };

  return {
    url,
    signingSecret,
    slackApi,
    dbPath,
    store: running.store.requests,
    presentations: running.presentations,
    emulator,
    service: running.changeRequests,
    catalog: running.catalog,
    clock,
    logger,
    running,
    send: (kind, payload, sign = {}) => sendSlack(url, kind, payload, { signingSecret, ...sign }),
    shown: (requestId) => running.presentations.get(requestId),
    settled,
    async stop() {
      await running.stop();
      if (ownsEmulator) await emulator.stop();
      if (ownsSlackApi) await slackApi.stop();
      if (dir) await rm(dir, { recursive: true, force: true });
      releaseNetwork?.();
    },
  };
}
