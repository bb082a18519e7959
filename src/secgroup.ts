/**
 * The composition root: configuration in, a running secgroup out — for `npm start` and for every
 * test suite alike. Each of Slack and Tencent Cloud is either the real service or its local
 * stand-in (local workspace, API emulator), chosen by configuration; the log says which.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { type Logger, webApi } from '@slack/bolt';
import { describeCredentials } from './cloud/tencent/credentials/credential-source.js';
import { createTencentProvider } from './cloud/tencent/tencent-provider.js';
import { type Config, secretValues } from './config.js';
import { createAppLogger } from './lib/app-logger.js';
import { type Clock, systemClock } from './lib/clock.js';
import { logFields } from './lib/log.js';
import { countingLogger, createMetrics } from './lib/metrics.js';
import { newProcessId } from './lib/process-identity.js';
import { settledBy } from './lib/settled-by.js';
import { type LocalStandIns, loadLocalStandIns } from './local-mode.js';
import { startOperations } from './operations.js';
import { guardProcess } from './process-guard.js';
import type { CatalogService, ChangeRequestService } from './service/api.js';
import { loadAccessPolicy } from './service/catalog/access-policy-file.js';
import { createCatalogService } from './service/catalog/catalog.js';
import { loadRegions, loadTemplates } from './service/catalog/templates.js';
import { createChangeRequestService } from './service/requests/lifecycle.js';
import { startRequestMaintenance } from './service/requests/maintenance.js';
import { countRequestChanges } from './service/requests/request-metrics.js';
import { createSlackApp } from './slack/app.js';
import { createSlackApproverDirectory } from './slack/approver-directory.js';
import { consoleSiteFor } from './slack/blocks/console-link.js';
import type { PresentationRecord, PresentationStore } from './slack/presentation/presentation-record.js';
import type { PresentationSweep } from './slack/presentation/presentation-sweep.js';
import type { RequestPresenter } from './slack/presentation/request-presenter.js';
import { measuredFetch } from './slack/web-api-metrics.js';
import { slackConnection, startListening } from './slack-connection.js';
import { type OpenStore, openStore } from './store/open-store.js';
import { createPresentationStore } from './store/presentation-store.js';

export interface SecgroupOverrides {
  logger?: Logger;
  clock?: Clock;
  /** Interface the bot's HTTP server listens on; loopback in local mode, all interfaces otherwise. */
  host?: string;
  /** How often overdue requests are expired and lapsed executions taken over. */
  maintenanceIntervalMs?: number;
  /** How often requests whose Slack messages lag behind are shown. */
  presentationSweepMs?: number;
  /** How long an execution lease holds without its heartbeat before another process takes over. */
  executionLeaseMs?: number;
  /** Web API retries of 5xx and network failures (tests turn them off to see failures at once). */
  webApiRetries?: boolean;
  webApiTimeoutMs?: number;
  /** How long a submission waits for the cloud's quota answer. */
  quotaWaitMs?: number;
  /** On stop, how long executions in flight may take before their leases are handed over (SECGROUP_DRAIN_TIMEOUT_SECONDS). */
  drainTimeoutMs?: number;
  /** Tests only: the host name in this process's execution leases, so replicas on one machine count as separate hosts. */
  hostName?: string;
}

export interface RunningSecgroup {
  /** POST /slack/events of the bot, or "socket-mode". */
  slackUrl: string;
  /** The local workspace's page, in local mode. */
  workspaceUrl?: string;
  /** The local Tencent Cloud emulator, in emulator mode. */
  emulatorUrl?: string;
  /** /healthz, /readyz and /metrics on METRICS_PORT, when set. */
  opsUrl?: string;
  changeRequests: ChangeRequestService;
  catalog: CatalogService;
  store: OpenStore;
  presentations: PresentationStore;
  presenter: RequestPresenter;
  /** Shows what lags behind in Slack (it also runs by itself every presentationSweepMs). */
  sweep: PresentationSweep;
  /**
   * Drains, then stops: not ready at once; no sweeps or maintenance; Slack is still answered;
   * executions in flight get the drain time, then their leases are handed over; then everything closes.
   */
  stop(): Promise<void>;
}

