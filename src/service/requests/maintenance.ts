/**
 * Periodic upkeep of requests: expire what waited too long, finish what a stopped process left
 * behind once its claim has lapsed, and remove temporary rules whose time is up (those due while
 * the app was down go in the round at start-up). Start-up should also await `recover()` once itself.
 */

import type { Log } from '../../lib/log.js';
import type { ChangeRequestService } from '../api.js';

export interface RequestMaintenance {
  /** One round now (start-up); resolves when it is done. */
  runOnce(): Promise<void>;
  /** Stops the timer and waits for a round in progress. */
  stop(): Promise<void>;
}

export function startRequestMaintenance(options: {
  changeRequests: Pick<ChangeRequestService, 'expireDue' | 'recover' | 'removeExpiredAccess'>;
  intervalMs: number;
  log: Log;
}): RequestMaintenance {
  const { changeRequests, intervalMs, log } = options;
  let round: Promise<void> | undefined;

  const runOnce = (): Promise<void> => {
    // A slow round (a cloud call during recovery) is not overlapped by the next one.
    round ??= (async () => {
      // Each step on its own: a failing one does not keep temporary rules in place past their time.
      for (const step of [changeRequests.expireDue, changeRequests.recover, changeRequests.removeExpiredAccess]) {
        try {
          await step();
        } catch (err) {
          log.error(`request maintenance failed: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
      round = undefined;
    })();
    return round;
  };

  const timer = setInterval(() => void runOnce(), intervalMs);
  timer.unref();
  return {
    runOnce,
    async stop() {
      clearInterval(timer);
      await round;
    },
  };
}
