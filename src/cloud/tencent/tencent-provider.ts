/** The CloudProvider port implemented on Tencent Cloud (VPC, region and tag APIs). */
import type { CloudConfig } from '../../config.js';
import { type Clock, systemClock } from '../../lib/clock.js';
import type { Log } from '../../lib/log.js';
import type { CloudProvider } from '../../service/ports.js';
import { type CloudCallMetrics, createTencentApi } from './api-client.js';
import { catalogReads } from './catalog-reads.js';
import { credentialSource } from './credentials/credential-source.js';
import { groupLifecycle } from './group-lifecycle.js';
import { groupLookups, groupReads } from './group-reads.js';
import { policyLookups, policyReads } from './policy-reads.js';
import type { ProviderContext } from './provider-context.js';
import { type RetryPolicy, withRetries } from './retry.js';
import { ruleWrites } from './rule-writes.js';

export interface TencentProviderOptions {
  cloud: CloudConfig;
  log: Log;
  /** When temporary credentials are due for a refresh. */
  clock?: Clock;
  /** Per call; defaults to cloud.timeoutMs (TENCENTCLOUD_TIMEOUT_MS). */
  fetchTimeoutMs?: number;
  /** Defaults: cloud.maxRetries retries, 500 ms doubling up to 8 s, with jitter. */
  retry?: Partial<RetryPolicy>;
  metrics?: CloudCallMetrics;
}

export function createTencentProvider(options: TencentProviderOptions): CloudProvider {
  const { cloud, log } = options;
  const api = createTencentApi({
    credentials: credentialSource(cloud, { clock: options.clock ?? systemClock, log }),
    endpoint: cloud.endpoint,
    timeoutMs: options.fetchTimeoutMs ?? cloud.timeoutMs,
    log,
    ...(options.metrics ? { metrics: options.metrics } : {}),
  });
  const policy: RetryPolicy = { retries: cloud.maxRetries, minTimeoutMs: 500, maxTimeoutMs: 8000, ...options.retry };
  const ctx: ProviderContext = {
    api,
    log,
    retrying: (what, attempt) => withRetries(policy, log, what, attempt),
    writingOnce: (what, attempt) => withRetries(policy, log, what, attempt, { repeatAmbiguous: false }),
  };
  const groups = groupLookups(ctx);
  const policies = policyLookups(ctx);
  return {
    ...groupLifecycle(ctx, groups),
    ...groupReads(ctx, groups),
    ...policyReads(ctx, policies),
    ...ruleWrites(ctx, policies),
    ...catalogReads(ctx, groups),
  };
}
