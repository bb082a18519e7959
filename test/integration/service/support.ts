/**
 * Builds the real service on a real temp SQLite file, with the in-memory cloud and a test clock
 * as its only stand-ins.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Log } from '../../../src/lib/log.js';
import type { CatalogService, ChangeRequestService } from '../../../src/service/api.js';
import { type CatalogServiceDeps, createCatalogService } from '../../../src/service/catalog/catalog.js';
import { loadTemplates } from '../../../src/service/catalog/templates.js';
import type { ApproverDirectory, CacheStore, RequestStore } from '../../../src/service/ports.js';
import { type ChangeRequestServiceDeps, createChangeRequestService } from '../../../src/service/requests/lifecycle.js';
import type { Region, Template } from '../../../src/service/types.js';
import { type OpenStore, openStore } from '../../../src/store/open-store.js';
import { createTestClock, type TestClock } from '../../helpers/clock.js';
import { InMemoryCloud } from '../../helpers/in-memory-cloud.js';

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

export interface LogEntry {
  level: 'debug' | 'info' | 'warn' | 'error';
  text: string;
}

export interface RecordingLog extends Log {
  entries: LogEntry[];
}

export function recordingLog(): RecordingLog {
  const entries: LogEntry[] = [];
  const at =
    (level: LogEntry['level']) =>
    (...msg: unknown[]) => {
      entries.push({ level, text: msg.map((m) => (m instanceof Error ? m.message : String(m))).join(' ') });
    };
  return { entries, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

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
  cloud: InMemoryCloud;
  log: RecordingLog;
  templates: Template[];
  store: RequestStore;
  cache: CacheStore;
  catalog: CatalogService;
  service: ChangeRequestService;
  /** Another process: its own store on the same file and its own service, sharing cloud and clock. */
  secondProcess(): Promise<{ store: RequestStore; cache: CacheStore; service: ChangeRequestService }>;
  close(): Promise<void>;
}

export async function startHarness(
  options: {
    cloud?: InMemoryCloud;
    service?: Partial<ChangeRequestServiceDeps>;
    catalog?: Partial<CatalogServiceDeps>;
  } = {},
): Promise<Harness> {
  const dir = await mkdtemp(join(tmpdir(), 'secgroup-service-'));
  const dbPath = join(dir, 'data', 'secgroup.sqlite');
  const clock = createTestClock();
  const cloud = options.cloud ?? new InMemoryCloud({ regions: DEFAULT_REGIONS });
  const log = recordingLog();
  const templates = await loadTemplates('manifest/templates.yml');
  const stores: OpenStore[] = [];

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
    return { store, cache, catalog, service };
  }

  const first = await build('process-1');
  let processes = 1;
  return {
    dir,
    dbPath,
    clock,
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
      await Promise.all(stores.map((s) => s.close()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Execution calls only: what approving a request costs against the cloud. */
export function executionCalls(cloud: InMemoryCloud, from = 0): string[] {
  const execution = new Set(['createGroupWithRules', 'addRules', 'describeRules', 'findGroupByRequestTag']);
  return cloud.calls
    .slice(from)
    .map((c) => c.method)
    .filter((m) => execution.has(m));
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
