/**
 * Tells listeners (a front end showing requests) of every stored change. Delivery never holds up
 * the change itself: the caller goes on while listeners run. Changes of one request reach a
 * listener one at a time, in the order they were stored; changes of different requests are
 * independent, so one slow listener call delays only its own request.
 *
 * This is a convenience, not the record: a change a crash kept from its listeners is found again
 * by the front end from the store (see the Slack side's presentation sweep).
 */
import type { Log } from '../../lib/log.js';
import type { RequestListener } from '../api.js';
import type { ChangeRequest } from '../types.js';

export interface ChangeFeed {
  publish(request: ChangeRequest): void;
  subscribe(listener: RequestListener): void;
  /** Resolves once every change published so far has been delivered (tests, shutdown). */
  drained(): Promise<void>;
}

function stackOf(err: unknown): string {
  return err instanceof Error ? (err.stack ?? `${err.name}: ${err.message}`) : String(err);
}

export function createChangeFeed(log: Log): ChangeFeed {
  const listeners: RequestListener[] = [];
  /** The delivery chain of each request with deliveries in flight; removed once it settles. */
  const chains = new Map<string, Promise<void>>();

  async function deliver(request: ChangeRequest): Promise<void> {
    for (const listener of listeners) {
      try {
        await listener(request);
      } catch (err) {
        log.error(`change listener failed for ${request.id}: ${stackOf(err)}`);
      }
    }
  }

  return {
    publish(request) {
      if (listeners.length === 0) return;
      const chain = (chains.get(request.id) ?? Promise.resolve()).then(() => deliver(request));
      chains.set(request.id, chain);
      void chain.finally(() => {
        if (chains.get(request.id) === chain) chains.delete(request.id);
      });
    },
    subscribe(listener) {
      listeners.push(listener);
    },
    async drained() {
      while (chains.size > 0) await Promise.all([...chains.values()]);
    },
  };
}
