/**
 * Whether this process should be sent work (GET /readyz): it has started, each dependency answers,
 * and it is not draining. A check may reuse its last success for a while (`reuseOkMs`), so a probe every
 * few seconds does not become a call to Slack every few seconds; every check has a time limit, so
 * a probe is answered even when a dependency hangs. Changes of a check's state are logged once,
 * with the reason; the probe's answer names only which check failed.
 */
import type { Log } from './log.js';

export interface ReadinessCheck {
  name: string;
  /** Resolves when the dependency answers. */
  run(): Promise<void>;
  /** How long a success is reused before the dependency is asked again; 0: every probe. */
  reuseOkMs?: number;
}

export interface ReadinessReport {
  ready: boolean;
  started: boolean;
  draining: boolean;
  /** `ok` or `failing`, by check. */
  checks: Record<string, 'ok' | 'failing'>;
}

export interface Readiness {
  report(): Promise<ReadinessReport>;
  /** Start-up is over (listening, what a stopped process left resumed). */
  markStarted(): void;
  /** From now on not ready (SIGTERM): a load balancer stops sending new work. */
  startDraining(): void;
  readonly draining: boolean;
}

const DEFAULT_TIMEOUT_MS = 2_000;

function withTimeout(work: Promise<void>, ms: number, name: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${name} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export function createReadiness(options: {
  checks: readonly ReadinessCheck[];
  log: Log;
  now?: () => number;
  timeoutMs?: number;
}): Readiness {
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let started = false;
  let draining = false;
  const lastOk = new Map<string, number>();
  const failing = new Set<string>();
  /** A check in progress, shared by probes that arrive meanwhile. */
  const inFlight = new Map<string, Promise<boolean>>();

  const runCheck = (check: ReadinessCheck): Promise<boolean> => {
    const okAt = lastOk.get(check.name);
    if (okAt !== undefined && check.reuseOkMs && now() - okAt < check.reuseOkMs) return Promise.resolve(true);
    let running = inFlight.get(check.name);
    if (!running) {
      running = withTimeout(check.run(), timeoutMs, check.name)
        .then(
          () => {
            lastOk.set(check.name, now());
            if (failing.delete(check.name)) options.log.info(`ready: ${check.name} answers again`);
            return true;
          },
          (err: unknown) => {
            lastOk.delete(check.name);
            if (!failing.has(check.name)) {
              failing.add(check.name);
              options.log.warn(`not ready: ${check.name}: ${err instanceof Error ? err.message : String(err)}`);
            }
            return false;
          },
        )
        .finally(() => inFlight.delete(check.name));
      inFlight.set(check.name, running);
    }
    return running;
  };

  return {
    async report() {
      const results = await Promise.all(options.checks.map(async (c) => [c.name, await runCheck(c)] as const));
      const checks = Object.fromEntries(results.map(([name, ok]) => [name, ok ? 'ok' : 'failing'] as const));
      return { ready: started && !draining && results.every(([, ok]) => ok), started, draining, checks };
    },
    markStarted() {
      started = true;
    },
    startDraining() {
      draining = true;
    },
    get draining() {
      return draining;
    },
  };
}
