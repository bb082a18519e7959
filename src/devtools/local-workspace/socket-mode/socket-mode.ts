/** Socket Mode for the local workspace: the WebSocket link and delivery over it, wired together. */
import type { Log } from '../../../lib/log.js';
import type { BotTransport } from '../bot-delivery.js';
import { createSocketDelivery } from './socket-delivery.js';
import { SocketLink, type SocketLinkSettings } from './socket-link.js';

export interface SocketModeSettings extends SocketLinkSettings {
  /** How long a delivery waits for the app to (re)connect before it fails with dispatch_failed; default 15 s. */
  reconnectWaitMs?: number;
}

export interface SocketMode {
  transport: BotTransport;
  link: SocketLink;
}

export function createSocketMode(options: {
  appId: string;
  now: () => number;
  log: Log;
  settings?: SocketModeSettings;
}): SocketMode {
  const settings = options.settings ?? {};
  const delivery = createSocketDelivery({
    link: () => link,
    log: options.log,
    reconnectWaitMs: settings.reconnectWaitMs,
  });
  const link = new SocketLink({
    appId: options.appId,
    now: options.now,
    log: options.log,
    settings,
    onMessage: (connection, text) => delivery.onMessage(connection, text),
    onClose: (connection) => delivery.onClose(connection),
  });
  return { transport: delivery, link };
}
