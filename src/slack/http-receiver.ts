import type { IncomingMessage, ServerResponse } from 'node:http';
import { type CustomRoute, HTTPReceiver, type Logger } from '@slack/bolt';

/** Slack's replay window: a request signed more than this far from now, either way, is refused. */
export const MAX_CLOCK_SKEW_SECONDS = 5 * 60;

export interface HttpReceiverOptions {
  signingSecret: string;
  logger: Logger;
  /** Served beside POST /slack/events without a Slack signature (health checks, metrics). */
  routes?: CustomRoute[];
}

function refuse(res: ServerResponse): void {
  res.writeHead(401);
  res.end();
}

/**
 * Bolt's HTTP receiver (POST /slack/events, signature checked, requests older than 5 minutes
 * refused), plus the check Bolt lacks: a timestamp more than 5 minutes in the future is refused
 * too, so a request signed ahead of time cannot be replayed later.
 */
export function createHttpReceiver(options: HttpReceiverOptions): HTTPReceiver {
  const receiver = new HTTPReceiver({
    signingSecret: options.signingSecret,
    endpoints: '/slack/events',
    logger: options.logger,
    customRoutes: options.routes ?? [],
  });
  const verifyAndDispatch = receiver.requestListener;
  receiver.requestListener = (req: IncomingMessage, res: ServerResponse) => {
    const header = req.headers['x-slack-request-timestamp'];
    const timestamp = Number(Array.isArray(header) ? header[0] : header);
    if (Number.isFinite(timestamp) && timestamp - Date.now() / 1000 > MAX_CLOCK_SKEW_SECONDS) {
      options.logger.warn('slack: refused a request timestamped more than 5 minutes in the future');
      refuse(res);
      return;
    }
    verifyAndDispatch(req, res);
  };
  return receiver;
}
