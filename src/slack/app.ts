import { App, type CustomRoute, type Logger, type webApi } from '@slack/bolt';
import { newProcessId } from '../lib/process-identity.js';
import type { SlackDeps } from './deps.js';
import { createHttpReceiver } from './http-receiver.js';
import { registerListeners } from './listeners/index.js';
import { createExpiryReminders } from './presentation/expiry-reminders.js';
import { createPresentationRecords } from './presentation/presentation-records.js';
import { type PresentationSweep, startPresentationSweep } from './presentation/presentation-sweep.js';
import { createRequestPresenter, type RequestPresenter } from './presentation/request-presenter.js';
import { measuredFetch, type SlackApiMetrics } from './web-api-metrics.js';

export interface SlackAppOptions {
  /** Bot token (xoxb-…). */
  token: string;
  /** Verifies HTTP requests; required unless `appToken` selects Socket Mode. */
  signingSecret?: string;
  /** App-level token (xapp-…): Socket Mode instead of HTTP. */
  appToken?: string;
  /** Another Web API base URL (local workspace, tests), ending in /api/. */
  slackApiUrl?: string;
  /** Known bot identity: skips the auth.test Bolt would otherwise call at start-up. */
  botId?: string;
  botUserId?: string;
  /** Web API retries of 5xx and network failures are on unless a test turns them off to see failures at once. */
  webApiRetries?: boolean;
  /** How long one Web API call may take before it is given up (and, for the presenter, tried again). */
  webApiTimeoutMs?: number;
  logger: Logger;
  /** Counts every Web API call and rate-limit wait. */
  metrics?: SlackApiMetrics;
  /** HTTP mode: more routes on the bot's port (health checks, metrics). */
  routes?: CustomRoute[];
  /** Who holds this process's claims on showing requests (the service's process id); a new one if unset. */
  processId?: string;
}

export interface SlackFrontEnd {
  /** Not started: the caller starts it (HTTP: `app.start({ port, host })`; Socket Mode: `app.start()`). */
  app: App;
  presenter: RequestPresenter;
  /** Shows what lags behind now and every `intervalMs` (start-up and maintenance). */
  startSweep(intervalMs: number): PresentationSweep;
}

const WEB_API_RETRIES = { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 4_000, randomize: true };
const NO_RETRIES = { retries: 0 };
const DEFAULT_WEB_API_TIMEOUT_MS = 10_000;

/** The Bolt app with every listener registered, and the presenter that shows the service's changes. */
export function createSlackApp(deps: SlackDeps, options: SlackAppOptions): SlackFrontEnd {
  const webApiTimeoutMs = options.webApiTimeoutMs ?? DEFAULT_WEB_API_TIMEOUT_MS;
  const clientOptions = {
    ...(options.slackApiUrl ? { slackApiUrl: options.slackApiUrl } : {}),
    retryConfig: options.webApiRetries === false ? NO_RETRIES : WEB_API_RETRIES,
    // A 429 fails its own call with Retry-After instead of pausing every call the app makes.
    rejectRateLimitedCalls: true,
    timeout: webApiTimeoutMs,
    // Bolt's respond() posts to a response_url through this fetch too, with no timeout of its own.
    fetch: withTimeout(options.metrics ? measuredFetch(options.metrics) : nodeFetch, webApiTimeoutMs),
  };
  const identity = options.botId && options.botUserId ? { botId: options.botId, botUserId: options.botUserId } : {};
  let app: App;
  if (options.appToken) {
    app = new App({
      token: options.token,
      appToken: options.appToken,
      socketMode: true,
      logger: options.logger,
      // Bolt resets an injected logger to INFO unless told its level, which would ignore LOG_LEVEL.
      logLevel: options.logger.getLevel(),
      clientOptions,
      ...identity,
    });
  } else {
    if (!options.signingSecret) throw new Error('createSlackApp: HTTP mode needs a signing secret');
    app = new App({
      token: options.token,
      receiver: createHttpReceiver({
        signingSecret: options.signingSecret,
        logger: options.logger,
        ...(options.routes ? { routes: options.routes } : {}),
      }),
      logger: options.logger,
      logLevel: options.logger.getLevel(),
      clientOptions,
      ...identity,
    });
  }
  const records = createPresentationRecords({
    store: deps.presentations,
    clock: deps.clock,
    log: deps.log,
    owner: options.processId ?? newProcessId(),
  });
  const presenter = createRequestPresenter(app.client, deps, records, options.metrics);
  deps.changeRequests.onChange((request) => presenter.render(request.id));
  registerListeners(app, { ...deps, presenter });
  app.error(async (error) => {
    deps.log.error('slack: unhandled listener error', error.stack ?? error.message);
  });
  return {
    app,
    presenter,
    startSweep: (intervalMs) =>
      startPresentationSweep({
        presenter,
        store: deps.presentations,
        intervalMs,
        log: deps.log,
        remind: createExpiryReminders({ ...deps, presenter }),
      }),
  };
}

/** Node's fetch, which is what the WebClient uses when given none. */
const nodeFetch: webApi.FetchFunction = async (url, init) =>
  (await fetch(url, init as RequestInit)) as unknown as Awaited<ReturnType<webApi.FetchFunction>>;

/** A call that brings no deadline of its own (the WebClient brings one) is given up after `timeoutMs`. */
function withTimeout(fetchFn: webApi.FetchFunction, timeoutMs: number): webApi.FetchFunction {
  return (url, init) => fetchFn(url, init?.signal ? init : { ...init, signal: AbortSignal.timeout(timeoutMs) });
}
