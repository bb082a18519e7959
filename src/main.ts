/** `npm start`: load the configuration, start secgroup, stop it cleanly on SIGINT/SIGTERM. */
import { ConsoleLogger } from '@slack/logger';
import { ConfigError, loadConfig } from './config.js';
import { type RunningSecgroup, startSecgroup } from './secgroup.js';

const bootLog = new ConsoleLogger();
bootLog.setName('secgroup');

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  bootLog.error(err.message);
  process.exit(1);
}

let running: RunningSecgroup | undefined;
let stopRequested: string | undefined;

const stop = (signal: string) => {
  bootLog.info(`${signal}: stopping`);
  (running?.stop() ?? Promise.resolve()).then(
    () => process.exit(0),
    (err: unknown) => {
      bootLog.error(`did not stop cleanly: ${err instanceof Error ? err.message : String(err)}`);
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
  running = await startSecgroup(config);
} catch (err) {
  bootLog.error(`secgroup did not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
if (stopRequested) stop(stopRequested);
