/**
 * Creates a security group from the "web-basic" template ("Open port 22, 80, 443, 3389 and ICMP
 * protocol") on the Tencent Cloud API emulator, through the real provider and SDK client, and
 * prints the rules read back.
 *
 *   npx tsx scripts/demo-create-group.ts                 # starts its own emulator (state in memory)
 *   npx tsx scripts/demo-create-group.ts --endpoint URL  # uses a running one (`npm run emulator`)
 *
 * It never uses TENCENTCLOUD_* credentials, so it cannot touch a real account.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { createTencentProvider } from '../src/cloud/tencent/tencent-provider.js';
import { loadConfig } from '../src/config.js';
import { type RunningEmulator, startEmulator } from '../src/devtools/tencent-emulator/emulator.js';
import { emulatorCloudConfig } from '../src/devtools/tencent-emulator/emulator-cloud-config.js';
import type { Log } from '../src/lib/log.js';
import { loadTemplates } from '../src/service/catalog/templates.js';
import type { Peer } from '../src/service/types.js';

const TEMPLATE_ID = 'web-basic';

const { values: args } = parseArgs({ options: { endpoint: { type: 'string' } } });
const config = loadConfig();
const out = (line = '') => process.stdout.write(`${line}\n`);
const log: Log = {
  debug() {},
  info() {},
  warn: (...m) => process.stderr.write(`[warn] ${m.join(' ')}\n`),
  error: (...m) => process.stderr.write(`[error] ${m.join(' ')}\n`),
};

function peerText(peer: Peer): string {
  return peer.kind === 'security-group' ? peer.groupId : peer.cidr;
}

let started: RunningEmulator | undefined;
try {
  if (!args.endpoint) {
    started = await startEmulator({
      port: 0,
      secretId: config.emulator.secretId,
      secretKey: config.emulator.secretKey,
    });
    out(`Started a Tencent Cloud API emulator at ${started.url} (state in memory)`);
  }
  const endpoint = args.endpoint ?? started?.url ?? '';
  const provider = createTencentProvider({
    cloud: emulatorCloudConfig(config.cloud, config.emulator, endpoint),
    log,
  });
  const template = (await loadTemplates(config.templatesFile)).find((t) => t.id === TEMPLATE_ID);
  if (!template) throw new Error(`template ${TEMPLATE_ID} not found in ${config.templatesFile}`);
  const requestId = randomUUID();
  const region = config.defaultRegion;
  out(`Creating "${template.name}" in ${region} through ${endpoint} …`);
  const group = await provider.createGroupWithRules({
    region,
    name: `demo-${TEMPLATE_ID}-${requestId.slice(0, 8)}`,
    description: template.description,
    projectId: '0',
    rules: template.rules,
    requestId,
  });
  out(`Created ${group.id} "${group.name}" at ${group.createdTime}, tag secgroup-request=${requestId}`);
  const rules = await provider.describeRules(region, group.id);
  out(`Rules read back (${rules.length}):`);
  const rows = rules.map((r) => [r.direction, r.protocol, r.port, peerText(r.peer), r.action, r.description]);
  const header = ['direction', 'protocol', 'port', 'peer', 'action', 'description'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  for (const row of [header, ...rows]) {
    out(`  ${row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ')}`.trimEnd());
  }
  const again = await provider.findGroupByRequestTag(region, requestId);
  out(`Looked up by its request tag: ${again?.id ?? 'not found'}`);
} finally {
  await started?.stop();
}
