/**
 * Tencent Cloud credentials from a role rather than keys: a CVM instance's CAM role (the metadata
 * service), a TKE pod's OIDC role (STS AssumeRoleWithWebIdentity) and a role assumed with STS
 * AssumeRole on top of keys or a CVM role — configured with the variables tccli and Terraform read,
 * fetched from a local stand-in for the metadata service and STS (test/helpers/tencent-identity.ts),
 * and used against the emulator, which accepts only the credentials handed out, with their token.
 * The provider has no keys the emulator knows, so every call that succeeds was signed with them.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTencentProvider } from '../../../src/cloud/tencent/tencent-provider.js';
import { loadConfig } from '../../../src/config.js';
import type { RunningEmulator } from '../../../src/devtools/tencent-emulator/emulator.js';
import type { CloudProvider } from '../../../src/service/ports.js';
import { createTestClock, type TestClock } from '../../helpers/clock.js';
import { recordingLogger } from '../../helpers/recording-logger.js';
import { startTencentIdentity, type TencentIdentity } from '../../helpers/tencent-identity.js';
import { startTestSecgroup, TEST_APPROVERS } from '../../helpers/test-secgroup.js';
import { click, submitNewGroup, waitForStatus } from '../slack/flow.js';
import { emulatorFor, GZ } from './support/emulator-harness.js';

const ROLE = 'secgroup-runner';
const ASSUMED_ARN = 'qcs::cam::uin/100000000001:roleName/secgroup-operator';
const OIDC_ARN = 'qcs::cam::uin/100000000001:roleName/secgroup-pod';
const USER_KEY = { secretId: 'AKIDcamuser0000000000000000000001', secretKey: 'cam-user-key-for-assume-role' };
const MINUTE_MS = 60_000;
const LIFETIME_MS = 120 * MINUTE_MS;

let emulator: RunningEmulator;
let identity: TencentIdentity | undefined;
let clock: TestClock;
let dir: string;
let oidcToken = 'oidc-token-1';

beforeEach(async () => {
  emulator = await emulatorFor();
  clock = createTestClock(new Date());
  dir = await mkdtemp(join(tmpdir(), 'secgroup-credentials-'));
});
afterEach(async () => {
  await identity?.stop();
  identity = undefined;
  await emulator.stop();
  await rm(dir, { recursive: true, force: true });
});

async function startIdentity(): Promise<TencentIdentity> {
  identity = await startTencentIdentity({
    emulator,
    clock,
    cvmRoles: [ROLE],
    keys: [USER_KEY],
    oidc: { providerId: 'tke-oidc-provider', token: () => oidcToken },
    lifetimeMs: LIFETIME_MS,
  });
  return identity;
}

/** The provider as the app builds it, from these variables, pointed at the emulator and the stand-in. */
function providerFor(env: Record<string, string>, log = recordingLogger()): CloudProvider {
  const config = loadConfig({
    TENCENTCLOUD_ENDPOINT: emulator.url,
    TENCENTCLOUD_METADATA_ENDPOINT: identity?.url ?? '',
    TENCENTCLOUD_STS_ENDPOINT: identity?.url ?? '',
    ...env,
  });
  return createTencentProvider({
    cloud: config.cloud,
    log,
    clock,
    retry: { retries: 1, minTimeoutMs: 1, maxTimeoutMs: 2 },
  });
}

const listGroups = (provider: CloudProvider) => provider.listGroups({ region: GZ });

