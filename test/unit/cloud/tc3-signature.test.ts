import { describe, expect, it } from 'vitest';
import {
  type Tc3Request,
  tc3Signature,
  verifyTc3Request,
} from '../../../src/devtools/tencent-emulator/tc3-signature.js';

// Tencent's worked example (API 3.0 "Signature v3"), values exactly as documented.
const EXAMPLE = {
  secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******',
  secretKey: 'Gu5t9xGARNpq86cd98joQYCN3*******',
  timestamp: 1551113065,
  payload: Buffer.from('{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}'),
  signature: '2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c',
};

const exampleRequest = (overrides: Partial<Tc3Request> = {}, authorization?: string): Tc3Request => ({
  method: 'POST',
  path: '/',
  query: '',
  body: EXAMPLE.payload,
  ...overrides,
  headers: {
    'content-type': 'application/json; charset=utf-8',
    host: 'cvm.tencentcloudapi.com',
    'x-tc-timestamp': String(EXAMPLE.timestamp),
    authorization:
      authorization ??
      `TC3-HMAC-SHA256 Credential=${EXAMPLE.secretId}/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=${EXAMPLE.signature}`,
    ...overrides.headers,
  },
});

const verify = (request: Tc3Request, nowSeconds = EXAMPLE.timestamp) =>
  verifyTc3Request(request, {
    secretKeyOf: (id) => (id === EXAMPLE.secretId ? EXAMPLE.secretKey : undefined),
    services: ['cvm'],
    nowSeconds,
  });

describe('TC3-HMAC-SHA256', () => {
  it('reproduces the signature of Tencent’s documented example', () => {
    const signature = tc3Signature({
      ...exampleRequest(),
      signedHeaders: ['content-type', 'host'],
      service: 'cvm',
      timestamp: EXAMPLE.timestamp,
      secretKey: EXAMPLE.secretKey,
    });
    expect(signature).toBe(EXAMPLE.signature);
  });

  it('accepts the documented request, up to five minutes either side of its timestamp', () => {
    expect(verify(exampleRequest())).toEqual({ ok: true, secretId: EXAMPLE.secretId, service: 'cvm' });
    expect(verify(exampleRequest(), EXAMPLE.timestamp + 300).ok).toBe(true);
    expect(verify(exampleRequest(), EXAMPLE.timestamp - 300).ok).toBe(true);
  });

  it.each([
    [
      'one byte of the body changed',
      exampleRequest({ body: Buffer.from(EXAMPLE.payload.toString().replace('1', '2')) }),
    ],
    ['another host', exampleRequest({ headers: { host: 'vpc.tencentcloudapi.com' } })],
    ['another content type', exampleRequest({ headers: { 'content-type': 'application/json' } })],
    ['a query string', exampleRequest({ query: 'Action=RunInstances' })],
  ])('answers AuthFailure.SignatureFailure for %s', (_, request) => {
    expect(verify(request)).toMatchObject({ ok: false, code: 'AuthFailure.SignatureFailure' });
  });

  it('answers AuthFailure.SignatureExpire more than five minutes off', () => {
    expect(verify(exampleRequest(), EXAMPLE.timestamp + 301)).toMatchObject({ code: 'AuthFailure.SignatureExpire' });
    expect(verify(exampleRequest(), EXAMPLE.timestamp - 301)).toMatchObject({ code: 'AuthFailure.SignatureExpire' });
  });

  it('answers AuthFailure.SecretIdNotFound for a SecretId it does not know', () => {
    const auth = exampleRequest().headers.authorization?.replace(EXAMPLE.secretId, 'AKIDunknown');
    expect(verify(exampleRequest({}, auth))).toMatchObject({ ok: false, code: 'AuthFailure.SecretIdNotFound' });
  });

  it.each([
    ['no Authorization header', ''],
    ['another algorithm', 'HMAC-SHA1 Credential=AKID/2019-02-25/cvm/tc3_request, SignedHeaders=host, Signature=00'],
    [
      'a service it does not serve',
      `TC3-HMAC-SHA256 Credential=${EXAMPLE.secretId}/2019-02-25/127/tc3_request, SignedHeaders=content-type;host, Signature=${EXAMPLE.signature}`,
    ],
    [
      'a date that is not the timestamp’s',
      `TC3-HMAC-SHA256 Credential=${EXAMPLE.secretId}/2019-02-24/cvm/tc3_request, SignedHeaders=content-type;host, Signature=${EXAMPLE.signature}`,
    ],
    [
      'host left unsigned',
      `TC3-HMAC-SHA256 Credential=${EXAMPLE.secretId}/2019-02-25/cvm/tc3_request, SignedHeaders=content-type, Signature=${EXAMPLE.signature}`,
    ],
  ])('answers AuthFailure.InvalidAuthorization for %s', (_, authorization) => {
    expect(verify(exampleRequest({}, authorization))).toMatchObject({
      ok: false,
      code: 'AuthFailure.InvalidAuthorization',
    });
  });
});
