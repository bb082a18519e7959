/**
 * A local stand-in for the Tencent Cloud APIs secgroup uses: same wire protocol (POST / with
 * X-TC-* headers and a JSON body, TC3-HMAC-SHA256, the `Response` envelope with a RequestId on
 * every answer, errors with HTTP 200), the documented limits, state kept in a file, and faults on
 * demand. Admin endpoints under /__admin/ are the emulator's own and are not signed.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { TENCENT_APIS, TENCENT_SERVICES, type TencentService } from '../../cloud/tencent/tencent-apis.js';
import type { Clock } from '../../lib/clock.js';
import type { Log } from '../../lib/log.js';
import type { ActionHandler, EmulatorLimits } from './action-context.js';
import { TencentApiError } from './api-error.js';
import { REGION_ACTIONS, TAG_ACTIONS } from './catalog-actions.js';
import { type EmulatorState, type StateFile, stateFile } from './emulator-state.js';
import {
  type EmulatorFaults,
  type FaultsPatch,
  faultsPatchSchema,
  INTERNAL_ERROR_MESSAGE,
  type ScriptedFault,
  THROTTLE_MESSAGE,
  takeScriptedFault,
} from './faults.js';
import { isObject } from './params.js';
import { EMULATED_REGIONS } from './regions.js';
import { verifyTc3Request } from './tc3-signature.js';
import { formatTencentTime } from './tencent-time.js';
import { VPC_ACTIONS } from './vpc-actions.js';

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
  /** Projects (besides the Default project, 0) that a fresh state starts with. */
  projects?: { id: number; name: string }[];
}

export interface RunningEmulator {
  /** Base URL, e.g. http://127.0.0.1:3002: the value for TENCENTCLOUD_ENDPOINT. */
  url: string;
  stop(): Promise<void>;
  setFaults(patch: FaultsPatch): void;
  faults(): EmulatorFaults;
  /** A copy of the current state. */
  state(): EmulatorState;
}

const SERVICE_ACTIONS: Record<TencentService, { regional: boolean; actions: Record<string, ActionHandler> }> = {
  vpc: { regional: true, actions: VPC_ACTIONS },
  region: { regional: false, actions: REGION_ACTIONS },
  tag: { regional: false, actions: TAG_ACTIONS },
};

const MAX_BODY_BYTES = 1 << 20;

const silentLog: Log = { debug() {}, info() {}, warn() {}, error() {} };
const systemClock: Clock = { now: () => new Date() };

const GROUP_ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

