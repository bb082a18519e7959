/**
 * Replicas for the reliability suite: several app processes (app-child.ts) on one PostgreSQL
 * database of their own (dropped afterwards), one Slack fake and one emulator, as a team runs it
 * behind a load balancer. Each replica names a host of its own in its leases, so no replica can
 * tell that another has died: it takes the work over only once the lease has lapsed, as on
 * separate machines. Leases and maintenance run at their production figures.
 */
import { afterEach, expect } from 'vitest';
import { DEFAULT_MAINTENANCE_MS } from '../../../src/secgroup.js';
import { DEFAULT_EXECUTION_LEASE_MS } from '../../../src/service/requests/execution.js';
import type { ChangeRequest } from '../../../src/service/types.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-databases.js';
import { type AppChild, startAppChild } from './app-child.js';
import { expectDoneOnce } from './done-once.js';
import { expectNoSecrets } from './fake-secrets.js';
import { cardTsOf, type Driver } from './flow.js';
import { type Edges, type RealAppOptions, startEdges } from './real-app.js';

export const CREATE = 'CreateSecurityGroupWithPolicies';

export interface Replicas {
  edges: Edges;
  db: TestDatabase;
  /** The replicas, in start order; a killed one stays in the list. */
  apps: AppChild[];
  /** Drives the flow through replica `i`. */
  driver(i: number): Driver;
  /** Starts one more replica, named `replica-<n>`. */
  add(): Promise<AppChild>;
  stop(): Promise<void>;
}

export async function startReplicas(count: number, options: RealAppOptions = {}): Promise<Replicas> {
  const db = await createTestDatabase('postgres');
  const edges = await startEdges({ ...options, database: db });
  const apps: AppChild[] = [];
  const env = (n: number) => ({
    ...edges.env,
    RELIABILITY_LEASE_MS: String(DEFAULT_EXECUTION_LEASE_MS),
    RELIABILITY_MAINTENANCE_MS: String(DEFAULT_MAINTENANCE_MS),
    RELIABILITY_HOST_NAME: `replica-${n}`,
  });
  const replicas: Replicas = {
    edges,
    db,
    apps,
    driver: (i) => ({
      send: (kind, payload, sign) => {
        const app = apps[i];
        if (!app) throw new Error(`no replica ${i}`);
        return app.send(kind, payload, sign);
      },
      slackApi: edges.slackApi,
      store: edges.store,
      presentations: edges.presentations,
    }),
    async add() {
      const app = await startAppChild(env(apps.length + 1));
      apps.push(app);
      return app;
    },
    async stop() {
      await Promise.all(apps.map((app) => app.stop()));
      await edges.stop();
      await db.drop();
    },
  };
  try {
    // At once, as an orchestrator starts them: the schema versions are applied once, under their lock.
    const started = await Promise.all(Array.from({ length: count }, (_, i) => startAppChild(env(i + 1))));
    apps.push(...started);
  } catch (err) {
    await replicas.stop();
    throw err;
  }
  return replicas;
}

/**
 * startReplicas for each test of a file: the replicas a test started are stopped after it, and the
 * test fails if a secret reached their output.
 */
export function replicasPerTest(): (count: number, options?: RealAppOptions) => Promise<Replicas> {
  let running: Replicas | undefined;
  afterEach(async () => {
    if (!running) return;
    const outputs = running.apps.map((app) => app.output());
    await running.stop();
    running = undefined;
    expectNoSecrets('replica output', outputs);
  });
  return async (count, options) => {
    running = await startReplicas(count, options);
    return running;
  };
}

/** The request is done: one group in the cloud, one create call, its card, prompt and rules posted once, the card saying so. */
export async function expectCompletedOnce(
  r: Replicas,
  request: ChangeRequest,
  timeout = 30_000,
): Promise<ChangeRequest> {
  const done = await expectDoneOnce(r.edges, request, timeout);
  const { slackApi } = r.edges;
  const posts = slackApi.callsTo('chat.postMessage');
  const cards = posts.filter((c) => !c.args.thread_ts && String(c.args.text).includes(request.id));
  const inThread = posts.filter((c) => c.args.thread_ts === cardTsOf(request));
  // The card; in its thread the approval prompt and the rules, nothing else.
  expect(cards).toHaveLength(1);
  expect(inThread).toHaveLength(2);
  return done;
}

/** The create calls the cloud carried out for this request (its tag is in the call). */
export function createCalls(r: Replicas, request: ChangeRequest): number {
  return r.edges.emulator
    .calls()
    .filter((c) => c.action === CREATE && c.outcome === 'ok' && JSON.stringify(c.params).includes(request.id)).length;
}
