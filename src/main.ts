/**
 * `npm start`: load the configuration, start secgroup, and on SIGTERM or SIGINT drain it (see
 * RunningSecgroup.stop: not ready at once, executions in flight get SECGROUP_DRAIN_TIMEOUT_SECONDS,
 * then their leases are handed over) and exit 0.
 */
import { ConfigError, loadConfig, secretValues } from './config.js';
import { createAppLogger } from './lib/app-logger.js';
import { type RunningSecgroup, startSecgroup } from './secgroup.js';

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  // The configuration, LOG_FORMAT included, is what failed: this is said in text.
  createAppLogger({ format: 'text', level: 'info' }).error(err.message);
  process.exit(1);
}
const log = createAppLogger({ format: config.logFormat, level: config.logLevel, secrets: secretValues(config) });

let running: RunningSecgroup | undefined;
let stopRequested: string | undefined;

const stop = (signal: string) => {
  log.info(`${signal}: stopping`);
  (running?.stop() ?? Promise.resolve()).then(
    () => process.exit(0),
    (err: unknown) => {
      log.error(`did not stop cleanly: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    },
  );
};

// Installed before start-up, so a signal that arrives while starting still stops cleanly.
const onSignal = (signal: string) => {
  if (stopRequested) return;
  stopRequested = signal;
  if (running) stop(signal);
};
process.once('SIGINT', () => onSignal('SIGINT'));
process.once('SIGTERM', () => onSignal('SIGTERM'));

try {
  running = await startSecgroup(config, { logger: log });
} catch (err) {
  log.error(`secgroup did not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
if (stopRequested) stop(stopRequested);