describe('a CVM instance’s CAM role (TENCENTCLOUD_CAM_ROLE_NAME)', () => {
  it('signs calls with the role’s credentials and token, fetched once while they are fresh', async () => {
    const id = await startIdentity();
    const provider = providerFor({ TENCENTCLOUD_CAM_ROLE_NAME: ROLE });
    await listGroups(provider);
    clock.advance(60 * MINUTE_MS);
    await listGroups(provider);
    expect(id.metadataCalls).toBe(1);
    expect(emulator.calls().map((c) => c.outcome)).toEqual(['ok', 'ok']);
  });

  it('fetches new credentials in the background before they expire, and uses them from then on', async () => {
    const id = await startIdentity();
    const log = recordingLogger();
    const provider = providerFor({ TENCENTCLOUD_CAM_ROLE_NAME: ROLE }, log);
    await listGroups(provider);
    const [first] = id.issued;

    // Within five minutes of the expiry: this call still uses the first credentials, and a refresh starts.
    clock.advance(LIFETIME_MS - 4 * MINUTE_MS);
    await listGroups(provider);
    await vi.waitFor(() => expect(id.issued).toHaveLength(2));
    if (first) id.expire(first);
    await listGroups(provider);
    expect(emulator.calls().map((c) => c.outcome)).toEqual(['ok', 'ok', 'ok']);
    expect(log.lines.filter((l) => l.text.includes('temporary credentials valid until'))).toHaveLength(2);
  });

  it('keeps the current credentials while a refresh fails, fails calls once they expire, and recovers when the role answers', async () => {
    const id = await startIdentity();
    const log = recordingLogger();
    const provider = providerFor({ TENCENTCLOUD_CAM_ROLE_NAME: ROLE }, log);
    await listGroups(provider);

    id.fail(500);
    clock.advance(LIFETIME_MS - 4 * MINUTE_MS);
    await listGroups(provider);
    await vi.waitFor(() =>
      expect(log.dump()).toContain(
        `credentials: CVM role ${ROLE}: could not get temporary credentials: the metadata service answered HTTP 500`,
      ),
    );

    clock.advance(4 * MINUTE_MS);
    await expect(listGroups(provider)).rejects.toMatchObject({
      cloudCode: 'CredentialsUnavailable',
      cloudMessage: expect.stringContaining(`CVM role ${ROLE}: the metadata service answered HTTP 500`),
    });
    id.heal();
    await listGroups(provider);
    expect(emulator.calls().map((c) => c.outcome)).toEqual(['ok', 'ok', 'ok']);
  });

  it('tries again after a first fetch that failed (the SDK’s own provider would keep the failure)', async () => {
    const id = await startIdentity();
    id.fail(503, 2);
    const provider = providerFor({ TENCENTCLOUD_CAM_ROLE_NAME: ROLE });
    await expect(listGroups(provider)).rejects.toMatchObject({ cloudCode: 'CredentialsUnavailable' });
    await listGroups(provider);
    expect(emulator.calls().map((c) => c.outcome)).toEqual(['ok']);
  });

  it('says which role the metadata service does not know', async () => {
    await startIdentity();
    const provider = providerFor({ TENCENTCLOUD_CAM_ROLE_NAME: 'not-bound-here' });
    await expect(listGroups(provider)).rejects.toMatchObject({
      cloudCode: 'CredentialsUnavailable',
      cloudMessage: expect.stringContaining('answered HTTP 404 for CAM role not-bound-here'),
    });
  });
});

describe('a TKE pod’s OIDC role (TKE_REGION, TKE_PROVIDER_ID, TKE_WEB_IDENTITY_TOKEN_FILE, TKE_ROLE_ARN)', () => {
  it('asks STS unsigned with the token file as it reads at each refresh', async () => {
    const id = await startIdentity();
    const tokenFile = join(dir, 'token');
    await writeFile(tokenFile, `${oidcToken}\n`);
    const provider = providerFor({
      TKE_REGION: 'ap-shanghai',
      TKE_PROVIDER_ID: 'tke-oidc-provider',
      TKE_WEB_IDENTITY_TOKEN_FILE: tokenFile,
      TKE_ROLE_ARN: OIDC_ARN,
    });
    await listGroups(provider);
    expect(id.stsCalls).toEqual([
      {
        action: 'AssumeRoleWithWebIdentity',
        region: 'ap-shanghai',
        authorization: 'SKIP',
        params: {
          ProviderId: 'tke-oidc-provider',
          WebIdentityToken: 'oidc-token-1',
          RoleArn: OIDC_ARN,
          RoleSessionName: expect.stringMatching(/^secgroup-\d+$/),
        },
      },
    ]);

    // TKE rotates the token; the refresh reads the new one.
    oidcToken = 'oidc-token-2';
    await writeFile(tokenFile, oidcToken);
    clock.advance(LIFETIME_MS - MINUTE_MS);
    await listGroups(provider);
    await vi.waitFor(() => expect(id.issued).toHaveLength(2));
    expect(id.stsCalls[1]?.params.WebIdentityToken).toBe('oidc-token-2');
    oidcToken = 'oidc-token-1';
  });
});

