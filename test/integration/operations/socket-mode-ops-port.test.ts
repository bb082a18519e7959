/**
 * Socket Mode has no HTTP port of its own, so /healthz, /readyz and /metrics are served on
 * METRICS_PORT (here 0: a free port on 127.0.0.1). The app runs over Socket Mode against the local
 * workspace, as npm start does with an app-level token.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LOCAL_APPROVER_IDS } from '../../../src/devtools/local-workspace/directory.js';
import { type LocalWorkspace, startLocalWorkspace } from '../../../src/devtools/local-workspace/server.js';
import { sampleValue } from '../../helpers/prometheus-text.js';
import { recordingLogger } from '../../helpers/recording-logger.js';
import { startTestSecgroup, type TestSecgroup } from '../../helpers/test-secgroup.js';
import { BOT_TOKEN } from '../devtools/local-workspace/harness.js';

const APP_TOKEN = 'xapp-1-A0LOCALAPP-1-secgroup-ops-port-test';

describe('health checks and metrics on METRICS_PORT in Socket Mode', () => {
  let workspace: LocalWorkspace;
  let app: TestSecgroup;

  beforeEach(async () => {
    workspace = await startLocalWorkspace({
      port: 0,
      transport: 'socket',
      appToken: APP_TOKEN,
      botToken: BOT_TOKEN,
      log: recordingLogger(),
    });
    app = await startTestSecgroup({
      approvers: [...LOCAL_APPROVER_IDS],
      realClock: true,
      env: {
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_APP_TOKEN: APP_TOKEN,
        SLACK_API_URL: workspace.apiUrl,
        METRICS_PORT: '0',
      },
    });
  });
  afterEach(async () => {
    await app.stop();
    await vi.waitFor(() => expect(workspace.socketMode?.connections()).toEqual([]));
    await workspace.stop();
  });

  it('serves /healthz, /readyz and /metrics there, on 127.0.0.1, until the app stops', async () => {
    expect(app.url).toBe('socket-mode');
    const opsUrl = app.running.opsUrl ?? '';
    expect(opsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    expect(await (await fetch(`${opsUrl}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${opsUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect((await ready.json()).checks).toEqual({ store: 'ok', slack: 'ok' });
    const metrics = await (await fetch(`${opsUrl}/metrics`)).text();
    // The Socket Mode connection was opened through the Web API, and counted.
    expect(
      sampleValue(metrics, 'secgroup_slack_api_call_duration_seconds_count', { method: 'apps.connections.open' }),
    ).toBeGreaterThan(0);
    expect((await fetch(`${opsUrl}/other`)).status).toBe(404);

    await app.running.stop();
    await expect(fetch(`${opsUrl}/healthz`)).rejects.toThrow();
  });
});
