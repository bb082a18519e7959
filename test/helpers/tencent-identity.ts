/**
 * Where temporary Tencent Cloud credentials come from, on 127.0.0.1 for tests: a CVM metadata
 * service and STS. Every credential it hands out is also given to the emulator (so calls signed
 * with it and its token are accepted there), valid for `lifetimeMs` of real time; the ExpiredTime
 * it tells the app is measured on `clock`, the app's clock, so a test can move the app near expiry.
 *
 * - GET /latest/meta-data/cam/security-credentials/{role}: TmpSecretId, TmpSecretKey, Token,
 *   ExpiredTime (Unix seconds), Expiration, Code "Success" — the fields the Node SDK reads
 *   (tencentcloud-sdk-nodejs-common tencentcloud/common/cvm_role_credential.js); 404 for another role.
 * - POST / with X-TC-Action AssumeRole (TC3-signed with keys it knows or credentials it handed out,
 *   with their token; https://www.tencentcloud.com/document/api/1150/49456) or
 *   AssumeRoleWithWebIdentity (Authorization: SKIP; https://www.tencentcloud.com/document/api/1150/49454):
 *   the `Response` envelope with Credentials {Token, TmpSecretId, TmpSecretKey}, ExpiredTime, Expiration.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RunningEmulator } from '../../src/devtools/tencent-emulator/emulator.js';
import { verifyTc3Request } from '../../src/devtools/tencent-emulator/tc3-signature.js';
import type { Clock } from '../../src/lib/clock.js';

export interface IssuedCredential {
  secretId: string;
  secretKey: string;
  token: string;
  /** Who it was handed to: `cvm:<role>`, `assume:<RoleArn>` or `oidc:<RoleArn>`. */
  to: string;
}

export interface StsCall {
  action: string;
  region: string;
  params: Record<string, unknown>;
  authorization: string;
  /** The credential that signed it (AssumeRole). */
  signedBy?: string;
}

export interface TencentIdentity {
  url: string;
  issued: IssuedCredential[];
  stsCalls: StsCall[];
  metadataCalls: number;
  /** Answer the next `times` requests (metadata and STS alike) with HTTP `status`; Infinity until `heal()`. */
  fail(status: number, times?: number): void;
  heal(): void;
  /** Tells the emulator the credential has expired (as it would have by then). */
  expire(credential: IssuedCredential): void;
  stop(): Promise<void>;
}

export interface TencentIdentityOptions {
  emulator: RunningEmulator;
  clock: Clock;
  /** CAM roles bound to the "instance". */
  cvmRoles?: string[];
  /** Keys AssumeRole accepts as a signature (a CAM user's). */
  keys?: { secretId: string; secretKey: string }[];
  /** AssumeRoleWithWebIdentity: the provider id and the token it accepts. */
  oidc?: { providerId: string; token: () => string };
  lifetimeMs?: number;
}

const HOUR_MS = 3_600_000;

