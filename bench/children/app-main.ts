/**
 * Bench child: secgroup as `npm start` runs it (src/main.ts: loadConfig from the environment, then
 * startSecgroup), except that the bot's HTTP server listens on 127.0.0.1 only; src/main.ts listens
 * on every interface in HTTP mode, as Slack must reach it, and the bench must not be reachable.
 *
 * On SIGUSR2 it writes one `MEMORY {…}` line with process.memoryUsage(), after a full garbage
 * collection when node runs with --expose-gc, so the bench can tell live memory from heap headroom.
 */
import { ConsoleLogger } from '@slack/logger';
import { loadConfig } from '../../src/config.js';
import { startSecgroup } from '../../src/secgroup.js';

const bootLog = new ConsoleLogger();
bootLog.setName('secgroup-bench');

const running = await startSecgroup(loadConfig(), { host: '127.0.0.1' }).catch((err: unknown) => {
  bootLog.error(`secgroup did not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});

let stopping = false;
const shutdown = () => {
  if (stopping) return;
  stopping = true;
  running.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
// tsx passes the signal on as well, so a second one must not end the process early.
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);

process.on('SIGUSR2', () => {
  const before = process.memoryUsage();
  const collect = (globalThis as { gc?: () => void }).gc;
  collect?.();
  const after = process.memoryUsage();
  process.stdout.write(`MEMORY ${JSON.stringify({ before, after, collected: collect !== undefined })}\n`);
});
