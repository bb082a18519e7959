import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { createTencentProvider } from '../../../../src/cloud/tencent/tencent-provider.js';
import { loadConfig } from '../../../../src/config.js';
import { captureLog } from './capture-log.js';
import { type Answer, answerTencent, type RecordedCall } from './nock-tencent.js';

export const REGION = 'ap-guangzhou';

const cloud = loadConfig({
  TENCENTCLOUD_SECRET_ID: 'AKIDunittest00000000000000000000',
  TENCENTCLOUD_SECRET_KEY: 'unit-test-secret-key-never-logged',
}).cloud;

/**
 * The real provider against nock's https://vpc.tencentcloudapi.com, for one test file: it records
 * every answered call, and every test ends with all its answers used.
 */
export function tencentHarness() {
  const state = { calls: [] as RecordedCall[], log: captureLog() };
  beforeAll(() => {
    nock.disableNetConnect();
  });
  afterAll(() => {
    nock.enableNetConnect();
  });
  beforeEach(() => {
    state.calls = [];
    state.log = captureLog();
  });
  afterEach(() => {
    const pending = nock.pendingMocks();
    nock.cleanAll();
    expect(pending).toEqual([]);
  });
  return {
    get calls() {
      return state.calls;
    },
    get log() {
      return state.log;
    },
    vpc: (action: string, answer: Answer) => answerTencent(state.calls, 'vpc', action, answer),
    provider: (fetchTimeoutMs?: number) =>
      createTencentProvider({
        cloud,
        log: state.log,
        fetchTimeoutMs,
        retry: { retries: 2, minTimeoutMs: 1, maxTimeoutMs: 2 },
      }),
    actions: () => state.calls.map((c) => c.action),
    /** The body of the only call to `action`. */
    body: (action: string) => {
      const matching = state.calls.filter((c) => c.action === action);
      expect(matching).toHaveLength(1);
      return matching[0]?.body;
    },
  };
}

/** An error for `promise`'s rejection, to assert on. */
export const failureOf = (promise: Promise<unknown>) => promise.then(() => undefined).catch((e: unknown) => e);
