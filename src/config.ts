/**
 * The one module that reads the environment. Everything else receives a frozen Config.
 * A bad value stops start-up with the variable's name and what is expected; secret values are
 * never echoed back.
 */
import { config as loadDotenv } from 'dotenv';
import type { z } from 'zod';
import { credentialsFrom } from './config/credentials.js';
import { envSchema, SECRET_VARS } from './config/env-schema.js';
import type { Config } from './config/types.js';

export type { CloudConfig, Config, EmulatorConfig, SlackConfig } from './config/types.js';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

function describeIssue(issue: z.core.$ZodIssue, env: Record<string, string | undefined>): string {
  const name = String(issue.path[0] ?? '');
  const raw = env[name];
  const shown = SECRET_VARS.has(name) || raw === undefined ? '' : ` (got "${raw}")`;
  return `${name}: expected ${issue.message}${shown}`;
}

/** The configured secret values, which no log line may show. */
export function secretValues(config: Readonly<Config>): string[] {
  const { slack, cloud, emulator, databaseUrl } = config;
  let databasePassword: string | undefined;
  try {
    databasePassword = databaseUrl ? decodeURIComponent(new URL(databaseUrl).password) : undefined;
  } catch {
    databasePassword = undefined;
  }
  return [
    slack.botToken,
    slack.signingSecret,
    slack.appToken,
    cloud.secretId,
    cloud.secretKey,
    cloud.sessionToken,
    emulator.secretKey,
    databaseUrl,
    databasePassword,
  ].filter((value): value is string => typeof value === 'string' && value !== '');
}

/** Parses the environment. Pass an object in tests; the default reads `.env` then process.env. */
export function loadConfig(env?: Record<string, string | undefined>): Readonly<Config> {
  let source = env;
  if (!source) {
    loadDotenv({ quiet: true });
    source = process.env;
  }
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => describeIssue(i, source)));
  }
  const e = parsed.data;
  const problems: string[] = [];
  const slackReal = e.SLACK_BOT_TOKEN !== undefined;
  if (slackReal && !e.SLACK_APP_TOKEN && !e.SLACK_SIGNING_SECRET) {
    problems.push('SLACK_SIGNING_SECRET: required in HTTP mode (set it, or SLACK_APP_TOKEN for Socket Mode)');
  }
  if (!slackReal && e.SLACK_APP_TOKEN) {
    problems.push('SLACK_BOT_TOKEN: required when SLACK_APP_TOKEN is set');
  }
  if (slackReal && e.SECGROUP_APPROVERS.length === 0) {
    problems.push('SECGROUP_APPROVERS: list at least one Slack user id or user group id, or nobody can approve');
  }
  const credentials = credentialsFrom(e);
  problems.push(...credentials.problems);
  const keys = e.TENCENTCLOUD_SECRET_ID !== undefined;
  const cloudReal = keys || credentials.config.role !== undefined;
  if (keys && !e.TENCENTCLOUD_SECRET_KEY) {
    problems.push('TENCENTCLOUD_SECRET_KEY: required when TENCENTCLOUD_SECRET_ID is set');
  }
  if (!keys && e.TENCENTCLOUD_SECRET_KEY) {
    problems.push('TENCENTCLOUD_SECRET_ID: required when TENCENTCLOUD_SECRET_KEY is set');
  }
  if (problems.length > 0) throw new ConfigError(problems);

  return Object.freeze({
    slack: Object.freeze({
      mode: slackReal ? 'real' : 'local',
      botToken: e.SLACK_BOT_TOKEN,
      signingSecret: e.SLACK_SIGNING_SECRET,
      appToken: e.SLACK_APP_TOKEN,
      apiUrl: e.SLACK_API_URL,
      port: e.PORT,
    }),
    cloud: Object.freeze({
      mode: cloudReal ? 'real' : 'emulator',
      secretId: e.TENCENTCLOUD_SECRET_ID,
      secretKey: e.TENCENTCLOUD_SECRET_KEY,
      sessionToken: e.TENCENTCLOUD_SESSION_TOKEN,
      ...(cloudReal ? credentials.config : {}),
      endpoint: e.TENCENTCLOUD_ENDPOINT,
      timeoutMs: e.TENCENTCLOUD_TIMEOUT_MS,
      maxRetries: e.TENCENTCLOUD_MAX_RETRIES,
    }),
    emulator: Object.freeze({
      port: e.EMULATOR_PORT,
      secretId: e.EMULATOR_SECRET_ID,
      secretKey: e.EMULATOR_SECRET_KEY,
      stateFile: e.EMULATOR_STATE_FILE,
      latencyMs: e.EMULATOR_LATENCY_MS,
      throttleRate: e.EMULATOR_THROTTLE_RATE,
      error5xxRate: e.EMULATOR_ERROR_5XX_RATE,
      groupQuota: e.EMULATOR_GROUP_QUOTA,
      ruleQuota: e.EMULATOR_RULE_QUOTA,
    }),
    approvers: Object.freeze([...e.SECGROUP_APPROVERS]) as string[],
    channels: Object.freeze([...e.SECGROUP_CHANNELS]) as string[],
    defaultRegion: e.SECGROUP_DEFAULT_REGION,
    requestTtlMs: e.SECGROUP_REQUEST_TTL_HOURS * 3_600_000,
    cacheTtlMs: e.SECGROUP_CACHE_TTL_MINUTES * 60_000,
    projectsTtlMs: e.SECGROUP_PROJECTS_TTL_MINUTES * 60_000,
    dbPath: e.SECGROUP_DB_PATH,
    databaseUrl: e.SECGROUP_DATABASE_URL,
    databaseSchema: e.SECGROUP_DATABASE_SCHEMA,
    templatesFile: e.SECGROUP_TEMPLATES_FILE,
    regionsFile: e.SECGROUP_REGIONS_FILE,
    accessPolicyFile: e.SECGROUP_ACCESS_POLICY_FILE,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    metricsPort: e.METRICS_PORT,
    metricsHost: e.METRICS_HOST,
    drainTimeoutMs: e.SECGROUP_DRAIN_TIMEOUT_SECONDS * 1000,
    localWorkspace: Object.freeze({
      port: e.LOCAL_WORKSPACE_PORT,
      stateFile: e.LOCAL_WORKSPACE_STATE_FILE,
      transport: e.LOCAL_WORKSPACE_TRANSPORT,
    }),
  });
}
