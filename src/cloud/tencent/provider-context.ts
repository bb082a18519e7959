import type { Log } from '../../lib/log.js';
import type { TencentApi } from './api-client.js';

/** What each part of the Tencent provider shares: one signed client, the log, and the two ways to retry. */
export interface ProviderContext {
  api: TencentApi;
  log: Log;
  /** Reads, and writes that check before repeating: throttled and ambiguous failures are repeated. */
  retrying<T>(what: string, attempt: () => Promise<T>): Promise<T>;
  /**
   * Versioned writes: only a throttled call (refused before it ran) is repeated; a lost answer
   * ends in CloudUnavailableError with mayHaveApplied, and the caller reads back.
   */
  writingOnce<T>(what: string, attempt: () => Promise<T>): Promise<T>;
}
