/**
 * The composition root: configuration in, a running secgroup out. Each of Slack and Tencent
 * Cloud is either the real service or its local stand-in (local workspace, API emulator), chosen
 * by configuration, and the log says plainly which.
 */
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Logger, webApi } from '@slack/bolt';
import { ConsoleLogger, LogLevel } from '@slack/logger';
import { createTencentProvider } from './cloud/tencent/tencent-provider.js';
import type { Config } from './config.js';
import { LOCAL_APPROVER_IDS } from './devtools/local-workspace/directory.js';
import { type LocalWorkspace, startLocalWorkspace } from './devtools/local-workspace/server.js';
import { type RunningEmulator, startEmulator } from './devtools/tencent-emulator/emulator.js';
import { emulatorCloudConfig, emulatorOptions } from './devtools/tencent-emulator/emulator-cloud-config.js';
import type { Clock } from './lib/clock.js';
import { createCatalogService } from './service/catalog/catalog.js';
import { loadRegions, loadTemplates } from './service/catalog/templates.js';
import { createChangeRequestService } from './service/requests/change-requests.js';
import { startRequestMaintenance } from './service/requests/maintenance.js';
import { createSlackApp } from './slack/app.js';
import { createSlackApproverDirectory } from './slack/approver-directory.js';
import { openRequestStore } from './store/request-store.js';

export interface RuntimeOverrides {
  logger?: Logger;
  clock?: Clock;
  /** Interface the bot's HTTP server listens on; loopback in local mode, all interfaces otherwise. */
  host?: string;
  /** How often overdue requests are expired and lapsed executions taken over. */
  maintenanceIntervalMs?: number;
  /** How long this process's claim on an execution holds before another may take it over. */
  executionLeaseMs?: number;
}

export interface RunningSecgroup {
  /** POST /slack/events of the bot, or "socket-mode". */
  slackUrl: string;
  /** The local workspace's page, in local mode. */
  workspaceUrl?: string;
  /** The local Tencent Cloud emulator, in emulator mode. */
  emulatorUrl?: string;
  stop(): Promise<void>;
}

const DEFAULT_MAINTENANCE_MS = 60_000;
const DIRECTORY_RETRIES = { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 5_000 };
const DIRECTORY_TIMEOUT_MS = 10_000;
const LEVELS: Record<Config['logLevel'], LogLevel> = {
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
  error: LogLevel.ERROR,
};

function consoleLogger(level: Config['logLevel']): Logger {
  const logger = new ConsoleLogger();
  logger.setLevel(LEVELS[level]);
  logger.setName('secgroup');
  return logger;
}

const reasonOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

