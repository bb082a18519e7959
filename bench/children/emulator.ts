/**
 * Bench child: the project's Tencent Cloud API emulator in a process of its own (as the real cloud
 * is another machine), in memory, with a quota large enough for every group the bench creates.
 * It counts the calls it answers from the one debug line the emulator logs per answered call,
 * and reports the counts when asked. Latency is set through the emulator's own admin endpoint.
 */
import { startEmulator } from '../../src/devtools/tencent-emulator/emulator.js';
import type { Log } from '../../src/lib/log.js';
import type { CloudCountsMessage, ReadyMessage } from '../lib/messages.js';

const ANSWERED = /^emulator: (\S+) .*→ /;
const counts: Record<string, number> = {};

const log: Log = {
  debug(...msg: unknown[]) {
    const action = ANSWERED.exec(String(msg[0]))?.[1];
    if (action) counts[action] = (counts[action] ?? 0) + 1;
  },
  info() {},
  warn() {},
  error(...msg: unknown[]) {
    process.stderr.write(`${msg.map(String).join(' ')}\n`);
  },
};

const emulator = await startEmulator({
  host: '127.0.0.1',
  port: 0,
  // Made up per run by the orchestrator; they only travel between its own processes.
  secretId: process.env.BENCH_CLOUD_SECRET_ID ?? '',
  secretKey: process.env.BENCH_CLOUD_SECRET_KEY ?? '',
  groupQuota: 1_000_000,
  log,
});

process.on('message', (message: unknown) => {
  if ((message as { type?: string }).type === 'cloud-counts') {
    const reply: CloudCountsMessage = { type: 'cloud-counts', counts: { ...counts } };
    process.send?.(reply);
  }
});
process.on('disconnect', () => {
  emulator.stop().then(() => process.exit(0));
});
const ready: ReadyMessage = { type: 'ready', url: emulator.url };
process.send?.(ready);
