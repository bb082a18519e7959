import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

const TKE = {
  TKE_REGION: 'ap-shanghai',
  TKE_PROVIDER_ID: 'tke-oidc',
  TKE_WEB_IDENTITY_TOKEN_FILE: '/var/run/secrets/tke/token',
  TKE_ROLE_ARN: 'qcs::cam::uin/1:roleName/pod',
};
const KEYS = { TENCENTCLOUD_SECRET_ID: 'AKIDunit', TENCENTCLOUD_SECRET_KEY: 'unit-key' };

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
}

describe('Tencent Cloud credentials settings', () => {
  it('a CVM role or a TKE OIDC role makes the cloud real, without keys', () => {
    expect(loadConfig({ TENCENTCLOUD_CAM_ROLE_NAME: 'runner' }).cloud).toMatchObject({
      mode: 'real',
      role: { kind: 'cvm', roleName: 'runner' },
      metadataEndpoint: 'http://metadata.tencentyun.com',
    });
    expect(loadConfig(TKE).cloud).toMatchObject({
      mode: 'real',
      role: { kind: 'tke-oidc', region: 'ap-shanghai', providerId: 'tke-oidc', roleArn: TKE.TKE_ROLE_ARN },
    });
    expect(loadConfig({}).cloud.mode).toBe('emulator');
  });

  it('a role to assume, under tccli’s or Terraform’s names, with Terraform’s default duration', () => {
    const arn = 'qcs::cam::uin/1:roleName/operator';
    expect(loadConfig({ ...KEYS, TENCENTCLOUD_ROLE_ARN: arn }).cloud.assumeRole).toEqual({
      roleArn: arn,
      sessionName: 'secgroup',
      durationSeconds: 7200,
    });
    expect(
      loadConfig({
        ...KEYS,
        TENCENTCLOUD_ASSUME_ROLE_ARN: arn,
        TENCENTCLOUD_ASSUME_ROLE_SESSION_NAME: 'ops',
        TENCENTCLOUD_ASSUME_ROLE_SESSION_DURATION: '3600',
      }).cloud.assumeRole,
    ).toEqual({ roleArn: arn, sessionName: 'ops', durationSeconds: 3600 });
  });

  it.each([
    [
      'part of the TKE settings',
      { TKE_REGION: 'ap-shanghai' },
      'TKE_PROVIDER_ID, TKE_WEB_IDENTITY_TOKEN_FILE, TKE_ROLE_ARN: required',
    ],
    ['keys and a CVM role', { ...KEYS, TENCENTCLOUD_CAM_ROLE_NAME: 'runner' }, 'set only one source'],
    ['a CVM role and a TKE role', { ...TKE, TENCENTCLOUD_CAM_ROLE_NAME: 'runner' }, 'set only one source'],
    [
      'a role to assume with nothing to assume it with',
      { TENCENTCLOUD_ROLE_ARN: 'arn' },
      'TENCENTCLOUD_ROLE_ARN: a role is assumed',
    ],
    ['two different role ARNs', { ...KEYS, TENCENTCLOUD_ROLE_ARN: 'a', TENCENTCLOUD_ASSUME_ROLE_ARN: 'b' }, 'differs'],
    [
      'a session name STS refuses',
      { ...KEYS, TENCENTCLOUD_ROLE_ARN: 'a', TENCENTCLOUD_ROLE_SESSION_NAME: 'has space' },
      '2 to 128',
    ],
    [
      'a metadata endpoint that is not a URL',
      { TENCENTCLOUD_METADATA_ENDPOINT: 'metadata' },
      'TENCENTCLOUD_METADATA_ENDPOINT',
    ],
  ])('refuses %s, naming the variables', (_what, env, expected) => {
    expect(problems(env).join('\n')).toContain(expected);
  });
});

describe('operating settings', () => {
  it('defaults: text logs, no metrics port, a 20 s drain', () => {
    const config = loadConfig({});
    expect([config.logFormat, config.metricsPort, config.drainTimeoutMs]).toEqual(['text', undefined, 20_000]);
  });

  it('takes LOG_FORMAT=json, METRICS_PORT, METRICS_HOST and SECGROUP_DRAIN_TIMEOUT_SECONDS', () => {
    const config = loadConfig({
      LOG_FORMAT: 'json',
      METRICS_PORT: '9464',
      METRICS_HOST: '10.0.0.5',
      SECGROUP_DRAIN_TIMEOUT_SECONDS: '7.5',
    });
    expect([config.logFormat, config.metricsPort, config.metricsHost, config.drainTimeoutMs]).toEqual([
      'json',
      9464,
      '10.0.0.5',
      7_500,
    ]);
  });

  it.each([
    [{ LOG_FORMAT: 'xml' }, 'LOG_FORMAT: expected text or json (got "xml")'],
    [{ METRICS_PORT: '70000' }, 'METRICS_PORT: expected a port number (0-65535) (got "70000")'],
    [
      { SECGROUP_DRAIN_TIMEOUT_SECONDS: '-1' },
      'SECGROUP_DRAIN_TIMEOUT_SECONDS: expected zero or more seconds (got "-1")',
    ],
  ])('refuses %o', (env, expected) => {
    expect(problems(env)).toEqual([expected]);
  });
});
