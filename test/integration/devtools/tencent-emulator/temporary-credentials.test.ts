/**
 * The emulator takes temporary credentials (a role's or STS's) as Tencent Cloud does: signed with
 * their key, and only with their token (X-TC-Token) while they last; otherwise
 * AuthFailure.TokenFailure (a common error code: "Token error",
 * https://www.tencentcloud.com/document/product/1209/56023). The SDK sends a credential's `token`
 * as X-TC-Token (tencentcloud-sdk-nodejs-common tencentcloud/common/http/http_connection.js).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../../../src/devtools/tencent-emulator/emulator.js';
import { callWithSdk, codeOf, emulatorFor, GZ } from '../../cloud/support/emulator-harness.js';

const TEMPORARY = {
  secretId: 'AKIDtemporaryCredential000000001',
  secretKey: 'temporary-secret-key-1',
  token: 'temporary-token-1',
};
const HOUR_MS = 3_600_000;

let emulator: RunningEmulator;

const describeGroups = (credential: { secretId?: string; secretKey?: string; token?: string }) =>
  callWithSdk(emulator.url, 'vpc', 'DescribeSecurityGroups', {}, { region: GZ, ...credential });

beforeEach(async () => {
  emulator = await emulatorFor();
});
afterEach(async () => {
  await emulator.stop();
});

describe('emulator: temporary credentials', () => {
  it('are refused before the emulator accepts them', async () => {
    expect(codeOf(await describeGroups(TEMPORARY))).toBe('AuthFailure.SecretIdNotFound');
  });

  it('are accepted with their key and token until they expire', async () => {
    emulator.acceptTemporaryCredentials({ ...TEMPORARY, expiresAt: new Date(Date.now() + HOUR_MS) });
    expect(codeOf(await describeGroups(TEMPORARY))).toBe('ok');

    emulator.acceptTemporaryCredentials({ ...TEMPORARY, expiresAt: new Date(Date.now() - 1000) });
    const expired = await describeGroups(TEMPORARY);
    expect(codeOf(expired)).toBe('AuthFailure.TokenFailure');
    expect(expired.ok ? '' : expired.message).toContain('expired');
  });

  it.each([
    ['without their token', { token: undefined }, 'AuthFailure.TokenFailure'],
    ['with another token', { token: 'someone-elses-token' }, 'AuthFailure.TokenFailure'],
    ['signed with another key', { secretKey: 'not-the-temporary-key' }, 'AuthFailure.SignatureFailure'],
  ])('are refused %s', async (_what, change, code) => {
    emulator.acceptTemporaryCredentials({ ...TEMPORARY, expiresAt: new Date(Date.now() + HOUR_MS) });
    expect(codeOf(await describeGroups({ ...TEMPORARY, ...change }))).toBe(code);
  });

  it('leave the emulator’s own key working, token or not', async () => {
    emulator.acceptTemporaryCredentials({ ...TEMPORARY, expiresAt: new Date(Date.now() + HOUR_MS) });
    expect(codeOf(await describeGroups({}))).toBe('ok');
    expect(codeOf(await describeGroups({ token: TEMPORARY.token }))).toBe('ok');
  });
});
