/**
 * Delivery over Socket Mode: each command, interaction or event goes out as an envelope on one
 * open connection and waits up to 3 seconds for the app's acknowledgement with that envelope_id.
 *
 * Across reconnects nothing is lost and nothing acknowledged is sent twice: while the app has no
 * open connection (between a refresh and its reconnect) a delivery waits for one, up to
 * `reconnectWaitMs`; an envelope whose connection closes before it was acknowledged is sent again
 * on the next connection (rebuilt, so its trigger_id is fresh). An acknowledged envelope is done.
 */
import { randomUUID } from 'node:crypto';
import type { Log } from '../../../lib/log.js';
import { BOT_ACK_TIMEOUT_MS, type BotAnswer, type BotTransport } from '../bot-delivery.js';
import type { JsonObject } from '../workspace-state.js';
import type { SocketConnection, SocketLink } from './socket-link.js';
import { envelope, readAck } from './socket-messages.js';

/** Enough for the Socket Mode client's first reconnect, which waits 5 s before it asks for a new URL. */
export const DEFAULT_RECONNECT_WAIT_MS = 15_000;
/** An envelope is sent at most this many times (its connection closing each time before an acknowledgement). */
const MAX_SENDS = 4;

type SendOutcome = { kind: 'acked'; payload: unknown } | { kind: 'closed' } | { kind: 'timeout' };

interface Pending {
  connection: SocketConnection;
  settle: (outcome: SendOutcome) => void;
}

export interface SocketDelivery extends BotTransport {
  /** The link calls these with what arrives on, and the closing of, each connection. */
  onMessage(connection: SocketConnection, text: string): void;
  onClose(connection: SocketConnection): void;
}

/** An acknowledgement's payload as the bot meant it: `{}` (what SDKs send for a bare ack) is nothing. */
function ackBody(payload: unknown): Extract<BotAnswer, { kind: 'acked' }> {
  const empty =
    payload === undefined ||
    payload === null ||
    (typeof payload === 'object' && !Array.isArray(payload) && Object.keys(payload).length === 0);
  return { kind: 'acked', body: empty ? undefined : { json: payload } };
}

export function createSocketDelivery(options: {
  link: () => SocketLink;
  log: Log;
  reconnectWaitMs?: number;
  ackTimeoutMs?: number;
}): SocketDelivery {
  const reconnectWaitMs = options.reconnectWaitMs ?? DEFAULT_RECONNECT_WAIT_MS;
  const ackTimeoutMs = options.ackTimeoutMs ?? BOT_ACK_TIMEOUT_MS;
  const pending = new Map<string, Pending>();

  const sendOnce = (connection: SocketConnection, envelopeId: string, message: JsonObject) =>
    new Promise<SendOutcome>((resolve) => {
      const timer = setTimeout(() => settle({ kind: 'timeout' }), ackTimeoutMs);
      const settle = (outcome: SendOutcome) => {
        clearTimeout(timer);
        pending.delete(envelopeId);
        resolve(outcome);
      };
      pending.set(envelopeId, { connection, settle });
      if (!options.link().send(connection, message)) settle({ kind: 'closed' });
    });

  return {
    async deliver(delivery) {
      const envelopeId = randomUUID();
      for (let sends = 0; sends < MAX_SENDS; sends += 1) {
        const connection = await options.link().connection(reconnectWaitMs);
        if (!connection) {
          return {
            kind: 'failed',
            error: 'dispatch_failed',
            detail: `no Socket Mode connection within ${reconnectWaitMs} ms`,
          };
        }
        const payload = delivery.build();
        const outcome = await sendOnce(
          connection,
          envelopeId,
          envelope({ envelopeId, type: delivery.type, payload, retryAttempt: sends }),
        );
        if (outcome.kind === 'acked') return ackBody(outcome.payload);
        if (outcome.kind === 'timeout') {
          return { kind: 'failed', error: 'operation_timeout', detail: `no acknowledgement within ${ackTimeoutMs} ms` };
        }
        options.log.info(
          `local workspace: connection ${connection.id} closed before envelope ${envelopeId} was acknowledged; sending it again`,
        );
      }
      return { kind: 'failed', error: 'dispatch_failed', detail: `connections kept closing (${MAX_SENDS} tries)` };
    },

    onMessage(connection, text) {
      const ack = readAck(text);
      const waiting = ack ? pending.get(ack.envelopeId) : undefined;
      if (!ack || !waiting) {
        options.log.debug(
          `local workspace: ignored a Socket Mode message on connection ${connection.id} that acknowledges nothing pending`,
        );
        return;
      }
      waiting.settle({ kind: 'acked', payload: ack.payload });
    },

    onClose(connection) {
      for (const waiting of [...pending.values()]) {
        if (waiting.connection === connection) waiting.settle({ kind: 'closed' });
      }
    },
  };
}
