/**
 * A local stand-in for the Tencent Cloud APIs of security groups: same wire protocol, the
 * documented semantics and limits, state kept in a file, requests served concurrently, and faults,
 * holds and a call record for tests. Admin endpoints under /__admin/ are the emulator's own.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../../lib/clock.js';
import type { Log } from '../../lib/log.js';
import type { EmulatorLimits } from './action-context.js';
import { addProject, adminHandler, associate, type LimitsPatch, limitsPatchSchema } from './admin-routes.js';
import { apiHandler } from './api-handler.js';
import { CallLog, type RecordedCall } from './call-log.js';
import { type EmulatorState, stateFile } from './emulator-state.js';
import { type EmulatorFaults, type FaultsPatch, faultsPatchSchema } from './faults.js';
import { CallHolds, type HeldCall, type HoldPoint } from './holds.js';
import { MAX_BODY_BYTES, readBody, sendJson } from './http-io.js';
import { EMULATED_REGIONS, type EmulatedRegion } from './regions.js';
import { stateStore } from './state-store.js';
import { type TemporaryCredential, TemporaryCredentials } from './temporary-credentials.js';
import { formatTencentTime } from './tencent-time.js';

export interface EmulatorOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  secretId: string;
  secretKey: string;
  /** Where state is kept across restarts; in memory only when absent. */
  stateFile?: string;
  latencyMs?: number;
  throttleRate?: number;
  error5xxRate?: number;
  /** Security groups per region per project (Tencent's default: 50). */
  groupQuota?: number;
  /** Policies per group per direction (Tencent's default: 100). */
  ruleQuota?: number;
  clock?: Clock;
  log?: Log;
  /** Decides the random faults; tests pin it. */
  random?: () => number;
  /** The regions it serves (default: those of Tencent's DescribeRegions example). */
  regions?: readonly EmulatedRegion[];
  /** Projects (besides the Default project, 0) that a fresh state starts with. */
  projects?: { id: number; name: string }[];
}

export interface RunningEmulator {
  /** Base URL, e.g. http://127.0.0.1:3002: the value for TENCENTCLOUD_ENDPOINT. */
  url: string;
  stop(): Promise<void>;
  setFaults(patch: FaultsPatch): void;
  faults(): EmulatorFaults;
  /** Changes the group and rule quotas from the next call on. */
  setLimits(patch: LimitsPatch): void;
  /** Changes the regions it serves (and DescribeRegions lists) from the next call on. */
  setRegions(regions: readonly EmulatedRegion[]): void;
  /** A copy of the state, as last saved. */
  state(): EmulatorState;
  /** The API calls received, oldest first (the last 10,000). */
  calls(): RecordedCall[];
  clearCalls(): void;
  /** Holds the next call to `action` that reaches it, before the action runs or after its effect is saved. */
  holdNext(action: string, point?: HoldPoint): HeldCall;
  /** Sets how many instances of a type (CVM, CDB, ENI, CLB, …) use a group; 0 detaches them. */
  associate(securityGroupId: string, instanceType: string, instanceCount: number): Promise<void>;
  /** A project created meanwhile (as in the console); resolves with its id. */
  addProject(name: string): Promise<number>;
  /**
   * Accepts temporary credentials (as a role or STS hands them out) besides the emulator's own
   * key: signed with their key, with their token in X-TC-Token, until `expiresAt`. The same
   * SecretId again replaces them (an `expiresAt` in the past expires them).
   */
  acceptTemporaryCredentials(credential: TemporaryCredential): void;
}

const silentLog: Log = { debug() {}, info() {}, warn() {}, error() {} };
const systemClock: Clock = { now: () => new Date() };

export async function startEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  const clock = options.clock ?? systemClock;
  const log = options.log ?? silentLog;
  const limits: EmulatorLimits = { groupQuota: options.groupQuota ?? 50, ruleQuota: options.ruleQuota ?? 100 };
  const file = options.stateFile ? stateFile(options.stateFile) : undefined;
  const store = stateStore((await file?.load()) ?? freshState(options.projects, clock.now()), file);
  const faults: EmulatorFaults = {
    latencyMs: options.latencyMs ?? 0,
    throttleRate: options.throttleRate ?? 0,
    error5xxRate: options.error5xxRate ?? 0,
    scripted: [],
  };
  const applyFaults = (patch: ReturnType<typeof faultsPatchSchema.parse>) => {
    if (patch.latencyMs !== undefined) faults.latencyMs = patch.latencyMs;
    if (patch.throttleRate !== undefined) faults.throttleRate = patch.throttleRate;
    if (patch.error5xxRate !== undefined) faults.error5xxRate = patch.error5xxRate;
    if (patch.scripted !== undefined) faults.scripted = patch.scripted;
  };
  let regions = options.regions ?? EMULATED_REGIONS;
  const setRegions = (next: readonly EmulatedRegion[]) => {
    regions = structuredClone(next);
  };
  const calls = new CallLog();
  const holds = new CallHolds();
  const temporaryCredentials = new TemporaryCredentials();
  let stopped = false;

  const handleApi = apiHandler({
    secretId: options.secretId,
    secretKey: options.secretKey,
    temporaryCredentials,
    clock,
    log,
    random: options.random ?? Math.random,
    limits,
    regions: () => regions,
    faults,
    store,
    calls,
    holds,
    stopped: () => stopped,
  });
  const now = () => formatTencentTime(clock.now());
  const handleAdmin = adminHandler({ store, faults, calls, limits, applyFaults, now, setRegions });

  const server = createServer((req, res) => {
    readBody(req)
      .then((body) => {
        if (body === undefined) return sendJson(res, 413, { error: `request body over ${MAX_BODY_BYTES} bytes` });
        // An absolute URL (a client using the emulator as its HTTP proxy) has the same path.
        const path = new URL(req.url ?? '/', 'http://emulator').pathname;
        if (path.startsWith('/__admin/')) return handleAdmin(req, res, path, body);
        if (path !== '/') return sendJson(res, 404, { error: `the Tencent Cloud API is served at /, not ${path}` });
        return handleApi(req, res, body);
      })
      .catch((err: unknown) => {
        log.error('emulator: request failed', err);
        if (!res.headersSent) sendJson(res, 500, { error: 'emulator failure' });
        else res.destroy();
      });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;

  return {
    url: `http://${host}:${port}`,
    async stop() {
      stopped = true;
      holds.releaseAll();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await store.idle();
    },
    setFaults(patch) {
      applyFaults(faultsPatchSchema.parse(patch));
    },
    faults: () => structuredClone(faults),
    setLimits(patch) {
      Object.assign(limits, limitsPatchSchema.parse(patch));
    },
    setRegions,
    state: () => structuredClone(store.saved()),
    calls: () => calls.list(),
    clearCalls: () => calls.clear(),
    holdNext: (action, point) => holds.holdNext(action, point),
    associate: (SecurityGroupId, InstanceType, InstanceCount) =>
      associate(store, { SecurityGroupId, InstanceType, InstanceCount }),
    addProject: (name) => addProject(store, name, now()),
    acceptTemporaryCredentials: (credential) => temporaryCredentials.accept(credential),
  };
}

function freshState(projects: EmulatorOptions['projects'], now: Date): EmulatorState {
  const seed = projects ?? [{ id: 1000101, name: 'Demo project' }];
  return {
    formatVersion: 1,
    groups: [],
    projects: seed.map((p) => ({
      ProjectId: p.id,
      ProjectName: p.name,
      CreatorUin: 100000000001,
      ProjectInfo: '',
      CreateTime: formatTencentTime(now),
    })),
  };
}
