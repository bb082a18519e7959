/**
 * Tencent Cloud in tests: the emulator (src/devtools/tencent-emulator) on 127.0.0.1, reached by
 * the app through the real provider, configured as a user would (TENCENTCLOUD_ENDPOINT…). What a
 * test seeds goes in over Tencent's API; what it reads back is the emulator's state, read with the
 * provider's own mapping; faults and holds are the emulator's.
 */
import nock from 'nock';
import { CommonClient } from 'tencentcloud-sdk-nodejs-common';
import { groupFromTencent, policySetFor, policyToRule } from '../../src/cloud/tencent/policy-mapping.js';
import { policySchema, securityGroupSchema } from '../../src/cloud/tencent/response-schemas.js';
import { serviceHost, TENCENT_APIS, TENCENT_SERVICES } from '../../src/cloud/tencent/tencent-apis.js';
import { createTransport } from '../../src/cloud/tencent/transport.js';
import type { RecordedCall } from '../../src/devtools/tencent-emulator/call-log.js';
import {
  type EmulatorOptions,
  type RunningEmulator,
  startEmulator,
} from '../../src/devtools/tencent-emulator/emulator.js';
import type { ScriptedFaultInput } from '../../src/devtools/tencent-emulator/faults.js';
import { describeGroup } from '../../src/devtools/tencent-emulator/groups.js';
import { DIRECTIONS, type Rule, type SecurityGroup } from '../../src/service/types.js';

export type { EmulatorOptions, RunningEmulator } from '../../src/devtools/tencent-emulator/emulator.js';

export const TEST_TENCENT_CREDENTIALS = {
  secretId: 'AKIDTESTNOTREAL000000000000000000000',
  secretKey: 'test-tencent-key-not-real',
};

/** Projects besides the Default project (0) that a test emulator starts with. */
export const TEST_PROJECTS = [{ id: 1001, name: 'Payments' }];

/** An emulator on 127.0.0.1, a free port, no random faults. */
export function startTestEmulator(options: Partial<EmulatorOptions> = {}): Promise<RunningEmulator> {
  return startEmulator({
    host: '127.0.0.1',
    port: 0,
    ...TEST_TENCENT_CREDENTIALS,
    projects: TEST_PROJECTS,
    random: () => 0.5,
    ...options,
  });
}

/**
 * The configuration that points the app at the emulator, as a user writes it in .env: its keys,
 * and its URL (or that of something in between, such as a gate).
 */
export function emulatorEnv(
  emulator: RunningEmulator,
  credentials = TEST_TENCENT_CREDENTIALS,
  endpoint = emulator.url,
): Record<string, string> {
  return {
    TENCENTCLOUD_SECRET_ID: credentials.secretId,
    TENCENTCLOUD_SECRET_KEY: credentials.secretKey,
    TENCENTCLOUD_ENDPOINT: endpoint,
  };
}

/**
 * Refuses every connection but to 127.0.0.1. Requests to the emulator name Tencent's hosts (they
 * are signed for them) and go over plain HTTP on connections the provider opens to the endpoint;
 * the provider only speaks plain HTTP to an endpoint it is given, never to Tencent itself (HTTPS).
 * Returns what lets the network go again.
 */
export function refuseNetworkButLocal(): () => void {
  const emulated = new Set(TENCENT_SERVICES.map((s) => `${serviceHost(s)}:80`));
  nock.disableNetConnect();
  nock.enableNetConnect((host: string) => host.startsWith('127.0.0.1:') || emulated.has(host));
  return () => {
    nock.cleanAll();
    nock.enableNetConnect();
  };
}

/** The calls the emulator received for one Tencent action, oldest first. */
export function callsTo(emulator: RunningEmulator, action: string): RecordedCall[] {
  return emulator.calls().filter((c) => c.action === action);
}

/** The next `times` (default 1) calls to `action` fail as given, after any faults already queued. */
export function failNext(emulator: RunningEmulator, fault: ScriptedFaultInput): void {
  emulator.setFaults({ scripted: [...emulator.faults().scripted, fault] });
}

/** The groups of a region, oldest first, as the provider reads them. */
export function groupsIn(emulator: RunningEmulator, region: string): SecurityGroup[] {
  return emulator
    .state()
    .groups.filter((g) => g.Region === region)
    .map((g) => groupFromTencent(securityGroupSchema.parse(describeGroup(g)), region));
}

/** A group's rules (inbound, then outbound), as the provider reads them; [] for no such group. */
export function rulesOf(emulator: RunningEmulator, groupId: string): Rule[] {
  const group = emulator.state().groups.find((g) => g.SecurityGroupId === groupId);
  if (!group) return [];
  return DIRECTIONS.flatMap((direction) =>
    (direction === 'inbound' ? group.Ingress : group.Egress).flatMap((policy) => {
      const read = policyToRule(direction, policySchema.parse(policy));
      return 'rule' in read ? [read.rule] : [];
    }),
  );
}

/** A group made outside secgroup (the console, an earlier tool), through Tencent's API. */
export async function seedGroup(
  emulator: RunningEmulator,
  region: string,
  fields: { name?: string; projectId?: string; tags?: Record<string, string>; rules?: Rule[] } = {},
): Promise<SecurityGroup> {
  const transport = createTransport(emulator.url);
  const client = new CommonClient(serviceHost('vpc'), TENCENT_APIS.vpc.version, {
    credential: TEST_TENCENT_CREDENTIALS,
    region,
    profile: { httpProfile: { protocol: transport.protocol, agent: transport.agent, reqTimeout: 10 } },
  });
  const tags = Object.entries(fields.tags ?? {}).map(([Key, Value]) => ({ Key, Value }));
  const answer = (await client.request('CreateSecurityGroupWithPolicies', {
    GroupName: fields.name ?? 'seeded',
    GroupDescription: '',
    ProjectId: fields.projectId ?? '0',
    SecurityGroupPolicySet: policySetFor(fields.rules ?? []),
    ...(tags.length > 0 ? { Tags: tags } : {}),
  })) as { SecurityGroup: unknown };
  transport.agent.destroy();
  return groupFromTencent(securityGroupSchema.parse(answer.SecurityGroup), region);
}