/** Also how often a lapsed lease is looked for: a dead replica's work resumes within lease + this. */
export const DEFAULT_MAINTENANCE_MS = 5_000;
const DEFAULT_PRESENTATION_SWEEP_MS = 10_000;
const DIRECTORY_RETRIES = { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 5_000 };
const DIRECTORY_TIMEOUT_MS = 10_000;
const LISTS_WAIT_MS = 10_000;

const reasonOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

export async function startSecgroup(
  config: Readonly<Config>,
  overrides: SecgroupOverrides = {},
): Promise<RunningSecgroup> {
  const metrics = createMetrics();
  const log = countingLogger(
    overrides.logger ??
      createAppLogger({ format: config.logFormat, level: config.logLevel, secrets: secretValues(config) }),
    metrics,
  );
  const clock = overrides.clock ?? systemClock;
  const drainTimeoutMs = overrides.drainTimeoutMs ?? config.drainTimeoutMs;
  /** When stopping must be done by: set by stop(); waits during a failed start-up are not bounded. */
  let deadline = Number.POSITIVE_INFINITY;
  const stops: (() => Promise<unknown>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) {
      await stop().catch((err: unknown) => log.warn(`stopping: ${reasonOf(err)}`));
    }
  };

  try {
    const unguard = guardProcess(log);
    stops.push(async () => unguard());
    const templates = await loadTemplates(config.templatesFile);
    const defaultRegions = await loadRegions(config.regionsFile);
    const accessPolicy = await loadAccessPolicy(config.accessPolicyFile);
    const store = await openStore({
      ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
      ...(config.databaseSchema ? { schema: config.databaseSchema } : {}),
      sqlitePath: config.dbPath,
      clock,
      log,
    });
    stops.push(() => store.close());
    log.info(store.backend === 'postgres' ? 'store: PostgreSQL' : `store: SQLite file ${config.dbPath}`);

    let standIns: LocalStandIns | undefined;
    if (config.cloud.mode === 'emulator' || config.slack.mode === 'local') {
      const startLocalStandIns = await loadLocalStandIns();
      standIns = await startLocalStandIns(config, { log, clock });
      stops.push(() => standIns?.stop() ?? Promise.resolve());
    }
    const cloudConfig = standIns?.emulator?.cloud ?? config.cloud;
    log.info(
      standIns?.emulator
        ? `cloud: local emulator at ${standIns.emulator.url} — no real security groups are created`
        : `cloud: Tencent Cloud (real account; credentials: ${describeCredentials(cloudConfig)})`,
    );
    const cloud = createTencentProvider({ cloud: cloudConfig, log, clock, metrics });
    const catalog = createCatalogService({
      cloud,
      cache: store.cache,
      requests: store.requests,
      templates,
      defaultRegions,
      defaultRegion: config.defaultRegion,
      cacheTtlMs: config.cacheTtlMs,
      projectsTtlMs: config.projectsTtlMs,
      clock,
      log,
    });
    // The first form should offer the cloud's own lists: fetched while the rest starts up.
    const listsFetched = catalog.refreshLists();

    const local = standIns?.slack;
    const connection = slackConnection(config.slack, local, overrides.host);
    const { token, signingSecret, appToken, apiUrl: slackApiUrl } = connection;

    const fetch = measuredFetch(metrics);
    // Start-up and approver look-ups should fail in seconds, not wait out the default half hour of retries.
    const client = new webApi.WebClient(token, {
      logger: log,
      retryConfig: DIRECTORY_RETRIES,
      timeout: DIRECTORY_TIMEOUT_MS,
      fetch,
      ...(slackApiUrl ? { slackApiUrl } : {}),
    });

    const identity = await client.auth.test().catch((err: unknown) => {
      throw new Error(`Slack refused the bot token (auth.test: ${reasonOf(err)}); check SLACK_BOT_TOKEN`);
    });
    const approverIds = config.approvers.length > 0 || !local ? config.approvers : [...local.approverIds];
    const approvers = createSlackApproverDirectory({ ids: approverIds, client, log, clock });
    const processId = newProcessId(overrides.hostName);
    const changeRequests = createChangeRequestService({
      store: store.requests,
      cloud,
      catalog,
      approvers,
      clock,
      log,
      processId,
      requestTtlMs: config.requestTtlMs,
      accessPolicy,
      ...(overrides.executionLeaseMs === undefined ? {} : { executionLeaseMs: overrides.executionLeaseMs }),
      ...(overrides.quotaWaitMs === undefined ? {} : { quotaWaitMs: overrides.quotaWaitMs }),
      metrics,
    });
    changeRequests.onChange(countRequestChanges(metrics));
    const ops = await startOperations({
      config,
      host: overrides.host ?? config.metricsHost ?? (local ? '127.0.0.1' : undefined),
      store,
      slack: { token, ...(slackApiUrl ? { apiUrl: slackApiUrl } : {}), fetch, socketMode: Boolean(appToken) },
      metrics,
      log,
    });
    stops.push(() => ops.server?.stop() ?? Promise.resolve());
    const presentations = createPresentationStore<PresentationRecord>(store.db, () => clock.now());
    const slack = createSlackApp(
      {
        changeRequests,
        catalog,
        approvers,
        presentations,
        allowedChannels: config.channels,
        accessPolicy,
        consoleSite: consoleSiteFor(config.cloud.endpoint),
        clock,
        log,
      },
      {
        token,
        signingSecret,
        appToken,
        ...(slackApiUrl ? { slackApiUrl } : {}),
        botId: identity.bot_id,
        botUserId: identity.user_id,
        ...(overrides.webApiRetries === undefined ? {} : { webApiRetries: overrides.webApiRetries }),
        ...(overrides.webApiTimeoutMs === undefined ? {} : { webApiTimeoutMs: overrides.webApiTimeoutMs }),
        logger: log,
        metrics,
        routes: ops.endpoints,
        processId,
      },
    );

    // …and waited for a while, not for ever: a slow cloud must not keep Slack unanswered.
    await Promise.race([listsFetched, sleep(LISTS_WAIT_MS, undefined, { ref: false })]);
    const slackUrl = await startListening(slack.app, { connection, port: config.slack.port, local, log });
    stops.push(async () => {
      await slack.app.stop();
      await settledBy(slack.presenter.idle(), deadline);
    });
    log.info(`approvers: ${approverIds.length > 0 ? approverIds.join(', ') : 'none configured'}`);

    // Listening already, so Slack is answered while what a stopped process left is finished and shown.
    const sweep = slack.startSweep(overrides.presentationSweepMs ?? DEFAULT_PRESENTATION_SWEEP_MS);
    stops.push(() => settledBy(sweep.stop(), deadline));
    const maintenance = startRequestMaintenance({
      changeRequests,
      intervalMs: overrides.maintenanceIntervalMs ?? DEFAULT_MAINTENANCE_MS,
      log,
    });
    stops.push(() => settledBy(maintenance.stop(), deadline));
    stops.push(() => settledBy(changeRequests.settled(), deadline));
    await sweep.runOnce();
    await maintenance.runOnce();
    ops.readiness.markStarted();

    /**
     * SIGTERM: not ready at once, so a load balancer drains this replica; no sweeps or maintenance
     * (nothing new is taken over); Slack is still answered, since Slack does not deliver a command
     * or a click again and refusing one would lose it; executions in flight get the drain time,
     * then their leases are handed over to another replica. Then the stops above close everything.
     */
    let stopping: Promise<void> | undefined;
    const drainAndStop = async () => {
      deadline = Date.now() + drainTimeoutMs;
      ops.readiness.startDraining();
      log.info(
        `draining: not ready; executions in flight have ${drainTimeoutMs / 1000} s`,
        logFields({ event: 'shutdown.draining' }),
      );
      // Their failures are logged when the stops below wait for them.
      sweep.stop().catch(() => {});
      maintenance.stop().catch(() => {});
      const handedOver = await changeRequests.drain(drainTimeoutMs);
      if (handedOver.length > 0) log.warn(`draining: handed over to another replica: ${handedOver.join(', ')}`);
      await stopAll();
      log.info('stopped', logFields({ event: 'shutdown.stopped' }));
    };

    return {
      slackUrl,
      ...(local ? { workspaceUrl: local.workspaceUrl } : {}),
      ...(standIns?.emulator ? { emulatorUrl: standIns.emulator.url } : {}),
      ...(ops.server ? { opsUrl: ops.server.url } : {}),
      changeRequests,
      catalog,
      store,
      presentations,
      presenter: slack.presenter,
      sweep,
      stop: () => {
        stopping ??= drainAndStop();
        return stopping;
      },
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
