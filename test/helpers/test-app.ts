/**
 * The real Slack app, service and sqlite store, started on 127.0.0.1 for integration tests.
 * Only the edges are stand-ins: Slack's Web API (a recording fake on 127.0.0.1), Tencent Cloud
 * (the in-memory cloud) and the clock. Everything else network-bound is refused by nock.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type App, type Logger, LogLevel, webApi } from '@slack/bolt';
import nock from 'nock';
import { vi } from 'vitest';
import type { CatalogService, ChangeRequestService } from '../../src/service/api.js';
import { createCatalogService } from '../../src/service/catalog/catalog.js';
import { loadTemplates } from '../../src/service/catalog/templates.js';
import type { RequestStore } from '../../src/service/ports.js';
import { createChangeRequestService } from '../../src/service/requests/change-requests.js';
import { createSlackApp } from '../../src/slack/app.js';
import { createSlackApproverDirectory } from '../../src/slack/approver-directory.js';
import { openRequestStore } from '../../src/store/request-store.js';
import { createTestClock, type TestClock } from './clock.js';
import { InMemoryCloud } from './in-memory-cloud.js';
import { type FakeSlackApi, startFakeSlackApi } from './slack-api.js';
import { type SignOptions, type SlackRequestKind, sendSlack } from './slack-request.js';

export const TEST_APPROVERS = ['U0APPROVER1', 'U0APPROVER2'];
export const TEST_BOT_TOKEN = 'xoxb-test-token-not-real';

export interface TestAppOptions {
  /** SECGROUP_APPROVERS; user ids and/or user group ids. */
  approvers?: string[];
  /** SECGROUP_CHANNELS; empty allows every channel. */
  allowedChannels?: string[];
  clock?: TestClock;
  requestTtlMs?: number;
}

export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  text: string;
}

export interface TestApp {
  /** The app's events endpoint (POST /slack/events). */
  url: string;
  signingSecret: string;
  slackApi: FakeSlackApi;
  store: RequestStore;
  cloud: InMemoryCloud;
  service: ChangeRequestService;
  catalog: CatalogService;
  clock: TestClock;
  app: App;
  logs: LogLine[];
  /** Sends a request signed with the app's secret (at another time when `timestampSeconds` is set). */
  send(kind: SlackRequestKind, payload: object, sign?: Partial<SignOptions>): Promise<Response>;
  stop(): Promise<void>;
}

function recordingLogger(logs: LogLine[]): Logger {
  let level = LogLevel.DEBUG;
  const record =
    (lineLevel: LogLine['level']) =>
    (...msg: unknown[]) => {
      logs.push({
        level: lineLevel,
        text: msg.map((m) => (m instanceof Error ? (m.stack ?? m.message) : String(m))).join(' '),
      });
    };
  return {
    debug: record('debug'),
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}

export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  const dir = await mkdtemp(join(tmpdir(), 'secgroup-slack-test-'));
  const logs: LogLine[] = [];
  const logger = recordingLogger(logs);
  const clock = options.clock ?? createTestClock();
  const signingSecret = `test-signing-secret-${Math.random().toString(36).slice(2)}`;
  const slackApi = await startFakeSlackApi();
  const store = await openRequestStore({ path: join(dir, 'requests.sqlite'), clock, log: logger });
  const cloud = new InMemoryCloud();
  const catalog = createCatalogService({
    cloud,
    store,
    templates: await loadTemplates('manifest/templates.yml'),
    // The cloud's own list, so the form offers the same regions before and after a refresh.
    defaultRegions: cloud.regions,
    defaultRegion: 'ap-guangzhou',
    cacheTtlMs: 3_600_000,
    clock,
    log: logger,
  });
  const approvers = createSlackApproverDirectory({
    ids: options.approvers ?? TEST_APPROVERS,
    client: new webApi.WebClient(TEST_BOT_TOKEN, { slackApiUrl: slackApi.apiUrl, retryConfig: { retries: 0 } }),
    log: logger,
    clock,
  });
  const service = createChangeRequestService({
    store,
    cloud,
    catalog,
    approvers,
    clock,
    log: logger,
    requestTtlMs: options.requestTtlMs ?? 24 * 3_600_000,
  });
  const app = createSlackApp(
    { changeRequests: service, catalog, approvers, allowedChannels: options.allowedChannels ?? [], log: logger },
    {
      token: TEST_BOT_TOKEN,
      signingSecret,
      slackApiUrl: slackApi.apiUrl,
      botId: 'B0BOT',
      botUserId: 'U0BOT',
      webApiRetries: false,
      logger,
    },
  );
  const server = (await app.start({ port: 0, host: '127.0.0.1' })) as Server;
  const { port } = server.address() as AddressInfo;
  // The catalog serves the manifest's lists until its first background refresh lands; wait for
  // it so every test sees the cloud's projects.
  await vi.waitFor(async () => {
    await catalog.regions();
    if ((await catalog.projects()).length !== cloud.projects.length) throw new Error('catalog not warm yet');
  });
  const url = `http://127.0.0.1:${port}/slack/events`;

  return {
    url,
    signingSecret,
    slackApi,
    store,
    cloud,
    service,
    catalog,
    clock,
    app,
    logs,
    send: (kind, payload, sign = {}) => sendSlack(url, kind, payload, { signingSecret, ...sign }),
    async stop() {
      await app.stop();
      await slackApi.stop();
      await store.close();
      await rm(dir, { recursive: true, force: true });
      nock.cleanAll();
      nock.enableNetConnect();
    },
  };
}
