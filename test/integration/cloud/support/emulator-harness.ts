import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommonClient } from 'tencentcloud-sdk-nodejs-common';
import { TENCENT_APIS, type TencentService } from '../../../../src/cloud/tencent/tencent-apis.js';
import { createTransport } from '../../../../src/cloud/tencent/transport.js';
import {
  type EmulatorOptions,
  type RunningEmulator,
  startEmulator,
} from '../../../../src/devtools/tencent-emulator/emulator.js';

export const CREDENTIALS = { secretId: 'AKIDintegration00000000000000000', secretKey: 'integration-secret-key' };

/** A temp directory for one test's state file, removed by `cleanup`. */
export async function tempStateFile(): Promise<{ path: string; dir: string; cleanup(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'secgroup-emulator-'));
  return { path: join(dir, 'emulator.json'), dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** An emulator on 127.0.0.1, a free port, no random faults unless a test sets them. */
export function emulatorFor(options: Partial<EmulatorOptions> = {}): Promise<RunningEmulator> {
  return startEmulator({ host: '127.0.0.1', port: 0, ...CREDENTIALS, random: () => 0.5, ...options });
}

export type SdkOutcome =
  | { ok: true; response: Record<string, unknown> }
  | { ok: false; code: string; message: string; requestId: string; httpCode?: number };

/**
 * Calls the emulator with the official SDK client, as the provider does (same transport), so
 * tests see exactly what Tencent Cloud's own client sees.
 */
export async function callWithSdk(
  url: string,
  service: TencentService,
  action: string,
  params: Record<string, unknown>,
  options: {
    region?: string;
    secretId?: string;
    secretKey?: string;
    /** Temporary credentials' token (X-TC-Token). */
    token?: string;
    version?: string;
    language?: 'en-US';
  } = {},
): Promise<SdkOutcome> {
  const transport = createTransport(url);
  const client = new CommonClient(`${service}.tencentcloudapi.com`, options.version ?? TENCENT_APIS[service].version, {
    credential: {
      secretId: options.secretId ?? CREDENTIALS.secretId,
      secretKey: options.secretKey ?? CREDENTIALS.secretKey,
      ...(options.token ? { token: options.token } : {}),
    },
    region: options.region,
    profile: {
      language: options.language,
      httpProfile: { protocol: transport.protocol, agent: transport.agent, reqTimeout: 10 },
    },
  });
  try {
    return { ok: true, response: await client.request(action, params) };
  } catch (err) {
    const e = err as { code?: string; message: string; requestId?: string; httpCode?: number };
    return { ok: false, code: e.code ?? '', message: e.message, requestId: e.requestId ?? '', httpCode: e.httpCode };
  }
}

/** Expects a Tencent error envelope with this code, and a RequestId. */
export function codeOf(outcome: SdkOutcome): string {
  if (outcome.ok) return 'ok';
  if (outcome.code !== '' && !/^[0-9a-f-]{36}$/.test(outcome.requestId)) {
    throw new Error(`error ${outcome.code} came without a RequestId`);
  }
  return outcome.code || `HTTP ${outcome.httpCode ?? '?'}`;
}

export const GZ = 'ap-guangzhou';

/** A valid CreateSecurityGroupWithPolicies body, to vary one field at a time. */
export function groupParams(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    GroupName: 'web',
    GroupDescription: 'web servers',
    ProjectId: '0',
    SecurityGroupPolicySet: {
      Ingress: [{ Protocol: 'TCP', Port: '22', CidrBlock: '10.0.0.0/8', Action: 'ACCEPT', PolicyDescription: 'SSH' }],
      Egress: [{ Protocol: 'ALL', Port: 'ALL', CidrBlock: '0.0.0.0/0', Action: 'ACCEPT', PolicyDescription: 'all' }],
    },
    Tags: [{ Key: 'secgroup-request', Value: 'req-1' }],
    ...overrides,
  };
}
