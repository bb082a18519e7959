/**
 * One app at a time as a child process (app-child.ts) on edges living in the test process, so
 * they outlive a kill -9 and show what the app had done when it died. Started with the production
 * execution lease (a heartbeat lease, DEFAULT_EXECUTION_LEASE_MS) unless `env` says otherwise.
 * Stopping checks that no secret reached the apps' output or the files they left.
 */
import { DEFAULT_EXECUTION_LEASE_MS } from '../../../src/service/requests/execution.js';
import { type AppChild, startAppChild } from './app-child.js';
import { expectNoSecrets, fileTexts } from './fake-secrets.js';
import type { Driver } from './flow.js';
import { type Edges, type RealAppOptions, startEdges } from './real-app.js';

export interface ChildRun {
  edges: Edges;
  /** Drives the flow through the app running now. */
  driver(): Driver;
  /** Starts the app with `env` on top of the run's own. */
  start(env?: Record<string, string>): Promise<AppChild>;
  /** kill -9 of the app running now, if any. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

export async function startChildRun(
  options: RealAppOptions = {},
  runEnv: Record<string, string> = {},
): Promise<ChildRun> {
  const edges = await startEdges(options);
  let app: AppChild | undefined;
  const outputs: string[] = [];
  return {
    edges,
    driver: () => ({
      send: (kind, payload, sign) => {
        if (!app) throw new Error('the app is not running');
        return app.send(kind, payload, sign);
      },
      slackApi: edges.slackApi,
      store: edges.store,
      presentations: edges.presentations,
    }),
    start: async (env = {}) => {
      app = await startAppChild({
        ...edges.env,
        RELIABILITY_LEASE_MS: String(DEFAULT_EXECUTION_LEASE_MS),
        ...runEnv,
        ...env,
      });
      return app;
    },
    kill: async () => {
      if (!app) return;
      await app.kill();
      outputs.push(app.output());
      app = undefined;
    },
    stop: async () => {
      if (app) {
        await app.stop();
        outputs.push(app.output());
        app = undefined;
      }
      const files = await fileTexts([edges.dbPath, `${edges.dbPath}-wal`, edges.emulatorStateFile]);
      await edges.stop();
      expectNoSecrets('app output', outputs);
      expectNoSecrets('file', files);
    },
  };
}
