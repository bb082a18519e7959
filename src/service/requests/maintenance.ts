/**
 * Periodic upkeep of requests: expire what waited too long, and finish what a stopped process
 * left behind once its claim has lapsed. Start-up should also await `recover()` once itself.
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
  changeRequests: Pick<ChangeRequestService, 'expireDue' | 'recover'>;
  intervalMs: number;
  log: Log;
}): RequestMaintenance {
  const { changeRequests, intervalMs, log } = options;
  let round: Promise<void> | undefined;

  const runOnce = (): Promise<void> => {
    // A slow round (a cloud call during recovery) is not overlapped by the next one.
    round ??= (async () => {
      try {
        await changeRequests.expireDue();
        await changeRequests.recover();
      } catch (err) {
        log.error(`request maintenance failed: ${err instanceof Error ? err.message : String(err)}`);
      } finally {
        round = undefined;
      }
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
