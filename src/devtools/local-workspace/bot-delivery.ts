/**
 * How the local workspace hands the bot what people do, whatever the transport: an HTTP POST
 * to the bot's request URL (http-delivery.ts) or an envelope over Socket Mode (socket-mode/).
 * Either way the bot acknowledges within 3 seconds, optionally with a response body.
 */
import type { JsonObject } from './workspace-state.js';

/** Slack gives an app 3 seconds to acknowledge a command, an interaction or an event. */
export const BOT_ACK_TIMEOUT_MS = 3_000;

/**
 * What to deliver, named by Socket Mode's envelope types. The payload is built when it is about
 * to be sent (again, if a dropped connection makes the workspace send it once more), so the
 * trigger_id in it starts its 3 seconds then.
 */
export type Delivery =
  | { type: 'slash_commands'; build: () => Record<string, string> }
  | { type: 'interactive'; build: () => JsonObject }
  | { type: 'events_api'; build: () => JsonObject };

/** The body of the bot's acknowledgement: nothing, JSON, or plain text (HTTP only). */
export type AckBody = { json: unknown } | { text: string } | undefined;

export type BotAnswer =
  | { kind: 'acked'; body: AckBody }
  /** `error` is what Slack shows people: operation_timeout, dispatch_failed, http_error_<status>. */
  | { kind: 'failed'; error: string; detail: string };

export interface BotTransport {
  deliver(delivery: Delivery): Promise<BotAnswer>;
}
