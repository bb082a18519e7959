/**
 * Makes the app's region and project cache cold from outside: the bench opens the app's SQLite
 * file (WAL, so both may use it) and empties the cache table the request store keeps the lists in.
 */
import KeyvSqlite from '@keyv/sqlite';

/** The request store's cache table (src/store/request-store.ts) and the catalog's keys in it. */
const CACHE_TABLE = 'secgroup_cache';
const CATALOG_KEYS = ['catalog:regions', 'catalog:projects'];

export interface CatalogCache {
  /** Waits until both lists are cached again (the app's background refresh finished). */
  waitUntilWarm(timeoutMs: number): Promise<boolean>;
  clear(): Promise<void>;
  close(): Promise<void>;
}

export async function openCatalogCache(dbPath: string): Promise<CatalogCache> {
  const adapter = new KeyvSqlite({ uri: `sqlite://${dbPath}`, table: CACHE_TABLE, busyTimeout: 5_000 });
  const placeholders = CATALOG_KEYS.map(() => '?').join(', ');
  const cachedCount = async () => {
    const rows = (await adapter.query(
      `SELECT count(*) AS n FROM ${CACHE_TABLE} WHERE key IN (${placeholders})`,
      ...CATALOG_KEYS,
    )) as { n: number }[];
    return rows[0]?.n ?? 0;
  };
  return {
    async waitUntilWarm(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if ((await cachedCount()) === CATALOG_KEYS.length) return true;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return false;
    },
    async clear() {
      await adapter.query(`DELETE FROM ${CACHE_TABLE} WHERE key IN (${placeholders})`, ...CATALOG_KEYS);
    },
    close: () => adapter.disconnect(),
  };
}
