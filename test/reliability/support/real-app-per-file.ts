/**
 * One in-process app (startRealApp) for all the tests of a file. After them the app is stopped,
 * and the file fails if a promise rejected unhandled meanwhile (it would crash a production
 * process) or a secret reached a log line.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import { expectNoSecrets } from './fake-secrets.js';
import { type RealApp, type RealAppOptions, startRealApp } from './real-app.js';
import { watchUnhandledRejections } from './unhandled-rejections.js';

/** Registers the file's beforeAll and afterAll; the returned function gives the running app. */
export function realAppPerFile(options: RealAppOptions = {}): () => RealApp {
  let app: RealApp | undefined;
  const unhandled = watchUnhandledRejections();
  beforeAll(async () => {
    app = await startRealApp(options);
  });
  afterAll(async () => {
    await app?.stop();
    unhandled.stop();
    expect(unhandled.rejections).toEqual([]);
    expectNoSecrets('log line', app?.logs ?? []);
  });
  return () => {
    if (!app) throw new Error('the app is not started');
    return app;
  };
}
