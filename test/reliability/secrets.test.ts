/**
 * The app run as `npm start` runs it (a child process), with recognisable fake secrets, through
 * success and every kind of failure: none of the secrets appears in its output (logs, in the text
 * and the JSON format alike), in any Slack message or error text, in the database file or in the
 * emulator's state file.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { type AppChild, startAppChild } from './support/app-child.js';
import { expectNoSecrets, FAKE_SECRETS, fileTexts, jsonLogLines } from './support/fake-secrets.js';
import {
  click,
  type Driver,
  privateTexts,
  reject,
  submitNewGroup,
  threadPosts,
  waitForStatus,
} from './support/flow.js';
import { APPROVER_1, APPROVER_2, type Edges, startEdges } from './support/real-app.js';

let edges: Edges | undefined;
let app: AppChild | undefined;

afterEach(async () => {
  await app?.stop();
  await edges?.stop();
  app = undefined;
  edges = undefined;
});

/** Everything the app wrote anywhere, as text. */
async function everythingWritten(e: Edges, child: AppChild): Promise<Record<string, string[]>> {
  const { slackApi } = e;
  const argsOf = (calls: { args: unknown }[]) => calls.map((c) => JSON.stringify(c.args));
  return {
    'app output': [child.output()],
    'Slack call': [...argsOf(slackApi.calls), ...argsOf(slackApi.held), ...argsOf(slackApi.failedHttp)],
    'response_url post': slackApi.responses.map((r) => JSON.stringify(r.body)),
    'stored record': await fileTexts([e.dbPath, `${e.dbPath}-wal`]),
    'emulator state': [...(await fileTexts([e.emulatorStateFile])), JSON.stringify(e.emulator.state())],
  };
}

function driverFor(e: Edges, child: AppChild): Driver {
  return { send: child.send, slackApi: e.slackApi, store: e.store, presentations: e.presentations };
}

describe.each(['text', 'json'] as const)('fake secrets never leave where they belong (LOG_FORMAT=%s)', (format) => {
  it('through success, refusals, cloud and Slack failures, timeouts and a restart', async () => {
    edges = await startEdges({
      gate: true,
      env: { TENCENTCLOUD_TIMEOUT_MS: '1500', TENCENTCLOUD_MAX_RETRIES: '1', LOG_FORMAT: format },
    });
    const e = edges;
    app = await startAppChild(e.env);
    const d = driverFor(e, app);

    const created = await submitNewGroup(d);
    await click(d, 'secgroup_approve', created.id, APPROVER_1, 'ok');
    await waitForStatus(d, created.id, 'done');

    const rejected = await submitNewGroup(d);
    await reject(d, rejected.id, APPROVER_2, `not with ${'<!channel>'}`);
    await waitForStatus(d, rejected.id, 'rejected');

    // The cloud refuses, answers 5xx, drops the connection, and times out; Slack refuses and rate limits.
    e.emulator.setFaults({
      scripted: [
        { action: 'CreateSecurityGroupWithPolicies', code: 'AuthFailure.SecretIdNotFound' },
        { action: 'DescribeSecurityGroups', httpStatus: 503 },
      ],
    });
    const failing = await submitNewGroup(d);
    await click(d, 'secgroup_approve', failing.id, APPROVER_1, 'auth');
    await waitForStatus(d, failing.id, 'failed');
    e.gate?.hold('CreateSecurityGroupWithPolicies', 'response');
    e.gate?.hold('DescribeSecurityGroups', 'response', 5);
    e.slackApi.failNext('chat.update', 'invalid_auth');
    e.slackApi.failNextHttp('chat.postMessage', { status: 429, retryAfterSeconds: 1 });
    await click(d, 'secgroup_retry', failing.id, APPROVER_2, 'timeout');
    await waitForStatus(d, failing.id, 'failed', 30_000);
    e.gate?.openAll();
    await click(d, 'secgroup_approve', 'req-doesnotx', APPROVER_1, 'garbage');
    await vi.waitFor(() => expect(privateTexts(e.slackApi, 'garbage')).toHaveLength(1));

    // A kill and a restart, which re-reads everything from the database.
    await app.kill();
    const firstOutput = app.output();
    const firstStdout = app.stdout();
    app = await startAppChild(e.env);
    await click(driverFor(e, app), 'secgroup_retry', failing.id, APPROVER_2, 'retry');
    await waitForStatus(d, failing.id, 'done', 30_000);

    const written = await everythingWritten(e, app);
    written['app output']?.push(firstOutput);
    for (const [what, texts] of Object.entries(written)) expectNoSecrets(what, texts);
    if (format === 'json') {
      // One object per line, and the service's events carry the request and the actor.
      const entries = jsonLogLines(app.stdout());
      expect(entries.find((l) => l.event === 'execution.done' && l.requestId === failing.id)).toMatchObject({
        level: 'info',
        actor: 'system',
      });
      const firstEntries = jsonLogLines(firstStdout);
      expect(firstEntries.find((l) => l.event === 'request.submitted' && l.requestId === created.id)).toMatchObject({
        actor: 'U0REQUESTER',
      });
      expect(firstEntries.find((l) => l.event === 'request.rejected' && l.requestId === rejected.id)).toMatchObject({
        actor: APPROVER_2,
      });
    }
    // The token was used, where it belongs: the Authorization header of each Web API call.
    expect(new Set(e.slackApi.calls.map((c) => c.token))).toEqual(new Set([FAKE_SECRETS.slackBotToken]));
    // The failures were really shown, so their texts were among those scanned.
    expect(JSON.stringify(threadPosts(e.slackApi, failing).map((c) => c.args))).toContain(
      'AuthFailure.SecretIdNotFound',
    );
    expect(JSON.stringify((await e.store.get(failing.id))?.history)).toContain('RequestTimeout');
  });

  it('when Tencent Cloud refuses the credentials themselves', async () => {
    // The emulator expects another key, so every signature the app makes is refused.
    edges = await startEdges({ emulator: { secretKey: 'the-key-tencent-really-has' }, env: { LOG_FORMAT: format } });
    const e = edges;
    app = await startAppChild(e.env);
    const d = driverFor(e, app);
    const request = await submitNewGroup(d);
    await click(d, 'secgroup_approve', request.id, APPROVER_1, 'bad-key');
    const failed = await waitForStatus(d, request.id, 'failed');
    expect(failed.failure?.code).toBe('AuthFailure.SignatureFailure');
    await vi.waitFor(() =>
      expect(JSON.stringify(threadPosts(e.slackApi, request).map((c) => c.args))).toContain('SignatureFailure'),
    );
    const written = await everythingWritten(e, app);
    // Nobody was answered privately here; everything else was written and is scanned.
    expect(written['response_url post']).toEqual([]);
    for (const [what, texts] of Object.entries(written)) if (texts.length > 0) expectNoSecrets(what, texts);
    if (format === 'json') jsonLogLines(app.stdout());
  });
});

describe('fake secrets never leave where they belong', () => {
  it('a configuration error names the variable, never its secret value', () => {
    const attempt = () =>
      loadConfig({
        SLACK_BOT_TOKEN: `not-a-bot-token-${FAKE_SECRETS.slackBotToken}`,
        SLACK_APP_TOKEN: `not-an-app-token-${FAKE_SECRETS.slackSigningSecret}`,
        TENCENTCLOUD_SECRET_KEY: FAKE_SECRETS.tencentSecretKey,
      });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (err) {
      const message = (err as ConfigError).message;
      expect(message).toContain('SLACK_BOT_TOKEN');
      expectNoSecrets('config error', [message]);
    }
  });
});
