import { App, type Logger } from '@slack/bolt';
import type { SlackDeps } from './deps.js';
import { createHttpReceiver } from './http-receiver.js';
import { registerListeners } from './listeners/index.js';
import { createRequestPresenter } from './presentation/request-presenter.js';

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
  /**
   * Web API retries (with 429 Retry-After honoured) are on unless a test turns them off to see
   * failures at once.
   */
  webApiRetries?: boolean;
  logger: Logger;
}

const NO_RETRIES = { retries: 0 };

/**
 * The Bolt app with every listener registered and the service's changes shown in Slack.
 * It is not started: the caller starts it (HTTP: `app.start({ port, host })`; Socket Mode: `app.start()`).
 */
export function createSlackApp(deps: SlackDeps, options: SlackAppOptions): App {
  const clientOptions = {
    ...(options.slackApiUrl ? { slackApiUrl: options.slackApiUrl } : {}),
    ...(options.webApiRetries === false ? { retryConfig: NO_RETRIES } : {}),
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
      receiver: createHttpReceiver({ signingSecret: options.signingSecret, logger: options.logger }),
      logger: options.logger,
      logLevel: options.logger.getLevel(),
      clientOptions,
      ...identity,
    });
  }
  const presenter = createRequestPresenter(app.client, deps);
  deps.changeRequests.onChange((request, context) => presenter.render(request, context));
  registerListeners(app, { ...deps, presenter });
  app.error(async (error) => {
    deps.log.error('slack: unhandled listener error', error.stack ?? error.message);
  });
  return app;
}
