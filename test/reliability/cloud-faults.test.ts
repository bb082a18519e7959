/**
 * Tencent Cloud failing in each way it can, injected by the emulator (or the gate) under the real
 * app: what can be retried is retried and succeeds; what cannot marks the request failed with the
 * cloud's code, message and RequestId in the thread and a Retry button, and the Retry then
 * creates exactly one group; a refusal a retry cannot fix offers no Retry and refuses one.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ScriptedFaultInput } from '../../src/devtools/tencent-emulator/faults.js';
import type { ChangeRequest } from '../../src/service/types.js';
import { statusLine } from '../../src/slack/blocks/request-status.js';
import { expectNoSecrets, fileTexts } from './support/fake-secrets.js';
import {
  cardUpdates,
  click,
  privateTexts,
  rulesPosts,
  submitNewGroup,
  taggedGroups,
  threadPosts,
  waitForStatus,
} from './support/flow.js';
import { APPROVER_1, APPROVER_2, type RealApp, startRealApp } from './support/real-app.js';
import { watchUnhandledRejections } from './support/unhandled-rejections.js';

const CREATE = 'CreateSecurityGroupWithPolicies';
const APPROVE = 'secgroup_approve';
const RETRY = 'secgroup_retry';
const REQUEST_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let app: RealApp;
const unhandled = watchUnhandledRejections();
const scanned: string[] = [];

beforeAll(async () => {
  // Two retries after the first attempt (TENCENTCLOUD_MAX_RETRIES=2).
  app = await startRealApp();
});
afterEach(() => {
  app.emulator.setFaults({ scripted: [] });
});
afterAll(async () => {
  scanned.push(...(await fileTexts([app.dbPath, `${app.dbPath}-wal`, app.emulatorStateFile])));
  await app.stop();
  unhandled.stop();
  expect(unhandled.rejections).toEqual([]);
  expectNoSecrets('log line', app.logs);
  expectNoSecrets(
    'Slack call',
    app.slackApi.calls.map((c) => JSON.stringify(c.args)),
  );
  expectNoSecrets('file', scanned);
});

function inject(...scripted: ScriptedFaultInput[]): void {
  app.emulator.setFaults({ scripted });
}

async function approveAndSettle(request: ChangeRequest, status: 'done' | 'failed'): Promise<ChangeRequest> {
  await click(app, APPROVE, request.id, APPROVER_1, `approve:${request.id}`);
  return waitForStatus(app, request.id, status, 30_000);
}

async function expectCardShows(request: ChangeRequest): Promise<void> {
  await vi.waitFor(() => {
    const blocks = (cardUpdates(app.slackApi, request).at(-1)?.args.blocks ?? []) as { text?: { text?: string } }[];
    expect(blocks[1]?.text?.text).toBe(statusLine(request));
  });
}

describe('faults that are retried', () => {
  it.each([
    ['throttling (RequestLimitExceeded)', { action: CREATE, times: 2, code: 'RequestLimitExceeded' }],
    ['HTTP 503 before the create ran', { action: CREATE, times: 2, httpStatus: 503 }],
    ['HTTP 502 after the create ran (answer lost)', { action: CREATE, times: 1, httpStatus: 502, afterCommit: true }],
    [
      'a dropped connection after the create ran',
      { action: CREATE, times: 1, reset: true as const, afterCommit: true },
    ],
    ['InternalError', { action: CREATE, times: 1, code: 'InternalError' }],
  ])('%s: retried, and the group is created once', async (_name, fault) => {
    const request = await submitNewGroup(app);
    inject(fault);
    const done = await approveAndSettle(request, 'done');
    expect(app.emulator.faults().scripted).toEqual([]);
    expect(taggedGroups(app.emulator.state(), request.id)).toHaveLength(1);
    await expectCardShows(done);
    await vi.waitFor(() => expect(rulesPosts(app.slackApi, done)).toHaveLength(1));
  });
});

/** Name, the fault, and the code the request is left failed with. */
const FAILING: [string, ScriptedFaultInput, string][] = [
  [
    'retries exhausted (throttled three times)',
    { action: CREATE, times: 3, code: 'RequestLimitExceeded' },
    'RequestLimitExceeded',
  ],
  [
    'AuthFailure',
    {
      action: CREATE,
      code: 'AuthFailure.SignatureFailure',
      message: 'The provided credentials could not be validated. Please check your signature is correct.',
    },
    'AuthFailure.SignatureFailure',
  ],
  [
    'UnauthorizedOperation',
    {
      action: CREATE,
      code: 'UnauthorizedOperation',
      message: 'You are not authorized to perform vpc:CreateSecurityGroupWithPolicies.',
    },
    'UnauthorizedOperation',
  ],
  [
    'quota LimitExceeded',
    { action: CREATE, code: 'LimitExceeded', message: 'The number of security groups exceeds the quota.' },
    'LimitExceeded',
  ],
];

