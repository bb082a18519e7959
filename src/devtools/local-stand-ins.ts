/**
 * Local mode's stand-ins for Slack and Tencent Cloud, started by the composition root through a
 * dynamic import (src/local-mode.ts): the local workspace when no Slack credentials are set, the
 * Tencent Cloud API emulator when no Tencent credentials are. Their credentials are made up here
 * and only ever travel between this process and the stand-ins it starts.
 */
import { randomBytes } from 'node:crypto';
import type { LocalStandIns, StartLocalStandIns } from '../local-mode.js';
import { LOCAL_APPROVER_IDS } from './local-workspace/directory.js';
import { type LocalWorkspace, startLocalWorkspace } from './local-workspace/server.js';
import { type RunningEmulator, startEmulator } from './tencent-emulator/emulator.js';
import { emulatorCloudConfig, emulatorOptions } from './tencent-emulator/emulator-cloud-config.js';

export const startLocalStandIns: StartLocalStandIns = async (config, { log, clock }) => {
  let emulator: RunningEmulator | undefined;
  let workspace: LocalWorkspace | undefined;
  const stop = async () => {
    await workspace?.stop();
    await emulator?.stop();
  };
  try {
    const standIns: LocalStandIns = { stop };
    if (config.cloud.mode === 'emulator') {
      emulator = await startEmulator({ ...emulatorOptions(config.emulator), clock, log });
      standIns.emulator = {
        url: emulator.url,
        cloud: emulatorCloudConfig(config.cloud, config.emulator, emulator.url),
      };
    }
    if (config.slack.mode === 'local') {
      let botEventsUrl = '';
      const botToken = `xoxb-local-${randomBytes(12).toString('hex')}`;
      const common = {
        port: config.localWorkspace.port,
        stateFile: config.localWorkspace.stateFile,
        botToken,
        log,
      };
      const delivery =
        config.localWorkspace.transport === 'socket'
          ? { transport: 'socket' as const, appToken: `xapp-local-${randomBytes(12).toString('hex')}` }
          : {
              transport: 'http' as const,
              signingSecret: randomBytes(32).toString('hex'),
              botEventsUrl: () => botEventsUrl,
            };
      workspace = await startLocalWorkspace({ ...common, ...delivery });
      standIns.slack = {
        workspaceUrl: workspace.url,
        apiUrl: workspace.apiUrl,
        botToken,
        ...(delivery.transport === 'socket'
          ? { appToken: delivery.appToken }
          : { signingSecret: delivery.signingSecret }),
        approverIds: LOCAL_APPROVER_IDS,
        setBotEventsUrl: (url) => {
          botEventsUrl = url;
        },
      };
    }
    return standIns;
  } catch (err) {
    await stop();
    throw err;
  }
};