export async function startSecgroup(
  config: Readonly<Config>,
  overrides: RuntimeOverrides = {},
): Promise<RunningSecgroup> {
  const log = overrides.logger ?? consoleLogger(config.logLevel);
  const clock = overrides.clock ?? { now: () => new Date() };
  const local = config.slack.mode === 'local';
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) {
      await stop().catch((err: unknown) => log.warn(`stopping: ${reasonOf(err)}`));
    }
  };

  try {
    const templates = await loadTemplates(config.templatesFile);
    const defaultRegions = await loadRegions(config.regionsFile);
    const store = await openRequestStore({ path: config.dbPath, log, clock });
    stops.push(() => store.close());

    let emulator: RunningEmulator | undefined;
    let cloudConfig = config.cloud;
    if (config.cloud.mode === 'emulator') {
      const e = config.emulator;
      emulator = await startEmulator({ ...emulatorOptions(e), clock, log });
      stops.push(() => emulator?.stop() ?? Promise.resolve());
      cloudConfig = emulatorCloudConfig(config.cloud, e, emulator.url);
      log.info(`cloud: local emulator at ${emulator.url} — no real security groups are created`);
    } else {
      log.info('cloud: Tencent Cloud (real account)');
    }
    const cloud = createTencentProvider({ cloud: cloudConfig, log });
    const catalog = createCatalogService({
      cloud,
      store,
      templates,
      defaultRegions,
      defaultRegion: config.defaultRegion,
      cacheTtlMs: config.cacheTtlMs,
      clock,
      log,
    });

    // Local mode makes up its own credentials: they only ever travel between this process and
    // the local workspace it starts.
    const token = local ? `xoxb-local-${randomBytes(12).toString('hex')}` : (config.slack.botToken ?? '');
    const signingSecret = local ? randomBytes(32).toString('hex') : config.slack.signingSecret;
    const appToken = local ? undefined : config.slack.appToken;
    const host = overrides.host ?? (local ? '127.0.0.1' : undefined);
    let botEventsUrl = '';
    let workspace: LocalWorkspace | undefined;
    if (local) {
      workspace = await startLocalWorkspace({
        port: config.localWorkspacePort,
        botEventsUrl: () => botEventsUrl,
        signingSecret: signingSecret ?? '',
        botToken: token,
        log,
      });
      stops.push(() => workspace?.stop() ?? Promise.resolve());
    }
    const slackApiUrl = workspace?.apiUrl ?? config.slack.apiUrl;

    // Start-up and approver look-ups should fail in seconds, not wait out the default half hour of retries.
    const client = new webApi.WebClient(token, {
      logger: log,
      retryConfig: DIRECTORY_RETRIES,
      timeout: DIRECTORY_TIMEOUT_MS,
      ...(slackApiUrl ? { slackApiUrl } : {}),
    });
    const identity = await client.auth.test().catch((err: unknown) => {
      throw new Error(`Slack refused the bot token (auth.test: ${reasonOf(err)}); check SLACK_BOT_TOKEN`);
    });
    const approverIds = config.approvers.length > 0 || !local ? config.approvers : [...LOCAL_APPROVER_IDS];
    const approvers = createSlackApproverDirectory({ ids: approverIds, client, log, clock });
    const changeRequests = createChangeRequestService({
      store,
      cloud,
      catalog,
      approvers,
      clock,
      log,
      requestTtlMs: config.requestTtlMs,
      ...(overrides.executionLeaseMs === undefined ? {} : { executionLeaseMs: overrides.executionLeaseMs }),
    });
    const app = createSlackApp(
      { changeRequests, catalog, approvers, allowedChannels: config.channels, log },
      {
        token,
        signingSecret,
        appToken,
        ...(slackApiUrl ? { slackApiUrl } : {}),
        botId: identity.bot_id,
        botUserId: identity.user_id,
        logger: log,
      },
    );

    let slackUrl = 'socket-mode';
    if (appToken) {
      await app.start();
      log.info('slack: real workspace over Socket Mode');
    } else {
      const server = (await app.start({ port: config.slack.port, ...(host ? { host } : {}) })) as Server;
      const { port } = server.address() as AddressInfo;
      slackUrl = `http://${host ?? '127.0.0.1'}:${port}/slack/events`;
      botEventsUrl = slackUrl;
      log.info(
        workspace
          ? `slack: local workspace at ${workspace.url} (bot at ${slackUrl})`
          : `slack: real workspace, HTTP mode: POST /slack/events on port ${port}`,
      );
    }
    stops.push(async () => {
      await app.stop();
    });
    log.info(`approvers: ${approverIds.length > 0 ? approverIds.join(', ') : 'none configured'}`);

    // Listening already, so Slack is answered while requests left by a stopped process finish.
    try {
      const resumed = await changeRequests.recover();
      if (resumed.length > 0) log.info(`recovered ${resumed.length} request(s) left unfinished by a stopped process`);
    } catch (err) {
      log.error(`recovery failed: ${reasonOf(err)}`);
    }
    const maintenance = startRequestMaintenance({
      changeRequests,
      intervalMs: overrides.maintenanceIntervalMs ?? DEFAULT_MAINTENANCE_MS,
      log,
    });
    stops.push(() => maintenance.stop());

    return {
      slackUrl,
      ...(workspace ? { workspaceUrl: workspace.url } : {}),
      ...(emulator ? { emulatorUrl: emulator.url } : {}),
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
