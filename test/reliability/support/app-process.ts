/**
 * The app as a child process for crash tests: the composition root (startSecgroup) configured
 * from the environment exactly as `npm start` is, but bound to 127.0.0.1, with the production
 * heartbeat lease unless RELIABILITY_LEASE_MS sets another, and the maintenance interval of
 * RELIABILITY_MAINTENANCE_MS (a minute by default); RELIABILITY_HOST_NAME names its host in its leases
 * (replicas on this machine acting as on separate hosts). Prints `READY {"slackUrl":…}` once it listens.
 * It logs through the app's own console logger, which the test reads to check for secrets.
 * With RELIABILITY_FAULT_SIGNAL=1, SIGUSR2 makes it throw where nothing catches it and reject a
 * promise nobody handles, as a bug anywhere in the app would (the process guard's test).
 */
import { loadConfig } from '../../../src/config.js';
import { startSecgroup } from '../../../src/secgroup.js';

const number = (name: string, fallback: number) => {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
};

const running = await startSecgroup(loadConfig(process.env), {
  host: '127.0.0.1',
  ...(process.env.RELIABILITY_LEASE_MS ? { executionLeaseMs: number('RELIABILITY_LEASE_MS', 0) } : {}),
  maintenanceIntervalMs: number('RELIABILITY_MAINTENANCE_MS', 60_000),
  ...(process.env.RELIABILITY_HOST_NAME ? { hostName: process.env.RELIABILITY_HOST_NAME } : {}),
});
if (process.env.RELIABILITY_FAULT_SIGNAL === '1') {
  process.on('SIGUSR2', () => {
    setImmediate(() => {
      throw new Error('a fault nobody catches (test)');
    });
    void Promise.reject(new Error('a rejection nobody handles (test)'));
  });
}
process.stdout.write(`READY ${JSON.stringify({ slackUrl: running.slackUrl })}\n`);
process.once('SIGTERM', () => {
  running.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
