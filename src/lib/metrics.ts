/**
 * The app's metrics in Prometheus' format (prom-client), the one module that knows prom-client.
 * Each layer reports through a small port in its own terms (service/ports.ts ServiceMetrics,
 * cloud/tencent/api-client.ts CloudCallMetrics, slack/web-api-metrics.ts SlackApiMetrics); this
 * object implements them all and is wired in by the composition root. One registry per app, not
 * prom-client's global one, so several apps in one process (tests, replicas) keep apart.
 *
 * Requests are counted as transitions (counters), not as a gauge of the store's current states:
 * each replica counts what it stored, so `sum(rate(…))` over replicas is right, and a scrape
 * costs no database query; the current number in a state is what the database says.
 */
import type { Logger } from '@slack/logger';
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

export type LogLevelName = 'debug' | 'info' | 'warn' | 'error';

export interface AppMetrics {
  contentType: string;
  /** Every metric, in Prometheus' text format. */
  render(): Promise<string>;
  requestChanged(kind: string, from: string | null, to: string): void;
  approvalGiven(kind: string): void;
  executionFinished(kind: string, outcome: 'done' | 'failed', seconds: number): void;
  executionTakenOver(kind: string): void;
  cloudCall(call: { service: string; action: string; outcome: string }, seconds: number): void;
  slackCall(call: { method: string; outcome: string }, seconds: number): void;
  slackRateLimitWait(seconds: number): void;
  logged(level: LogLevelName): void;
}

/** Seconds: from a fast API call to a slow create with retries. */
const CALL_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const EXECUTION_BUCKETS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

export function createMetrics(options: { processMetrics?: boolean } = {}): AppMetrics {
  const registry = new Registry();
  if (options.processMetrics !== false) collectDefaultMetrics({ register: registry });
  const registers = [registry];

  const transitions = new Counter({
    name: 'secgroup_request_transitions_total',
    help: 'Stored changes of requests by this process, by kind and state (from "none": submitted)',
    labelNames: ['kind', 'from', 'to'],
    registers,
  });
  const approvals = new Counter({
    name: 'secgroup_approvals_total',
    help: 'Approvals given, by request kind',
    labelNames: ['kind'],
    registers,
  });
  const executions = new Histogram({
    name: 'secgroup_execution_duration_seconds',
    help: 'Executions of approved requests (cloud work until the outcome), by kind and outcome; _count counts them',
    labelNames: ['kind', 'outcome'],
    buckets: EXECUTION_BUCKETS,
    registers,
  });
  const takeOvers = new Counter({
    name: 'secgroup_execution_takeovers_total',
    help: 'Executions another process left (lease lapsed or handed over) that this process took over',
    labelNames: ['kind'],
    registers,
  });
  const cloudCalls = new Histogram({
    name: 'secgroup_cloud_call_duration_seconds',
    help: 'Tencent Cloud API calls (each attempt), by service, action and outcome (ok or the error code)',
    labelNames: ['service', 'action', 'outcome'],
    buckets: CALL_BUCKETS,
    registers,
  });
  const slackCalls = new Histogram({
    name: 'secgroup_slack_api_call_duration_seconds',
    help: 'Slack Web API calls, by method and outcome (ok, the Slack error, http_<status> or network_error)',
    labelNames: ['method', 'outcome'],
    buckets: CALL_BUCKETS,
    registers,
  });
  const rateLimitWaits = new Counter({
    name: 'secgroup_slack_rate_limit_waits_total',
    help: 'Waits for Slack’s Retry-After before showing a request again',
    registers,
  });
  const rateLimitSeconds = new Counter({
    name: 'secgroup_slack_rate_limit_wait_seconds_total',
    help: 'Seconds spent waiting for Slack’s Retry-After',
    registers,
  });
  const logLines = new Counter({
    name: 'secgroup_log_messages_total',
    help: 'Warnings and errors logged, by level',
    labelNames: ['level'],
    registers,
  });

  return {
    contentType: registry.contentType,
    render: () => registry.metrics(),
    requestChanged: (kind, from, to) => transitions.inc({ kind, from: from ?? 'none', to }),
    approvalGiven: (kind) => approvals.inc({ kind }),
    executionFinished: (kind, outcome, seconds) => executions.observe({ kind, outcome }, seconds),
    executionTakenOver: (kind) => takeOvers.inc({ kind }),
    cloudCall: ({ service, action, outcome }, seconds) => cloudCalls.observe({ service, action, outcome }, seconds),
    slackCall: ({ method, outcome }, seconds) => slackCalls.observe({ method, outcome }, seconds),
    slackRateLimitWait: (seconds) => {
      rateLimitWaits.inc();
      rateLimitSeconds.inc(seconds);
    },
    logged: (level) => {
      if (level === 'warn' || level === 'error') logLines.inc({ level });
    },
  };
}

/** The same logger, counting its warnings and errors. */
export function countingLogger(logger: Logger, metrics: Pick<AppMetrics, 'logged'>): Logger {
  const counted =
    (level: LogLevelName) =>
    (...msg: unknown[]) => {
      metrics.logged(level);
      logger[level](...msg);
    };
  return {
    debug: (...msg) => logger.debug(...msg),
    info: (...msg) => logger.info(...msg),
    warn: counted('warn'),
    error: counted('error'),
    setLevel: (level) => logger.setLevel(level),
    getLevel: () => logger.getLevel(),
    setName: (name) => logger.setName(name),
  };
}