describe('faults that fail the request, shown in the thread with a Retry', () => {
  it.each(FAILING)(
    '%s: failed with code, message and RequestId; Retry creates one group',
    async (_name, fault, code) => {
      const request = await submitNewGroup(app);
      inject(fault);
      const failed = await approveAndSettle(request, 'failed');
      expect(failed.failure?.code).toBe(code);
      expect(failed.failure?.message).toEqual(fault.message ?? expect.any(String));
      expect(failed.failure?.requestId).toMatch(REQUEST_ID);
      expect(taggedGroups(app.emulator.state(), request.id)).toEqual([]);

      // The cloud's message (it may repeat what a person typed) in an inline code span: escaped, and its
      // backticks made quotes so the span cannot end early.
      const shownMessage = (failed.failure?.message ?? '')
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/`/g, "'");
      const failureText = `\`${code}\`: \`${shownMessage}\` (RequestId \`${failed.failure?.requestId}\`)`;
      const offer = await vi.waitFor(() => {
        const posts = threadPosts(app.slackApi, request).filter((c) => JSON.stringify(c.args.blocks).includes(RETRY));
        expect(posts).toHaveLength(1);
        return JSON.stringify(posts[0]?.args.blocks);
      });
      expect(offer).toContain(JSON.stringify(failureText).slice(1, -1));
      await expectCardShows(failed);

      const done = await (async () => {
        await click(app, RETRY, request.id, APPROVER_2, `retry:${request.id}`);
        return waitForStatus(app, request.id, 'done', 30_000);
      })();
      expect(taggedGroups(app.emulator.state(), request.id)).toHaveLength(1);
      expect(done.failure).toBeUndefined();
      await expectCardShows(done);
      await vi.waitFor(() => expect(rulesPosts(app.slackApi, done)).toHaveLength(1));
    },
  );
});

describe('a fault a retry cannot fix', () => {
  it('InvalidParameter (with markup in the message): failed with code, message and RequestId, no Retry; a Retry pressed anyway is refused', async () => {
    const request = await submitNewGroup(app);
    const message = 'The parameter `GroupName` is invalid: <!channel> & <b>';
    inject({ action: CREATE, code: 'InvalidParameter', message });
    const failed = await approveAndSettle(request, 'failed');
    expect(failed.failure).toMatchObject({ code: 'InvalidParameter', message, retryable: false });
    const told = await vi.waitFor(() => {
      const posts = threadPosts(app.slackApi, request).filter((c) => String(c.args.text).includes('failed'));
      expect(posts).toHaveLength(1);
      return JSON.stringify(posts[0]?.args.blocks);
    });
    expect(told).toContain("`The parameter 'GroupName' is invalid: &lt;!channel&gt; &amp; &lt;b&gt;`");
    expect(told).toContain('Trying it again would fail the same way; make a new request.');
    expect(told).not.toContain(RETRY);
    await expectCardShows(failed);

    await click(app, RETRY, request.id, APPROVER_2, 'retry-refused');
    await vi.waitFor(() => expect(privateTexts(app.slackApi, 'retry-refused')).toHaveLength(1));
    expect(privateTexts(app.slackApi, 'retry-refused')[0]).toContain('trying it again would fail the same way');
    expect(taggedGroups(app.emulator.state(), request.id)).toEqual([]);
  });
});

describe('a cloud timeout', () => {
  let slow: RealApp;
  beforeAll(async () => {
    // One retry, and a timeout short enough for the test; the gate keeps answers back.
    slow = await startRealApp({
      gate: true,
      env: { TENCENTCLOUD_TIMEOUT_MS: '1500', TENCENTCLOUD_MAX_RETRIES: '1' },
    });
  });
  afterAll(async () => {
    scanned.push(...slow.logs, ...slow.slackApi.calls.map((c) => JSON.stringify(c.args)));
    await slow.stop();
  });

  it('after the create ran: the automatic retry finds the group instead of creating another', async () => {
    const request = await submitNewGroup(slow);
    const held = slow.gate?.hold(CREATE, 'response');
    await click(slow, APPROVE, request.id, APPROVER_1, 'timeout-1');
    await held?.held;
    const done = await waitForStatus(slow, request.id, 'done', 30_000);
    expect(taggedGroups(slow.emulator.state(), request.id)).toHaveLength(1);
    expect(slow.gate?.actions.filter((a) => a === CREATE)).toHaveLength(1);
    await vi.waitFor(() => expect(rulesPosts(slow.slackApi, done)).toHaveLength(1));
  });

  it('every attempt timing out fails the request; Retry then finds the group the first attempt made', async () => {
    const request = await submitNewGroup(slow);
    const before = slow.gate?.actions.length ?? 0;
    // The create runs but its answer is lost; so is the answer to the look-up that follows.
    slow.gate?.hold(CREATE, 'response');
    slow.gate?.hold('DescribeSecurityGroups', 'response', 10);
    await click(slow, APPROVE, request.id, APPROVER_1, 'timeout-2');
    const failed = await waitForStatus(slow, request.id, 'failed', 30_000);
    expect(failed.failure?.code).toBe('RequestTimeout');
    expect(taggedGroups(slow.emulator.state(), request.id)).toHaveLength(1);

    slow.gate?.openAll();
    await click(slow, RETRY, request.id, APPROVER_2, 'timeout-2-retry');
    const done = await waitForStatus(slow, request.id, 'done', 30_000);
    expect(taggedGroups(slow.emulator.state(), request.id)).toHaveLength(1);
    expect(done.result?.securityGroupId).toBe(taggedGroups(slow.emulator.state(), request.id)[0]?.SecurityGroupId);
    expect(slow.gate?.actions.slice(before).filter((a) => a === CREATE)).toHaveLength(1);
  });
});
