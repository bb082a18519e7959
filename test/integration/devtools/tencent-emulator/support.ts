/**
 * The emulator as Tencent's own typed Node SDK (tencentcloud-sdk-nodejs) sees it. The SDK signs
 * with the service named by the endpoint's first label, so requests name
 * `<service>.tencentcloudapi.com` while an agent connects them to the emulator.
 */
import http from 'node:http';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import { region as regionService } from 'tencentcloud-sdk-nodejs/tencentcloud/services/region/index.js';
import { tag as tagService } from 'tencentcloud-sdk-nodejs/tencentcloud/services/tag/index.js';
import { vpc as vpcService } from 'tencentcloud-sdk-nodejs/tencentcloud/services/vpc/index.js';
import { TENCENT_APIS } from '../../../../src/cloud/tencent/tencent-apis.js';
import { tc3Date, tc3Signature } from '../../../../src/devtools/tencent-emulator/tc3-signature.js';
import { CREDENTIALS, GZ } from '../../cloud/support/emulator-harness.js';
import { isDocumented } from './documented-errors.js';

export { CREDENTIALS, emulatorFor, GZ, tempStateFile } from '../../cloud/support/emulator-harness.js';

/** Opens every connection to one address, whatever host the request names. */
class EmulatorAgent extends http.Agent {
  constructor(private readonly target: { host: string; port: number }) {
    super({ keepAlive: true });
  }

  override createConnection(): Duplex {
    return net.connect(this.target);
  }
}

export type VpcClient = InstanceType<typeof vpcService.v20170312.Client>;
type RegionClient = InstanceType<typeof regionService.v20220627.Client>;
type TagClient = InstanceType<typeof tagService.v20180813.Client>;

export interface SdkOptions {
  region?: string;
  language?: 'zh-CN' | 'en-US';
  secretId?: string;
  secretKey?: string;
}

export interface Sdk {
  vpc: VpcClient;
  region: RegionClient;
  tag: TagClient;
}

export function sdkFor(url: string, options: SdkOptions = {}): Sdk {
  const { hostname, port } = new URL(url);
  const agent = new EmulatorAgent({ host: hostname, port: Number(port) });
  const config = (service: string, region: string) => ({
    credential: {
      secretId: options.secretId ?? CREDENTIALS.secretId,
      secretKey: options.secretKey ?? CREDENTIALS.secretKey,
    },
    region,
    profile: {
      language: options.language,
      httpProfile: { endpoint: `${service}.tencentcloudapi.com`, protocol: 'http://', agent, reqTimeout: 10 },
    },
  });
  return {
    vpc: new vpcService.v20170312.Client(config('vpc', options.region ?? GZ)),
    region: new regionService.v20220627.Client(config('region', '')),
    tag: new tagService.v20180813.Client(config('tag', '')),
  };
}

export type Outcome<T> =
  | { ok: true; response: T }
  | { ok: false; code: string; message: string; requestId: string; httpCode?: number };

type Answer<F> = F extends (req: never, ...rest: never[]) => Promise<infer R> ? R : never;
type Request<F> = F extends (req: infer Q, ...rest: never[]) => Promise<unknown> ? Q : never;

/**
 * Calls `action` through the SDK client. A Tencent error must carry a RequestId and be one of the
 * codes the action documents (documented-errors.ts), or the test fails here.
 */
export async function call<C extends object, K extends keyof C & string>(
  client: C,
  action: K,
  request: Request<C[K]>,
): Promise<Outcome<Answer<C[K]>>> {
  const method = client[action] as unknown as (req: unknown) => Promise<Answer<C[K]>>;
  try {
    return { ok: true, response: await method.call(client, request) };
  } catch (err) {
    const e = err as { code?: string; message: string; requestId?: string; httpCode?: number };
    const code = e.code ?? '';
    if (code !== '') {
      if (!/^[0-9a-f-]{36}$/.test(e.requestId ?? '')) throw new Error(`${action}: ${code} came without a RequestId`);
      if (!isDocumented(action, code)) throw new Error(`${action} answered ${code}, which it does not document`);
    }
    return { ok: false, code, message: e.message, requestId: e.requestId ?? '', httpCode: e.httpCode };
  }
}

/** "ok", the error code, or "HTTP <status>". */
export function codeOf(outcome: Outcome<unknown>): string {
  if (outcome.ok) return 'ok';
  return outcome.code || `HTTP ${outcome.httpCode ?? '?'}`;
}

/** The answer of a call that must succeed. */
export function answer<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) throw new Error(`expected success, got ${outcome.code || outcome.httpCode}: ${outcome.message}`);
  return outcome.response;
}

/** A policy to vary one field at a time. */
export const tcp = (port: string, extra: Record<string, unknown> = {}) => ({
  Protocol: 'TCP',
  Port: port,
  CidrBlock: '10.0.0.0/8',
  Action: 'ACCEPT',
  ...extra,
});

export async function createGroup(sdk: Sdk, overrides: Record<string, unknown> = {}) {
  const created = answer(
    await call(sdk.vpc, 'CreateSecurityGroupWithPolicies', {
      GroupName: 'web',
      GroupDescription: 'web servers',
      ProjectId: '0',
      SecurityGroupPolicySet: { Ingress: [tcp('22', { PolicyDescription: 'SSH' })] },
      ...overrides,
    } as never),
  );
  const id = created.SecurityGroup?.SecurityGroupId;
  if (!id) throw new Error('no SecurityGroupId');
  return id;
}

export async function policiesOf(sdk: Sdk, id: string) {
  const set = answer(
    await call(sdk.vpc, 'DescribeSecurityGroupPolicies', { SecurityGroupId: id }),
  ).SecurityGroupPolicySet;
  if (!set) throw new Error('no SecurityGroupPolicySet');
  return set;
}

/** The ports of a direction, in order: a short way to see what a change did. */
export async function portsOf(sdk: Sdk, id: string, direction: 'Ingress' | 'Egress' = 'Ingress') {
  return ((await policiesOf(sdk, id))[direction] ?? []).map((p) => p.Port);
}

/**
 * A request signed by hand, as clients other than the Node SDK send it: `path` may be an absolute
 * URL (a client using the emulator as its HTTP proxy) and `host` any Host header value.
 */
export function rawCall(
  url: string,
  request: { path: string; host: string; service: string; action: string; region?: string; params: object },
): Promise<{ status: number; body: { Response: Record<string, unknown> } }> {
  const body = Buffer.from(JSON.stringify(request.params));
  const timestamp = Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    host: request.host,
    'x-tc-action': request.action,
    'x-tc-version': TENCENT_APIS[request.service as keyof typeof TENCENT_APIS].version,
    'x-tc-timestamp': String(timestamp),
    ...(request.region ? { 'x-tc-region': request.region } : {}),
  };
  const signature = tc3Signature({
    method: 'POST',
    path: '/',
    query: '',
    headers,
    body,
    signedHeaders: ['content-type', 'host'],
    service: request.service,
    timestamp,
    secretKey: CREDENTIALS.secretKey,
  });
  headers.authorization = `TC3-HMAC-SHA256 Credential=${CREDENTIALS.secretId}/${tc3Date(timestamp)}/${request.service}/tc3_request, SignedHeaders=content-type;host, Signature=${signature}`;
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: hostname, port, method: 'POST', path: request.path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}
