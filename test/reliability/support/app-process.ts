/**
 * The app as a child process for crash tests: the composition root (startSecgroup) configured
 * from the environment exactly as `npm start` is, but bound to 127.0.0.1, with a short execution
 * lease and maintenance interval (RELIABILITY_LEASE_MS, RELIABILITY_MAINTENANCE_MS) so a restart
 * takes a dead process's work over in seconds. Prints `READY {"slackUrl":…}` once it listens.
 * It logs through the app's own console logger, which the test reads to check for secrets.
 */
import { loadConfig } from '../../../src/config.js';
import { startSecgroup } from '../../../src/secgroup.js';

const number = (name: string, fallback: number) => {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
};

const running = await startSecgroup(loadConfig(process.env), {
  host: '127.0.0.1',
  executionLeaseMs: number('RELIABILITY_LEASE_MS', 5 * 60_000),
  maintenanceIntervalMs: number('RELIABILITY_MAINTENANCE_MS', 60_000),
});
process.stdout.write(`READY ${JSON.stringify({ slackUrl: running.slackUrl })}\n`);
process.once('SIGTERM', () => {
  running.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
