/**
 * Finds requests whose showing lags behind them — a crash between a change and its card update,
 * a card Slack refused for a while, a request stored by a process that stopped before posting it
 * — and shows them. Runs at start-up and then every `intervalMs`; the presenter's claims make it
 * safe on every replica at once.
 */
import type { Log } from '../../lib/log.js';
import type { PresentationStore } from './presentation-record.js';
import type { RequestPresenter } from './request-presenter.js';

export interface PresentationSweep {
  /** One round now; resolves when its showings are done. */
  runOnce(): Promise<void>;
  stop(): Promise<void>;
}

const BATCH = 100;

export function startPresentationSweep(options: {
  presenter: RequestPresenter;
  store: PresentationStore;
  intervalMs: number;
  log: Log;
  /** Reminders due before temporary rules expire, posted in the same round. */
  remind?: () => Promise<void>;
}): PresentationSweep {
  const { presenter, store, intervalMs, log } = options;
  let round: Promise<void> | undefined;
  let stopped = false;

  const runOnce = (): Promise<void> => {
    round ??= (async () => {
      try {
        // One already being shown here shows the latest state when its turn comes (it may be waiting
        // out a long Retry-After): waiting for it would hold up every other request of the next rounds.
        const behind = (await store.listBehind(BATCH)).filter((id) => !presenter.showing(id));
        if (behind.length > 0) log.info(`slack: showing ${behind.length} request(s) whose messages lag behind`);
        await Promise.all(behind.map((id) => presenter.render(id)));
        await options.remind?.();
      } catch (err) {
        log.error(`slack: presentation sweep failed: ${err instanceof Error ? err.message : String(err)}`);
      } finally {
        round = undefined;
      }
    })();
    return round;
  };

  const timer = setInterval(() => {
    if (!stopped && !round) void runOnce();
  }, intervalMs);
  timer.unref();
  return {
    runOnce,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await round;
    },
  };
}
