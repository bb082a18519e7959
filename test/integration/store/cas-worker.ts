/**
 * A second process for the store's cross-process test: opens the store on the given file, says
 * "ready", waits for "go" on stdin, then races `attempts` compare-and-set writes against version 1
 * and prints how many it won.
 */
import { openRequestStore } from '../../../src/store/request-store.js';

const [path, id, owner, attempts] = process.argv.slice(2);
if (!path || !id || !owner || !attempts) throw new Error('usage: cas-worker <path> <id> <owner> <attempts>');

const store = await openRequestStore({ path });
const current = await store.get(id);
if (!current) throw new Error(`${id} not found`);
process.stdout.write('ready\n');
await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));

const results = await Promise.all(
  Array.from({ length: Number(attempts) }, (_, i) =>
    store.replace({ ...current, status: 'approved', requesterId: `${owner}-${i}`, version: 2 }, 1),
  ),
);
await store.close();
process.stdout.write(`${JSON.stringify({ won: results.filter(Boolean).length })}\n`);
process.stdin.destroy();
