/**
 * A second process for the store's cross-process test: opens the store on the given database,
 * says "ready", waits for "go" on stdin, then races `attempts` compare-and-set writes against
 * version 1 and prints how many it won.
 */
import { openStore } from '../../../src/store/open-store.js';

const [optionsJson, id, owner, attempts] = process.argv.slice(2);
if (!optionsJson || !id || !owner || !attempts)
  throw new Error('usage: cas-worker <store options json> <id> <owner> <attempts>');

const store = await openStore(JSON.parse(optionsJson));
const current = await store.requests.get(id);
if (!current) throw new Error(`${id} not found`);
process.stdout.write('ready\n');
await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));

const results = await Promise.all(
  Array.from({ length: Number(attempts) }, (_, i) =>
    store.requests.replace({ ...current, status: 'approved', requesterId: `${owner}-${i}`, version: 2 }, 1),
  ),
);
await store.close();
process.stdout.write(`${JSON.stringify({ won: results.filter(Boolean).length })}\n`);
process.stdin.destroy();
