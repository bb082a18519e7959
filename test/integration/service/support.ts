/**
 * Builds the real service on a real temp SQLite file and the real Tencent provider, with the
 * emulator (reached over HTTP on 127.0.0.1, as TENCENTCLOUD_ENDPOINT configures it) and a test
 * clock as its only stand-ins.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTencentProvider } from '../../../src/cloud/tencent/tencent-provider.js';
import { loadConfig } from '../../../src/config.js';
import type { CatalogService, ChangeRequestService } from '../../../src/service/api.js';
import { type CatalogServiceDeps, createCatalogService } from '../../../src/service/catalog/catalog.js';
import { loadTemplates } from '../../../src/service/catalog/templates.js';
import type { ApproverDirectory, CacheStore, CloudProvider, RequestStore } from '../../../src/service/ports.js';
import { type ChangeRequestServiceDeps, createChangeRequestService } from '../../../src/service/requests/lifecycle.js';
import type { Region, Template } from '../../../src/service/types.js';
import { type OpenStore, openStore } from '../../../src/store/open-store.js';
import { createTestClock, type TestClock } from '../../helpers/clock.js';
import { type RecordingLogger, recordingLogger } from '../../helpers/recording-logger.js';
import {
  type EmulatorOptions,
  emulatorEnv,
  type RunningEmulator,
  refuseNetworkButLocal,
  startTestEmulator,
} from '../../helpers/test-emulator.js';

export const REQUESTER = 'U_REQUESTER';
export const APPROVERS = Array.from({ length: 50 }, (_, i) => `U_APPROVER${String(i).padStart(2, '0')}`);
export const [AP1 = '', AP2 = '', AP3 = ''] = APPROVERS;
export const STRANGER = 'U_STRANGER';
export const HOUR = 3_600_000;
export const REQUEST_TTL_MS = 24 * HOUR;
export const LEASE_MS = 5 * 60_000;

export const DEFAULT_REGIONS: Region[] = [
  { id: 'ap-guangzhou', name: 'South China (Guangzhou)' },
  { id: 'ap-singapore', name: 'Southeast Asia (Singapore)' },
];

export function approverDirectory(ids: readonly string[] = APPROVERS): ApproverDirectory {
  const set = new Set(ids);
  return {
    isApprover: async (id) => set.has(id),
    approverIds: async () => [...set],
  };
}

export interface Harness {
  dir: string;
  dbPath: string;
  clock: TestClock;
  /** Tencent Cloud: faults, holds, recorded calls and state (see test/helpers/test-emulator.ts). */
  emulator: RunningEmulator;
  /** The real provider on the emulator, as the service uses it. */
  cloud: CloudProvider;
  log: RecordingLogger;
  templates: Template[];
  store: RequestStore;
  cache: CacheStore;
  catalog: CatalogService;
  service: ChangeRequestService;
  /** Another process: its own store on the same file and its own service, sharing the cloud and clock. */
  secondProcess(): Promise<{ store: RequestStore; cache: CacheStore; service: ChangeRequestService }>;
  close(): Promise<void>;
}

export async function startHarness(
  options: {
    /** An emulator the caller owns (and stops), instead of the harness's own. */
    emulator?: RunningEmulator;
    emulatorOptions?: Partial<EmulatorOptions>;
    /** The provider's retries (quick ones); none by default, so a fault a test injects is the failure the service sees. */
    cloudRetries?: number;
    service?: Partial<ChangeRequestServiceDeps>;
    catalog?: Partial<CatalogServiceDeps>;
  } = {},
): Promise<Harness> {
  const dir = await mkdtemp(join(tmpdir(), 'secgroup-service-'));
  const dbPath = join(dir, 'data', 'secgroup.sqlite');
  const clock = createTestClock();
  const log = recordingLogger();
  const emulator = options.emulator ?? (await startTestEmulator(options.emulatorOptions));
  const releaseNetwork = options.emulator ? undefined : refuseNetworkButLocal();
  const config = loadConfig(emulatorEnv(emulator));
  const retry = { retries: options.cloudRetries ?? 0, minTimeoutMs: 1, maxTimeoutMs: 5 };
  const cloud = createTencentProvider({ cloud: config.cloud, log, retry });
  const templates = await loadTemplates('manifest/templates.yml');
  const stores: OpenStore[] = [];
  const services: ChangeRequestService[] = [];

  async function build(processId: string) {
    const opened = await openStore({ sqlitePath: dbPath, clock, log });
    stores.push(opened);
    const store = opened.requests;
    const cache = opened.cache;
    const catalog = createCatalogService({
      cloud,
      cache,
      requests: store,
      templates,
      defaultRegions: DEFAULT_REGIONS,
      defaultRegion: 'ap-guangzhou',
      cacheTtlMs: HOUR,
      clock,
      log,
      ...options.catalog,
    });
    const service = createChangeRequestService({
      store,
      cloud,
      catalog,
      approvers: approverDirectory(),
      clock,
      log,
      requestTtlMs: REQUEST_TTL_MS,
      executionLeaseMs: LEASE_MS,
      processId,
      ...options.service,
    });
    services.push(service);
    return { store, cache, catalog, service };
  }

  const first = await build('process-1');
  let processes = 1;
  return {
    dir,
    dbPath,
    clock,
    emulator,
    cloud,
    log,
    templates,
    ...first,
    async secondProcess() {
      processes += 1;
      const { store, cache, service } = await build(`process-${processes}`);
      return { store, cache, service };
    },
    async close() {
      // The cloud first: a call it still holds ends, and is recorded, while the stores are open.
      if (!options.emulator) await emulator.stop();
      await Promise.all(services.map((s) => s.settled()));
      await Promise.all(stores.map((s) => s.close()));
      await rm(dir, { recursive: true, force: true });
      releaseNetwork?.();
    },
  };
}

/**
 * What approving a request costs against the cloud, from the `from`th call on: the Tencent
 * actions of the execution (the tag lookup among them), without the quota reads around it.
 */
export function executionCalls(emulator: RunningEmulator, from = 0): string[] {
  const execution = new Set([
    'CreateSecurityGroupWithPolicies',
    'CreateSecurityGroupPolicies',
    'DescribeSecurityGroupPolicies',
  ]);
  const isTagLookup = (params: unknown) =>
    JSON.stringify((params as { Filters?: unknown }).Filters ?? []).includes('"tag:');
  return emulator
    .calls()
    .slice(from)
    .filter((c) => execution.has(c.action) || (c.action === 'DescribeSecurityGroups' && isTagLookup(c.params)))
    .map((c) => c.action);
}

export const createInput = (overrides: Record<string, unknown> = {}) => ({
  region: 'ap-guangzhou',
  templateId: 'web-basic',
  name: 'web-prod',
  projectId: '0',
  notes: 'Front end servers',
  ...overrides,
});

export const sshRule = {
  direction: 'inbound',
  protocol: 'TCP',
  port: '22',
  peer: '203.0.113.0/24',
  action: 'ACCEPT',
  description: 'SSH from the office',
};
