/**
 * Operating secgroup: /healthz, /readyz and /metrics. Readiness asks the store on every probe and
 * Slack (auth.test, with its own client: no retries, a short timeout) at most every 30 s while it
 * answers. The endpoints are served on the bot's port in HTTP mode (Bolt custom routes, see
 * createSlackApp) and, with METRICS_PORT, on a port of their own, which Socket Mode needs.
 */
import { type Logger, webApi } from '@slack/bolt';
import type { Config } from './config.js';
import type { AppMetrics } from './lib/metrics.js';
import { type OpsEndpoint, type OpsServer, opsEndpoints, startOpsServer } from './lib/ops-endpoints.js';
import { createReadiness, type Readiness } from './lib/readiness.js';

const SLACK_READY_REUSE_MS = 30_000;
const SLACK_PROBE_TIMEOUT_MS = 2_000;

export interface Operations {
  readiness: Readiness;
  endpoints: OpsEndpoint[];
  /** The METRICS_PORT server, when configured. */
  server?: OpsServer;
}

export async function startOperations(options: {
  config: Readonly<Config>;
  /** Where the METRICS_PORT server listens; all interfaces when undefined. */
  host: string | undefined;
  store: { ping(): Promise<void> };
  slack: { token: string; apiUrl?: string; fetch: webApi.FetchFunction; socketMode: boolean };
  metrics: AppMetrics;
  log: Logger;
}): Promise<Operations> {
  const { config, slack, metrics, log } = options;
  const probe = new webApi.WebClient(slack.token, {
    logger: log,
    retryConfig: { retries: 0 },
    timeout: SLACK_PROBE_TIMEOUT_MS,
    fetch: slack.fetch,
    ...(slack.apiUrl ? { slackApiUrl: slack.apiUrl } : {}),
  });
  const readiness = createReadiness({
    checks: [
      { name: 'store', run: () => options.store.ping() },
      { name: 'slack', run: () => probe.auth.test().then(() => {}), reuseOkMs: SLACK_READY_REUSE_MS },
    ],
    log,
  });
  const endpoints = opsEndpoints({ readiness, metrics, log });
  if (config.metricsPort === undefined) {
    log.info(
      slack.socketMode
        ? 'health and metrics: set METRICS_PORT to serve /healthz, /readyz and /metrics in Socket Mode'
        : 'health and metrics: /healthz, /readyz and /metrics on the bot’s port',
    );
    return { readiness, endpoints };
  }
  const server = await startOpsServer(endpoints, {
    port: config.metricsPort,
    ...(options.host ? { host: options.host } : {}),
  });
  log.info(`health and metrics: ${server.url}/healthz, /readyz, /metrics`);
  return { readiness, endpoints, server };
}
