/** `npm start`: load the configuration, start secgroup, stop it cleanly on SIGINT/SIGTERM. */
import { ConsoleLogger } from '@slack/logger';
import { ConfigError, loadConfig } from './config.js';
import { startSecgroup } from './secgroup.js';

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

let running: Awaited<ReturnType<typeof startSecgroup>>;
try {
  running = await startSecgroup(config);
} catch (err) {
  bootLog.error(`secgroup did not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}

let stopping = false;
const shutdown = (signal: string) => {
  if (stopping) return;
  stopping = true;
  bootLog.info(`${signal}: stopping`);
  running.stop().then(
    () => process.exit(0),
    (err: unknown) => {
      bootLog.error(`did not stop cleanly: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    },
  );
};
process.once('SIGINT', () => shutdown('SIGINT'));
process.once('SIGTERM', () => shutdown('SIGTERM'));
