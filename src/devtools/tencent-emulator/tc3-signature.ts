/**
 * TC3-HMAC-SHA256, Tencent Cloud API 3.0's request signature, with node:crypto.
 * https://www.tencentcloud.com/document/api/213/30654 (the worked example is the unit test).
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const TC3_ALGORITHM = 'TC3-HMAC-SHA256';

/** Tencent Cloud refuses a timestamp more than five minutes from its own clock. */
export const MAX_CLOCK_SKEW_SECONDS = 300;

export interface Tc3Request {
  method: string;
  /** Path and query as sent, e.g. "/" and "" for a POST. */
  path: string;
  query: string;
  /** Header values by lower-case name. */
  headers: Record<string, string | undefined>;
  body: Buffer;
}

export interface Tc3SigningInput extends Tc3Request {
  /** Lower-case names of the headers that are signed, in order. */
  signedHeaders: string[];
  service: string;
  timestamp: number;
  secretKey: string;
}

const sha256Hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();

/** The UTC date of a Unix timestamp, as the credential scope names it. */
export function tc3Date(timestamp: number): string {
  return new Date(timestamp * 1000).toISOString().slice(0, 10);
}

export function tc3Signature(input: Tc3SigningInput): string {
  const canonicalHeaders = input.signedHeaders
    .map((name) => `${name}:${(input.headers[name] ?? '').trim().toLowerCase()}\n`)
    .join('');
  const canonicalRequest = [
    input.method.toUpperCase(),
    input.path,
    input.query,
    canonicalHeaders,
    input.signedHeaders.join(';'),
    sha256Hex(input.body),
  ].join('\n');
  const date = tc3Date(input.timestamp);
  const stringToSign = [
    TC3_ALGORITHM,
    String(input.timestamp),
    `${date}/${input.service}/tc3_request`,
    sha256Hex(canonicalRequest),
  ].join('\n');
  const signingKey = hmac(hmac(hmac(`TC3${input.secretKey}`, date), input.service), 'tc3_request');
  return createHmac('sha256', signingKey).update(stringToSign).digest('hex');
}

export interface Tc3Authorization {
  secretId: string;
  date: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

const AUTHORIZATION =
  /^TC3-HMAC-SHA256 Credential=([^/\s,]+)\/(\d{4}-\d{2}-\d{2})\/([^/\s,]+)\/tc3_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;

export function parseTc3Authorization(header: string | undefined): Tc3Authorization | undefined {
  const m = AUTHORIZATION.exec(header?.trim() ?? '');
  if (!m) return undefined;
  const [, secretId = '', date = '', service = '', signedHeaders = '', signature = ''] = m;
  return { secretId, date, service, signedHeaders: signedHeaders.split(';'), signature };
}

export type Tc3Verdict = { ok: true; secretId: string; service: string } | { ok: false; code: string; message: string };

export interface Tc3VerifyOptions {
  /** The secret key of a SecretId, if it exists. */
  secretKeyOf: (secretId: string) => string | undefined;
  services: readonly string[];
  nowSeconds: number;
}

const invalidAuthorization = (detail: string): Tc3Verdict => ({
  ok: false,
  code: 'AuthFailure.InvalidAuthorization',
  message: `The request \`Authorization\` header does not conform to tencentcloud standards: ${detail}`,
});

/** Checks a request's TC3 signature the way Tencent Cloud does, with its error codes. */
export function verifyTc3Request(request: Tc3Request, options: Tc3VerifyOptions): Tc3Verdict {
  const auth = parseTc3Authorization(request.headers.authorization);
  if (!auth) return invalidAuthorization('expected `TC3-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…`.');
  const timestamp = Number(request.headers['x-tc-timestamp']);
  if (!Number.isInteger(timestamp) || timestamp <= 0) {
    return { ok: false, code: 'MissingParameter', message: 'The request is missing a required parameter `Timestamp`.' };
  }
  if (Math.abs(options.nowSeconds - timestamp) > MAX_CLOCK_SKEW_SECONDS) {
    return {
      ok: false,
      code: 'AuthFailure.SignatureExpire',
      message: `Signature expired. Timestamp ${timestamp} and server time ${options.nowSeconds} differ by more than five minutes.`,
    };
  }
  if (!options.services.includes(auth.service)) return invalidAuthorization('`Service` in Credential not valid.');
  if (auth.date !== tc3Date(timestamp))
    return invalidAuthorization('`Date` in Credential does not match X-TC-Timestamp.');
  if (!auth.signedHeaders.includes('content-type') || !auth.signedHeaders.includes('host')) {
    return invalidAuthorization('`SignedHeaders` must include content-type and host.');
  }
  const secretKey = options.secretKeyOf(auth.secretId);
  if (secretKey === undefined) {
    return {
      ok: false,
      code: 'AuthFailure.SecretIdNotFound',
      message: 'The SecretId is not found, please ensure that your SecretId is correct.',
    };
  }
  const expected = tc3Signature({
    ...request,
    signedHeaders: auth.signedHeaders,
    service: auth.service,
    timestamp,
    secretKey,
  });
  if (!timingSafeEqual(Buffer.from(expected), Buffer.from(auth.signature))) {
    return {
      ok: false,
      code: 'AuthFailure.SignatureFailure',
      message: 'The provided credentials could not be validated. Please check your signature is correct.',
    };
  }
  return { ok: true, secretId: auth.secretId, service: auth.service };
}
