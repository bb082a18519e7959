/**
 * Names the process that holds a request's execution claim, and tells when that process is
 * known to be gone, so a restart on the same host resumes its own interrupted work at once
 * instead of waiting for the claim to lapse.
 */
import { hostname } from 'node:os';
import { randomToken } from './random-token.js';

/** The ids handed out in this process: several services may share one process (tests, replicas). */
const issued = new Set<string>();

/**
 * `<host>:<pid>:<token>`; the token tells a restarted process from one that reused the pid.
 * `host` defaults to this machine's name (tests name replicas on one machine as separate hosts).
 */
export function newProcessId(host: string = hostname()): string {
  const id = `${host}:${process.pid}:${randomToken(4)}`;
  issued.add(id);
  return id;
}

/**
 * True only when the owner ran on this host and certainly no longer runs: its pid is ours but
 * this process never issued its id (a previous run that reused the pid, as pid 1 in a container),
 * or no process has that pid. Anything
 * else — another host, a live pid, a name we cannot read — counts as alive.
 */
export function isGoneLocalProcess(owner: string, self: string): boolean {
  const [host, pidText, token] = owner.split(':');
  const [selfHost] = self.split(':');
  const pid = Number(pidText);
  if (host !== selfHost || !Number.isInteger(pid) || pid <= 0 || !token || issued.has(owner)) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
