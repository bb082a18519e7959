/**
 * The messages of Slack's Socket Mode protocol, field for field as Slack sends them.
 * Sources: https://docs.slack.dev/apis/events-api/using-socket-mode (hello, disconnect, envelopes,
 * acknowledgements) and the envelopes captured in slackapi/python-slack-sdk
 * tests/slack_sdk/socket_mode/mock_socket_mode_server.py and test_builtin_message_parser.py
 * (slash_commands and view payloads accept a response payload, block_actions do not; only
 * events_api envelopes carry retry_attempt and retry_reason, "" and 0 on the first try and
 * "timeout" on a retry).
 */
import type { JsonObject } from '../workspace-state.js';

export type EnvelopeType = 'slash_commands' | 'interactive' | 'events_api';

/** Why Slack closes a connection: a scheduled refresh (warned ~10 s ahead), or Socket Mode turned off. */
export type DisconnectReason = 'warning' | 'refresh_requested' | 'link_disabled' | 'too_many_websockets';

/** Slack's `debug_info.started` format: "2020-10-11 12:12:12.120". */
function startedAt(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

export function helloMessage(input: {
  appId: string;
  host: string;
  numConnections: number;
  startedMs: number;
  connectionSeconds: number;
}): JsonObject {
  return {
    type: 'hello',
    num_connections: input.numConnections,
    debug_info: {
      host: input.host,
      started: startedAt(input.startedMs),
      build_number: 1,
      approximate_connection_time: input.connectionSeconds,
    },
    connection_info: { app_id: input.appId },
  };
}

export function disconnectMessage(reason: DisconnectReason, host: string): JsonObject {
  return { type: 'disconnect', reason, debug_info: { host } };
}

/** Payload types whose acknowledgement may carry an answer (response_action, options). */
const ANSWERABLE_INTERACTIONS = new Set(['view_submission', 'block_suggestion']);

export function envelope(input: {
  envelopeId: string;
  type: EnvelopeType;
  payload: JsonObject;
  /** Earlier tries of this envelope; events_api only. */
  retryAttempt: number;
}): JsonObject {
  const message: JsonObject = { envelope_id: input.envelopeId, payload: input.payload, type: input.type };
  if (input.type === 'slash_commands') message.accepts_response_payload = true;
  else if (input.type === 'interactive') {
    message.accepts_response_payload = ANSWERABLE_INTERACTIONS.has(String(input.payload.type));
  } else {
    message.accepts_response_payload = false;
    message.retry_attempt = input.retryAttempt;
    message.retry_reason = input.retryAttempt > 0 ? 'timeout' : '';
  }
  return message;
}

/** An app's acknowledgement: `{ envelope_id, payload? }`; anything else is not one. */
export function readAck(text: string): { envelopeId: string; payload: unknown } | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { envelope_id: envelopeId, payload } = parsed as { envelope_id?: unknown; payload?: unknown };
  if (typeof envelopeId !== 'string' || envelopeId === '') return undefined;
  return { envelopeId, payload };
}
