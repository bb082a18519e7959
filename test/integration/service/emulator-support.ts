/**
 * The real service on a real temp SQLite file, reaching the Tencent Cloud emulator through the
 * real provider (Tencent's SDK client over HTTP): what the day-2 kinds are tested on, since their
 * semantics (Version checks, what uses a group, clones) are the cloud's.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTencentProvider } from '../../../src/cloud/tencent/tencent-provider.js';
import { loadConfig } from '../../../src/config.js';
import type { RunningEmulator } from '../../../src/devtools/tencent-emulator/emulator.js';
import { emulatorCloudConfig } from '../../../src/devtools/tencent-emulator/emulator-cloud-config.js';
import type { ChangeRequestService } from '../../../src/service/api.js';
import { createCatalogService } from '../../../src/service/catalog/catalog.js';
import { loadTemplates } from '../../../src/service/catalog/templates.js';
import type { CloudProvider, RequestStore } from '../../../src/service/ports.js';
import { createChangeRequestService } from '../../../src/service/requests/lifecycle.js';
import { type OpenStore, openStore } from '../../../src/store/open-store.js';
import { createTestClock, type TestClock } from '../../helpers/clock.js';
import { CREDENTIALS, emulatorFor } from '../cloud/support/emulator-harness.js';
import {
  approverDirectory,
  DEFAULT_REGIONS,
  HOUR,
  LEASE_MS,
  REQUEST_TTL_MS,
  type RecordingLog,
  recordingLog,
} from './support.js';

export interface EmulatorHarness {
  emulator: RunningEmulator;
  /** The provider the service uses; tests use it too, as someone using the console would. */
  cloud: CloudProvider;
  clock: TestClock;
  log: RecordingLog;
  store: RequestStore;
  service: ChangeRequestService;
  /** Another process on the same database and cloud. */
  secondProcess(): Promise<{ store: RequestStore; service: ChangeRequestService }>;
  /** The actions the emulator received since the last clearCalls, in order. */
  actions(): string[];
  close(): Promise<void>;
}

export async function startEmulatorHarness(): Promise<EmulatorHarness> {
  const dir = await mkdtemp(join(tmpdir(), 'secgroup-day2-'));
  const dbPath = join(dir, 'secgroup.sqlite');
  const clock = createTestClock();
  const log = recordingLog();
  const emulator = await emulatorFor();
  const defaults = loadConfig({});
  const cloud = createTencentProvider({
    cloud: emulatorCloudConfig(defaults.cloud, { ...defaults.emulator, ...CREDENTIALS }, emulator.url),
    log,
    retry: { retries: 2, minTimeoutMs: 1, maxTimeoutMs: 5 },
  });
  const templates = await loadTemplates('manifest/templates.yml');
  const stores: OpenStore[] = [];

  async function build(processId: string) {
    const opened = await openStore({ sqlitePath: dbPath, clock, log });
    stores.push(opened);
    const catalog = createCatalogService({
      cloud,
      cache: opened.cache,
      requests: opened.requests,
      templates,
      defaultRegions: DEFAULT_REGIONS,
      defaultRegion: 'ap-guangzhou',
      cacheTtlMs: HOUR,
      clock,
      log,
    });
    const service = createChangeRequestService({
      store: opened.requests,
      cloud,
      catalog,
      approvers: approverDirectory(),
      clock,
      log,
      requestTtlMs: REQUEST_TTL_MS,
      executionLeaseMs: LEASE_MS,
      processId,
    });
    return { store: opened.requests, service };
  }

  const first = await build('process-1');
  let processes = 1;
  return {
    emulator,
    cloud,
    clock,
    log,
    ...first,
    secondProcess: () => build(`process-${++processes}`),
    actions: () => emulator.calls().map((c) => c.action),
    async close() {
      await Promise.all(stores.map((s) => s.close()));
      await emulator.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
