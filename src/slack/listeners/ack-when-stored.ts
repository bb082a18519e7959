import type { Log } from '../../lib/log.js';

/**
 * Slack never sends a slash command, a click or a form again, so once the app has answered one
 * (acked it), what the person did must already be stored: a crash just after an early answer
 * would lose it with nobody told. Listeners that change a request therefore store first and
 * answer after, but no later than this, since past Slack's 3 seconds the person sees an error
 * and would try again.
 */
export const ACK_DEADLINE_MS = 2_500;

export interface StoredAck<R> {
  /** Answers Slack with `response` unless the answer has gone already; true when this call sent it. */
  send(response?: R): Promise<boolean>;
}

export function ackWhenStored<R>(
  ack: (response?: R) => Promise<void>,
  log: Log,
  deadlineMs = ACK_DEADLINE_MS,
): StoredAck<R> {
  let sent = false;
  const send = async (response?: R): Promise<boolean> => {
    if (sent) return false;
    sent = true;
    clearTimeout(timer);
    await ack(response);
    return true;
  };
  const timer = setTimeout(() => {
    log.warn(`slack: answering Slack before the action was stored (${deadlineMs} ms passed)`);
    send().catch((err: unknown) => {
      log.warn(`slack: the late answer failed: ${err instanceof Error ? err.message : String(err)}`);
    });
  }, deadlineMs);
  timer.unref();
  return { send };
}
