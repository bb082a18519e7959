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
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { type RunningEmulator, startEmulator } from '../src/cloud/emulator/emulator.js';
import { emulatorCloudConfig } from '../src/cloud/emulator/emulator-cloud-config.js';
import { createTencentProvider } from '../src/cloud/tencent/tencent-provider.js';
import { loadConfig } from '../src/config.js';
import type { Log } from '../src/service/ports.js';
import type { Peer, Rule, Template } from '../src/service/types.js';

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

/** Until the service's template loader exists: the manifest's rules, read as the service plans them. */
async function loadTemplate(id: string): Promise<Template> {
  const doc = parseYaml(await readFile(config.templatesFile, 'utf8')) as { templates?: Template[] };
  const raw = doc.templates?.find((t) => t.id === id);
  if (!raw) throw new Error(`template ${id} not found in ${config.templatesFile}`);
  const peer = (text: string): Peer =>
    text.startsWith('sg-')
      ? { kind: 'security-group', groupId: text }
      : text.includes(':')
        ? { kind: 'ipv6', cidr: text }
        : { kind: 'ipv4', cidr: text };
  const rules = (raw.rules as unknown as (Omit<Rule, 'peer'> & { peer: string })[]).map((r) => ({
    ...r,
    port: String(r.port),
    peer: peer(r.peer),
  }));
  return { ...raw, rules };
}

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
  const template = await loadTemplate(TEMPLATE_ID);
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