describe('a role assumed with STS AssumeRole (TENCENTCLOUD_ROLE_ARN, TENCENTCLOUD_ROLE_SESSION_NAME)', () => {
  it('on top of keys: signed with the keys, and the role’s credentials sign the calls', async () => {
    const id = await startIdentity();
    const provider = providerFor({
      TENCENTCLOUD_SECRET_ID: USER_KEY.secretId,
      TENCENTCLOUD_SECRET_KEY: USER_KEY.secretKey,
      TENCENTCLOUD_ROLE_ARN: ASSUMED_ARN,
      TENCENTCLOUD_ROLE_SESSION_NAME: 'secgroup-prod',
      TENCENTCLOUD_ASSUME_ROLE_SESSION_DURATION: '3600',
    });
    await listGroups(provider);
    expect(id.stsCalls).toEqual([
      {
        action: 'AssumeRole',
        region: 'ap-guangzhou',
        authorization: expect.stringMatching(/^TC3-HMAC-SHA256 Credential=AKIDcamuser/),
        signedBy: USER_KEY.secretId,
        params: { RoleArn: ASSUMED_ARN, RoleSessionName: 'secgroup-prod', DurationSeconds: 3600 },
      },
    ]);
    expect(id.issued.map((c) => c.to)).toEqual([`assume:${ASSUMED_ARN}`]);
    expect(emulator.calls().map((c) => c.outcome)).toEqual(['ok']);
  });

  it('on top of a CVM role (Terraform’s names): signed with the role’s credentials and token', async () => {
    const id = await startIdentity();
    const provider = providerFor({
      TENCENTCLOUD_CAM_ROLE_NAME: ROLE,
      TENCENTCLOUD_ASSUME_ROLE_ARN: ASSUMED_ARN,
      TENCENTCLOUD_ASSUME_ROLE_SESSION_NAME: 'secgroup-prod',
    });
    await listGroups(provider);
    expect(id.issued.map((c) => c.to)).toEqual([`cvm:${ROLE}`, `assume:${ASSUMED_ARN}`]);
    expect(id.stsCalls[0]?.signedBy).toBe(id.issued[0]?.secretId);
    expect(id.stsCalls[0]?.params.DurationSeconds).toBe(7200);
    expect(emulator.calls().map((c) => c.outcome)).toEqual(['ok']);
  });
});

describe('the app started with a role', () => {
  it('creates a group with the CVM role’s credentials, and never writes them anywhere', async () => {
    const id = await startIdentity();
    const app = await startTestSecgroup({
      emulator,
      realClock: true,
      env: {
        TENCENTCLOUD_SECRET_ID: '',
        TENCENTCLOUD_SECRET_KEY: '',
        TENCENTCLOUD_CAM_ROLE_NAME: ROLE,
        TENCENTCLOUD_METADATA_ENDPOINT: id.url,
      },
    });
    try {
      const request = await submitNewGroup(app);
      await click(app, 'secgroup_approve', request.id, TEST_APPROVERS[0] ?? '');
      const done = await waitForStatus(app, request.id, 'done');
      expect(done.result?.securityGroupId).toMatch(/^sg-/);
      const logs = app.logger.dump();
      expect(logs).toContain(`cloud: Tencent Cloud (real account; credentials: CVM role ${ROLE})`);
      expect(logs).toContain(`credentials: CVM role ${ROLE}: temporary credentials valid until`);
      for (const credential of id.issued) {
        for (const value of [credential.secretId, credential.secretKey, credential.token]) {
          expect(logs).not.toContain(value);
          expect(JSON.stringify(app.slackApi.calls)).not.toContain(value);
        }
      }
    } finally {
      await app.stop();
    }
  });
});
