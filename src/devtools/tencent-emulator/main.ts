/** `npm run emulator`: the Tencent Cloud API emulator on its own, configured by EMULATOR_* variables. */
import { ConfigError, loadConfig } from '../../config.js';
import type { Log } from '../../lib/log.js';
import { startEmulator } from './emulator.js';
import { emulatorOptions } from './emulator-cloud-config.js';

const LEVELS = ['debug', 'info', 'warn', 'error'] as const;

function streamLog(minimum: (typeof LEVELS)[number]): Log {
  const at =
    (level: (typeof LEVELS)[number]) =>
    (...msg: unknown[]) => {
      if (LEVELS.indexOf(level) < LEVELS.indexOf(minimum)) return;
      const line = msg.map((m) => (m instanceof Error ? (m.stack ?? m.message) : String(m))).join(' ');
      (level === 'error' || level === 'warn' ? process.stderr : process.stdout).write(`[${level}] ${line}\n`);
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (err) {
  process.stderr.write(`${err instanceof ConfigError ? err.message : String(err)}\n`);
  process.exit(1);
}

const e = config.emulator;
const emulator = await startEmulator({ ...emulatorOptions(e), log: streamLog(config.logLevel) });

// The secret key is printed only when it is the built-in local default, never one that was set.
const builtInKey = e.secretKey === loadConfig({}).emulator.secretKey;
const groups = emulator.state().groups.length;
process.stdout.write(
  [
    `Tencent Cloud API emulator listening on ${emulator.url}`,
    `  state:  ${e.stateFile} (${groups} security group${groups === 1 ? '' : 's'})`,
    `  quotas: ${e.groupQuota} groups per region per project, ${e.ruleQuota} rules per group per direction`,
    `  faults: ${e.latencyMs} ms latency, ${e.throttleRate} throttled, ${e.error5xxRate} HTTP 503`,
    'Point the provider at it with:',
    `  TENCENTCLOUD_ENDPOINT=${emulator.url}`,
    `  TENCENTCLOUD_SECRET_ID=${e.secretId}`,
    builtInKey
      ? `  TENCENTCLOUD_SECRET_KEY=${e.secretKey}   (the built-in local key)`
      : '  TENCENTCLOUD_SECRET_KEY=<the EMULATOR_SECRET_KEY you set>',
    'Admin: GET /__admin/state · POST /__admin/faults · POST /__admin/limits · POST /__admin/regions · POST /__admin/reset · GET|DELETE /__admin/calls ·',
    '       POST /__admin/associations (see README: The local Tencent Cloud API emulator)',
    '',
  ].join('\n'),
);

const shutdown = (signal: string) => {
  process.stdout.write(`${signal}: stopping the emulator\n`);
  emulator.stop().then(
    () => process.exit(0),
    (err: unknown) => {
      process.stderr.write(`emulator did not stop cleanly: ${String(err)}\n`);
      process.exit(1);
    },
  );
};
process.once('SIGINT', () => shutdown('SIGINT'));
process.once('SIGTERM', () => shutdown('SIGTERM'));
