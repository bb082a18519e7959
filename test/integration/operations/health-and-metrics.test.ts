/**
 * Operating the app: /healthz, /readyz and /metrics on the bot's port in HTTP mode, as an
 * orchestrator and Prometheus ask for them, while the real app runs a request against the
 * emulator (through the real provider) and the Slack fake.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sampleValue } from '../../helpers/prometheus-text.js';
import { startTestSecgroup, TEST_APPROVERS, type TestSecgroup } from '../../helpers/test-secgroup.js';
import { click, submitNewGroup, waitForStatus } from '../slack/flow.js';

const [APPROVER = ''] = TEST_APPROVERS;

let app: TestSecgroup;

const origin = () => new URL(app.url).origin;
const get = (path: string) => fetch(`${origin()}${path}`);
const metricsText = async () => {
  const res = await get('/metrics');
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/plain');
  return res.text();
};

beforeEach(async () => {
  app = await startTestSecgroup({ realClock: true });
});
afterEach(async () => {
  await app.stop();
});

describe('health checks on the bot’s port', () => {
  it('/healthz answers while the process serves; /readyz once the store and Slack answer', async () => {
    expect(await (await get('/healthz')).json()).toEqual({ status: 'ok' });
    const ready = await get('/readyz');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      ready: true,
      started: true,
      draining: false,
      checks: { store: 'ok', slack: 'ok' },
    });
  });

  it('/readyz asks Slack (auth.test) only when its last answer is not fresh, and says when Slack refuses', async () => {
    app.slackApi.failNext('auth.test', 'invalid_auth');
    const refused = await get('/readyz');
    expect(refused.status).toBe(503);
    expect((await refused.json()).checks).toEqual({ store: 'ok', slack: 'failing' });
    // A failure is not reused: the next probe asks again.
    expect((await get('/readyz')).status).toBe(200);
    expect((await get('/readyz')).status).toBe(200);
    expect(app.slackApi.callsTo('auth.test')).toHaveLength(2);
    expect(app.logger.dump()).toContain('not ready: slack: An API error occurred: invalid_auth');
  });

  it('/readyz fails when the store does not answer', async () => {
    await app.running.store.close();
    const res = await get('/readyz');
    expect(res.status).toBe(503);
    expect((await res.json()).checks.store).toBe('failing');
    expect((await get('/healthz')).status).toBe(200);
  });

  it('needs no Slack signature, and the Slack endpoint still does', async () => {
    expect((await fetch(app.url, { method: 'POST', body: '{}' })).status).toBe(401);
    expect((await get('/metrics')).status).toBe(200);
  });
});

describe('/metrics', () => {
  it('counts a request’s transitions, its approval and execution, its cloud and Slack calls', async () => {
    const request = await submitNewGroup(app);
    await click(app, 'secgroup_approve', request.id, APPROVER);
    await waitForStatus(app, request.id, 'done');
    await app.settled();

    const text = await metricsText();
    const transition = (from: string, to: string) =>
      sampleValue(text, 'secgroup_request_transitions_total', { kind: 'create-group', from, to });
    expect([
      transition('none', 'pending'),
      transition('pending', 'approved'),
      transition('approved', 'executing'),
      transition('executing', 'done'),
    ]).toEqual([1, 1, 1, 1]);
    expect(sampleValue(text, 'secgroup_approvals_total', { kind: 'create-group' })).toBe(1);
    expect(
      sampleValue(text, 'secgroup_execution_duration_seconds_count', { kind: 'create-group', outcome: 'done' }),
    ).toBe(1);
    expect(
      sampleValue(text, 'secgroup_cloud_call_duration_seconds_count', {
        service: 'vpc',
        action: 'CreateSecurityGroupWithPolicies',
        outcome: 'ok',
      }),
    ).toBe(1);
    // The card, the prompt and the rules, as the fake saw them.
    expect(sampleValue(text, 'secgroup_slack_api_call_duration_seconds_count', { method: 'chat.postMessage' })).toBe(
      app.slackApi.callsTo('chat.postMessage').length,
    );
    expect(sampleValue(text, 'secgroup_execution_takeovers_total')).toBe(0);
    // prom-client's process metrics.
    expect(sampleValue(text, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(sampleValue(text, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
  });

  it('counts failures by code: a refused cloud call, a Slack rate limit and its wait, warnings', async () => {
    app.emulator.setFaults({
      scripted: [{ action: 'CreateSecurityGroupWithPolicies', code: 'AuthFailure.SecretIdNotFound' }],
    });
    const request = await submitNewGroup(app);
    app.slackApi.failNextHttp('chat.update', { status: 429, retryAfterSeconds: 1 });
    await click(app, 'secgroup_approve', request.id, APPROVER);
    await waitForStatus(app, request.id, 'failed');
    await app.settled();

    const text = await metricsText();
    expect(
      sampleValue(text, 'secgroup_cloud_call_duration_seconds_count', {
        action: 'CreateSecurityGroupWithPolicies',
        outcome: 'AuthFailure.SecretIdNotFound',
      }),
    ).toBe(1);
    expect(
      sampleValue(text, 'secgroup_execution_duration_seconds_count', { kind: 'create-group', outcome: 'failed' }),
    ).toBe(1);
    expect(
      sampleValue(text, 'secgroup_slack_api_call_duration_seconds_count', {
        method: 'chat.update',
        outcome: 'ratelimited',
      }),
    ).toBe(1);
    expect(sampleValue(text, 'secgroup_slack_rate_limit_waits_total')).toBe(1);
    expect(sampleValue(text, 'secgroup_slack_rate_limit_wait_seconds_total')).toBe(1);
    expect(sampleValue(text, 'secgroup_log_messages_total', { level: 'warn' })).toBeGreaterThan(0);
    await vi.waitFor(async () =>
      expect(
        sampleValue(await metricsText(), 'secgroup_request_transitions_total', { from: 'executing', to: 'failed' }),
      ).toBe(1),
    );
  });
});
