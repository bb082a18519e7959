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
