/**
 * The last line of defence of a running secgroup: an error nobody caught (an exception thrown in a
 * callback, a rejected promise nobody awaited) is logged and the process keeps serving, instead of
 * Node ending it and every request in flight with it.
 *
 * It hides no failure: every store write is awaited by the request that made it, so a failed write
 * fails that request (the person is told, nothing is acknowledged as done) before anything could
 * reach this guard. What reaches it had no request left to fail.
 */
import type { Log } from './lib/log.js';

const describe = (err: unknown) => (err instanceof Error ? (err.stack ?? err.message) : String(err));

/** Installs the guard on this process; the returned function removes it. */
export function guardProcess(log: Log): () => void {
  const onException = (err: unknown) => {
    log.error(`process: an unexpected error nobody caught; still serving: ${describe(err)}`);
  };
  const onRejection = (reason: unknown) => {
    log.error(`process: an unhandled promise rejection; still serving: ${describe(reason)}`);
  };
  process.on('uncaughtException', onException);
  process.on('unhandledRejection', onRejection);
  return () => {
    process.off('uncaughtException', onException);
    process.off('unhandledRejection', onRejection);
  };
}
