/**
 * The process guard, in the app as `npm start` runs it (a child process): an error nothing caught
 * and a rejection nobody handled are logged and the app keeps serving; a store write that fails
 * still fails the request that made it (the person is told, nothing is stored or carried out),
 * without the guard ever seeing it.
 */
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { type OpenStore, openStore } from '../../src/store/open-store.js';
import { type AppChild, startAppChild } from './support/app-child.js';
import {
  click,
  type Driver,
  findByName,
  privateTexts,
  sendSubmission,
  submitNewGroup,
  uniqueName,
} from './support/flow.js';
import { APPROVER_1, type Edges, startEdges } from './support/real-app.js';

const GUARD_LINES = ['an unexpected error nobody caught', 'an unhandled promise rejection'];

let edges: Edges;
let app: AppChild;
let db: OpenStore;
let exitCode: number | null | undefined;

const driver = (): Driver => ({
  send: (kind, payload, sign) => app.send(kind, payload, sign),
  slackApi: edges.slackApi,
  store: edges.store,
  presentations: edges.presentations,
});

beforeEach(async () => {
  edges = await startEdges();
  app = await startAppChild({ ...edges.env, RELIABILITY_FAULT_SIGNAL: '1' });
  exitCode = undefined;
  void app.exited.then((code) => {
    exitCode = code;
  });
  db = await openStore({ sqlitePath: edges.dbPath });
});
afterEach(async () => {
  await db.close();
  await app.stop();
  await edges.stop();
});

it('an error nothing caught and a rejection nobody handled are logged, and the app keeps serving', async () => {
  process.kill(app.pid, 'SIGUSR2');
  await vi.waitFor(() => {
    for (const line of GUARD_LINES) expect(app.output()).toContain(line);
  });
  expect(app.output()).toContain('a fault nobody catches (test)');
  expect(app.output()).toContain('a rejection nobody handles (test)');

  const request = await submitNewGroup(driver());
  expect(request.status).toBe('pending');
  expect(exitCode).toBeUndefined();
});

it('a store write that fails still fails its request: the person is told, nothing changes, and the app keeps serving', async () => {
  const pending = await submitNewGroup(driver());
  // The database refuses every write of a request, as a full disk or a broken file would.
  await db.db.query(
    "CREATE TRIGGER refuse_insert BEFORE INSERT ON requests BEGIN SELECT RAISE(ABORT, 'disk full (test)'); END",
  );
  await db.db.query(
    "CREATE TRIGGER refuse_update BEFORE UPDATE ON requests BEGIN SELECT RAISE(ABORT, 'disk full (test)'); END",
  );
  const cardsBefore = edges.slackApi.callsTo('chat.postMessage').length;

  const name = uniqueName('refused');
  expect((await sendSubmission(driver(), { name })).status).toBe(200);
  await vi.waitFor(() => expect(privateTexts(edges.slackApi, `submit:${name}`).join()).toMatch(/Something went wrong/));
  expect(await findByName(edges.store, name)).toBeUndefined();

  expect((await click(driver(), 'secgroup_approve', pending.id, APPROVER_1, 'approve')).status).toBe(200);
  await vi.waitFor(() => expect(privateTexts(edges.slackApi, 'approve').join()).toMatch(/Something went wrong/));
  expect((await edges.store.get(pending.id))?.status).toBe('pending');
  expect(edges.emulator.state().groups).toEqual([]);
  expect(edges.slackApi.callsTo('chat.postMessage')).toHaveLength(cardsBefore);

  // The failures were their requests' own: the guard saw none of them.
  expect(app.output()).toContain('disk full (test)');
  for (const line of GUARD_LINES) expect(app.output()).not.toContain(line);

  await db.db.query('DROP TRIGGER refuse_insert');
  await db.db.query('DROP TRIGGER refuse_update');
  expect((await submitNewGroup(driver())).status).toBe('pending');
  expect(exitCode).toBeUndefined();
});