async function bodyOf(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

export async function startTencentIdentity(options: TencentIdentityOptions): Promise<TencentIdentity> {
  const lifetimeMs = options.lifetimeMs ?? 2 * HOUR_MS;
  const issued: IssuedCredential[] = [];
  const stsCalls: StsCall[] = [];
  let metadataCalls = 0;
  let failures: { status: number; left: number } | undefined;

  const issue = (to: string) => {
    const credential: IssuedCredential = {
      secretId: `AKIDtmp${randomBytes(12).toString('hex')}`,
      secretKey: randomBytes(20).toString('base64url'),
      token: randomBytes(32).toString('base64url'),
      to,
    };
    issued.push(credential);
    options.emulator.acceptTemporaryCredentials({ ...credential, expiresAt: new Date(Date.now() + lifetimeMs) });
    const expiresAt = new Date(options.clock.now().getTime() + lifetimeMs);
    return { credential, expiredTime: Math.floor(expiresAt.getTime() / 1000), expiration: expiresAt.toISOString() };
  };

  const stsError = (res: ServerResponse, code: string, message: string) =>
    send(res, 200, { Response: { Error: { Code: code, Message: message }, RequestId: randomUUID() } });

  const metadata = (res: ServerResponse, role: string) => {
    metadataCalls += 1;
    if (!(options.cvmRoles ?? []).includes(role)) return send(res, 404, { error: 'no such role' });
    const { credential, expiredTime, expiration } = issue(`cvm:${role}`);
    send(res, 200, {
      TmpSecretId: credential.secretId,
      TmpSecretKey: credential.secretKey,
      Token: credential.token,
      ExpiredTime: expiredTime,
      Expiration: expiration,
      Code: 'Success',
    });
  };

  const sts = (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const header = (name: string) => {
      const value = req.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    const params = JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>;
    const call: StsCall = {
      action: header('x-tc-action') ?? '',
      region: header('x-tc-region') ?? '',
      params,
      authorization: header('authorization') ?? '',
    };
    stsCalls.push(call);
    const roleArn = String(params.RoleArn ?? '');
    let to: string;
    if (call.action === 'AssumeRoleWithWebIdentity') {
      if (call.authorization !== 'SKIP') return stsError(res, 'AuthFailure.InvalidAuthorization', 'expected SKIP');
      const oidc = options.oidc;
      if (!oidc || params.ProviderId !== oidc.providerId || params.WebIdentityToken !== oidc.token()) {
        return stsError(res, 'InvalidParameter.WebIdentityTokenError', 'WebIdentityToken is not valid');
      }
      to = `oidc:${roleArn}`;
    } else if (call.action === 'AssumeRole') {
      const flat = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
      const known = [...(options.keys ?? []), ...issued];
      const verdict = verifyTc3Request(
        { method: 'POST', path: '/', query: '', headers: flat, body },
        {
          secretKeyOf: (id) => known.find((k) => k.secretId === id)?.secretKey,
          services: ['sts'],
          nowSeconds: Math.floor(Date.now() / 1000),
        },
      );
      if (!verdict.ok) return stsError(res, verdict.code, verdict.message);
      const temporary = issued.find((c) => c.secretId === verdict.secretId);
      if (temporary && header('x-tc-token') !== temporary.token)
        return stsError(res, 'AuthFailure.TokenFailure', 'Token error.');
      call.signedBy = verdict.secretId;
      to = `assume:${roleArn}`;
    } else {
      return stsError(res, 'InvalidAction', `The action \`${call.action}\` is not found.`);
    }
    const { credential, expiredTime, expiration } = issue(to);
    send(res, 200, {
      Response: {
        Credentials: { Token: credential.token, TmpSecretId: credential.secretId, TmpSecretKey: credential.secretKey },
        ExpiredTime: expiredTime,
        Expiration: expiration,
        RequestId: randomUUID(),
      },
    });
  };

  const server = createServer((req, res) => {
    void bodyOf(req).then((body) => {
      if (failures && failures.left > 0) {
        failures.left -= 1;
        return send(res, failures.status, { error: 'failing on purpose' });
      }
      const path = new URL(req.url ?? '/', 'http://identity').pathname;
      const role = /^\/latest\/meta-data\/cam\/security-credentials\/([^/]+)$/.exec(path)?.[1];
      if (req.method === 'GET' && role) return metadata(res, decodeURIComponent(role));
      if (req.method === 'POST' && path === '/') return sts(req, res, body);
      send(res, 404, { error: `nothing at ${req.method} ${path}` });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    issued,
    stsCalls,
    get metadataCalls() {
      return metadataCalls;
    },
    fail(status, times = Number.POSITIVE_INFINITY) {
      failures = { status, left: times };
    },
    heal() {
      failures = undefined;
    },
    expire(credential) {
      options.emulator.acceptTemporaryCredentials({ ...credential, expiresAt: new Date(Date.now() - 1000) });
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
