/**
 * Which Slack the bot talks to and how it listens: the real workspace (configured tokens) or the
 * local workspace (its own tokens and API), each over Socket Mode when an app-level token is set,
 * over HTTP otherwise. The log says which.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { App } from '@slack/bolt';
import type { SlackConfig } from './config.js';
import type { Log } from './lib/log.js';
import type { LocalSlack } from './local-mode.js';

export interface SlackConnection {
  token: string;
  signingSecret?: string;
  appToken?: string;
  apiUrl?: string;
  /** Interface the bot's HTTP server listens on; loopback in local mode, all interfaces otherwise. */
  host?: string;
}

export function slackConnection(slack: SlackConfig, local: LocalSlack | undefined, host?: string): SlackConnection {
  return {
    token: local?.botToken ?? slack.botToken ?? '',
    signingSecret: local ? local.signingSecret : slack.signingSecret,
    appToken: local ? local.appToken : slack.appToken,
    apiUrl: local?.apiUrl ?? slack.apiUrl,
    host: host ?? (local ? '127.0.0.1' : undefined),
  };
}

/** Starts the Bolt app; answers where Slack delivers to: POST /slack/events of the bot, or "socket-mode". */
export async function startListening(
  app: App,
  options: { connection: SlackConnection; port: number; local: LocalSlack | undefined; log: Log },
): Promise<string> {
  const { connection, port: configuredPort, local, log } = options;
  const { host } = connection;
  if (connection.appToken) {
    await app.start();
    log.info(
      local
        ? `slack: local workspace at ${local.workspaceUrl} (bot over Socket Mode)`
        : 'slack: real workspace over Socket Mode',
    );
    return 'socket-mode';
  }
  const server = (await app.start({ port: configuredPort, ...(host ? { host } : {}) })) as Server;
  const { port } = server.address() as AddressInfo;
  const slackUrl = `http://${host ?? '127.0.0.1'}:${port}/slack/events`;
  local?.setBotEventsUrl(slackUrl);
  log.info(
    local
      ? `slack: local workspace at ${local.workspaceUrl} (bot at ${slackUrl})`
      : `slack: real workspace, HTTP mode: POST /slack/events on port ${port}`,
  );
  return slackUrl;
}
