/**
 * Tests reach nothing but 127.0.0.1: while a test app runs, its Tencent calls go to its emulator
 * (signed for Tencent's hosts, over a connection to the endpoint), and every other connection is
 * refused, Tencent Cloud itself included.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTencentProvider } from '../../../src/cloud/tencent/tencent-provider.js';
import { loadConfig } from '../../../src/config.js';
import { recordingLogger } from '../../helpers/recording-logger.js';
import { callsTo, emulatorEnv, TEST_TENCENT_CREDENTIALS } from '../../helpers/test-emulator.js';
import { startTestSecgroup, type TestSecgroup } from '../../helpers/test-secgroup.js';

let t: TestSecgroup;
beforeEach(async () => {
  t = await startTestSecgroup();
});
afterEach(async () => {
  await t.stop();
});

const provider = (env: Record<string, string>) =>
  createTencentProvider({
    cloud: loadConfig({ ...env, TENCENTCLOUD_MAX_RETRIES: '0' }).cloud,
    log: recordingLogger(),
  });

describe('the network in tests', () => {
  it('lets the provider reach the emulator at its endpoint', async () => {
    const regions = await provider(emulatorEnv(t.emulator)).listRegions();
    expect(regions.map((r) => r.id)).toContain('ap-guangzhou');
    expect(callsTo(t.emulator, 'DescribeRegions')).toHaveLength(1);
  });

  it('refuses Tencent Cloud itself, and any other host', async () => {
    const real = provider({
      TENCENTCLOUD_SECRET_ID: TEST_TENCENT_CREDENTIALS.secretId,
      TENCENTCLOUD_SECRET_KEY: TEST_TENCENT_CREDENTIALS.secretKey,
    });
    await expect(real.listRegions()).rejects.toThrow(/Disallowed net connect/);
    await expect(fetch('https://example.com/')).rejects.toThrow();
    await expect(fetch('http://vpc.tencentcloudapi.com:8080/')).rejects.toThrow();
    expect(t.emulator.calls()).toEqual([]);
  });
});
