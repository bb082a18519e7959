/**
 * Vitest global setup: whether this run has PostgreSQL for its PostgreSQL suites (the store's
 * contract on PostgreSQL, the replica tests). Under CI it must: the run fails at once. Elsewhere
 * the run goes on without them and says so plainly, at its start and again at its end.
 */
import { POSTGRES_SKIPPED, POSTGRES_URL, postgresReachable } from './helpers/test-databases.js';

export default async function checkPostgres(): Promise<(() => void) | undefined> {
  if (await postgresReachable()) return undefined;
  if (process.env.CI) {
    throw new Error(`PostgreSQL does not answer at ${POSTGRES_URL}: under CI its suites must run, never be skipped`);
  }
  const notice = `\n*** ${POSTGRES_SKIPPED}.\n*** Then run \`npm test\` again, or just those suites: npx vitest run test/integration/store test/reliability/replicas.test.ts test/reliability/replica-takeover.test.ts\n\n`;
  process.stderr.write(notice);
  return () => process.stderr.write(notice);
}
