import type { CloudConfig, EmulatorConfig } from '../../config.js';

/** The CloudConfig that points the Tencent provider at a running emulator, with its credentials. */
export function emulatorCloudConfig(cloud: CloudConfig, emulator: EmulatorConfig, url: string): CloudConfig {
  return {
    ...cloud,
    mode: 'emulator',
    secretId: emulator.secretId,
    secretKey: emulator.secretKey,
    sessionToken: undefined,
    endpoint: url,
  };
}

/** The emulator's start options as configured (EMULATOR_*), on 127.0.0.1. */
export function emulatorOptions(emulator: EmulatorConfig) {
  return {
    host: '127.0.0.1',
    port: emulator.port,
    secretId: emulator.secretId,
    secretKey: emulator.secretKey,
    stateFile: emulator.stateFile,
    latencyMs: emulator.latencyMs,
    throttleRate: emulator.throttleRate,
    error5xxRate: emulator.error5xxRate,
    groupQuota: emulator.groupQuota,
    ruleQuota: emulator.ruleQuota,
  };
}