export async function startEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  const clock = options.clock ?? systemClock;
  const log = options.log ?? silentLog;
  const random = options.random ?? Math.random;
  const limits: EmulatorLimits = { groupQuota: options.groupQuota ?? 50, ruleQuota: options.ruleQuota ?? 100 };
  const file: StateFile | undefined = options.stateFile ? stateFile(options.stateFile) : undefined;
  let state: EmulatorState = (await file?.load()) ?? freshState(options.projects, clock.now());
  const faults: EmulatorFaults = {
    latencyMs: options.latencyMs ?? 0,
    throttleRate: options.throttleRate ?? 0,
    error5xxRate: options.error5xxRate ?? 0,
    scripted: [],
  };

  // One action at a time: each works on a copy that replaces the state only once it is saved.
  let queue: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work, work);
    queue = run.catch(() => undefined);
    return run;
  };

  const newGroupId = () => {
    for (;;) {
      const id = `sg-${Array.from({ length: 8 }, () => GROUP_ID_ALPHABET[randomInt(GROUP_ID_ALPHABET.length)]).join('')}`;
      if (!state.groups.some((g) => g.SecurityGroupId === id)) return id;
    }
  };

  const handleApi = async (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const requestId = randomUUID();
    const header = (name: string) => {
      const v = req.headers[name];
      return Array.isArray(v) ? v[0] : v;
    };
    const action = header('x-tc-action') ?? '';
    const region = header('x-tc-region') ?? '';
    const answer = (response: Record<string, unknown>) =>
      sendJson(res, 200, { Response: { ...response, RequestId: requestId } });
    const fail = (code: string, message: string) => {
      log.debug(`emulator: ${action || '-'} ${region} → ${code} (${requestId})`);
      answer({ Error: { Code: code, Message: message } });
    };
    const injure = (fault: ScriptedFault) => {
      log.debug(`emulator: ${action} → injected ${fault.code ?? fault.httpStatus ?? 'reset'}`);
      if (fault.reset) req.socket.destroy();
      else if (fault.httpStatus !== undefined) sendGatewayError(res, fault.httpStatus);
      else if (fault.code) fail(fault.code, fault.message ?? defaultMessage(fault.code));
    };

    if (req.method !== 'POST') return fail('UnsupportedProtocol', 'The emulator takes POST requests with a JSON body.');
    if (faults.latencyMs > 0) await sleep(faults.latencyMs);
    if (random() < faults.error5xxRate) return sendGatewayError(res, 503);
    const scripted = takeScriptedFault(faults, action);
    if (scripted && !scripted.afterCommit) return injure(scripted);
    if (random() < faults.throttleRate) return fail('RequestLimitExceeded', THROTTLE_MESSAGE);

    const url = new URL(req.url ?? '/', 'http://emulator');
    const verdict = verifyTc3Request(
      { method: req.method, path: url.pathname, query: url.search.slice(1), headers: flatHeaders(req), body },
      {
        secretKeyOf: (id) => (id === options.secretId ? options.secretKey : undefined),
        services: TENCENT_SERVICES,
        nowSeconds: Math.floor(clock.now().getTime() / 1000),
      },
    );
    if (!verdict.ok) return fail(verdict.code, verdict.message);
    const hostService = (header('host') ?? '').split('.')[0] ?? '';
    if ((TENCENT_SERVICES as string[]).includes(hostService) && hostService !== verdict.service) {
      return fail(
        'AuthFailure.InvalidAuthorization',
        'The request `Authorization` header does not conform to tencentcloud standards: `Service` in Credential not valid.',
      );
    }
    const service = verdict.service as TencentService;
    if (action === '') return fail('MissingParameter', 'The request is missing a required parameter `Action`.');
    const version = header('x-tc-version') ?? '';
    if (version === '') return fail('MissingParameter', 'The request is missing a required parameter `Version`.');
    if (version !== TENCENT_APIS[service].version) {
      return fail('NoSuchVersion', `The API version \`${version}\` of service \`${service}\` does not exist.`);
    }
    const { regional, actions } = SERVICE_ACTIONS[service];
    const handler = actions[action];
    if (!handler) return fail('InvalidAction', `The action \`${action}\` of service \`${service}\` is not found.`);
    if (regional && region === '')
      return fail('MissingParameter', 'The request is missing a required parameter `Region`.');
    if (regional && !EMULATED_REGIONS.some((r) => r.id === region)) {
      return fail('UnsupportedRegion', `The region \`${region}\` is not supported.`);
    }
    let params: unknown;
    try {
      params = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
    } catch {
      return fail('InvalidParameter', 'The request body is not valid JSON.');
    }
    if (!isObject(params)) return fail('InvalidParameter', 'The request body must be a JSON object.');
    const language = header('x-tc-language') === 'en-US' ? 'en-US' : 'zh-CN';

    let result: Record<string, unknown>;
    try {
      result = await exclusive(async () => {
        const working = structuredClone(state);
        const outcome = handler({ region, params, state: working, now: clock.now(), limits, language, newGroupId });
        if (outcome.changed) {
          await file?.save(working);
          state = working;
        }
        return outcome.body;
      });
    } catch (err) {
      if (err instanceof TencentApiError) return fail(err.code, err.message);
      log.error(`emulator: ${action} failed`, err);
      return fail('InternalError', INTERNAL_ERROR_MESSAGE);
    }
    if (scripted?.afterCommit) return injure(scripted);
    log.debug(`emulator: ${action} ${region} → ok (${requestId})`);
    answer(result);
  };

  const handleAdmin = async (req: IncomingMessage, res: ServerResponse, path: string, body: Buffer) => {
    if (req.method === 'GET' && path === '/__admin/state') return sendJson(res, 200, { state, faults });
    if (req.method === 'POST' && path === '/__admin/faults') {
      let json: unknown;
      try {
        json = JSON.parse(body.toString('utf8') || '{}');
      } catch {
        return sendJson(res, 400, { error: 'body is not valid JSON' });
      }
      const parsed = faultsPatchSchema.safeParse(json);
      if (!parsed.success) {
        const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`);
        return sendJson(res, 400, { error: 'invalid faults', problems });
      }
      applyFaults(faults, parsed.data);
      return sendJson(res, 200, { faults });
    }
    if (req.method === 'POST' && path === '/__admin/reset') {
      await exclusive(async () => {
        const working = { ...state, groups: [] };
        await file?.save(working);
        state = working;
      });
      return sendJson(res, 200, { state });
    }
    return sendJson(res, 404, { error: `no admin endpoint ${req.method} ${path}` });
  };

  const server = createServer((req, res) => {
    readBody(req)
      .then((body) => {
        if (body === undefined) return sendJson(res, 413, { error: `request body over ${MAX_BODY_BYTES} bytes` });
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
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await queue;
    },
    setFaults(patch) {
      applyFaults(faults, faultsPatchSchema.parse(patch));
    },
    faults: () => structuredClone(faults),
    state: () => structuredClone(state),
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

function applyFaults(faults: EmulatorFaults, patch: ReturnType<typeof faultsPatchSchema.parse>): void {
  if (patch.latencyMs !== undefined) faults.latencyMs = patch.latencyMs;
  if (patch.throttleRate !== undefined) faults.throttleRate = patch.throttleRate;
  if (patch.error5xxRate !== undefined) faults.error5xxRate = patch.error5xxRate;
  if (patch.scripted !== undefined) faults.scripted = patch.scripted;
}

function defaultMessage(code: string): string {
  if (code.startsWith('RequestLimitExceeded')) return THROTTLE_MESSAGE;
  if (code.startsWith('InternalError')) return INTERNAL_ERROR_MESSAGE;
  return `Injected fault ${code}.`;
}

function flatHeaders(req: IncomingMessage): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers)) out[name] = Array.isArray(value) ? value.join(',') : value;
  return out;
}

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** What a gateway in front of the API answers when the service behind it is down. */
function sendGatewayError(res: ServerResponse, status: number): void {
  const text = `<html><body><h1>${status}</h1>The service is temporarily unavailable.</body></html>`;
  res.writeHead(status, { 'content-type': 'text/html', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
