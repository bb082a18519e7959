/**
 * The one module that reads the environment. Everything else receives a frozen Config.
 * A bad value stops start-up with the variable's name and what is expected; secret values are
 * never echoed back.
 */
import { config as loadDotenv } from 'dotenv';
import { z } from 'zod';
import { type CredentialsConfig, credentialsEnv, credentialsFrom } from './config-credentials.js';

const SECRET_VARS = new Set([
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_APP_TOKEN',
  'TENCENTCLOUD_SECRET_ID',
  'TENCENTCLOUD_SECRET_KEY',
  'TENCENTCLOUD_SESSION_TOKEN',
  'EMULATOR_SECRET_KEY',
  'SECGROUP_DATABASE_URL',
]);

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const portNumber = z.coerce
  .number({ error: 'a port number (1-65535)' })
  .int('a whole port number')
  .min(0, 'a port number (0-65535)')
  .max(65535, 'a port number (0-65535)');

const port = (fallback: number) => portNumber.default(fallback);

const fraction = z.coerce
  .number({ error: 'a number from 0 to 1' })
  .min(0, 'a number from 0 to 1')
  .max(1, 'a number from 0 to 1')
  .default(0);

const idList = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? '')
      .split(/[\s,]+/)
      .map((s) => s.trim())
      .filter((s) => s !== ''),
  );

const envSchema = z.object({
  SLACK_BOT_TOKEN: optionalString.pipe(z.string().startsWith('xoxb-', 'a bot token starting with xoxb-').optional()),
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_APP_TOKEN: optionalString.pipe(
    z.string().startsWith('xapp-', 'an app-level token starting with xapp-').optional(),
  ),
  SLACK_API_URL: optionalString.pipe(z.url('an http(s) URL ending in /api/').optional()),
  PORT: port(3001),
  SECGROUP_APPROVERS: idList.pipe(
    z.array(z.string().regex(/^[UWS][A-Z0-9]{2,}$/, 'Slack user ids (U…/W…) or user group ids (S…)')),
  ),
  SECGROUP_CHANNELS: idList.pipe(z.array(z.string().regex(/^[CGD][A-Z0-9]{2,}$/, 'Slack channel ids (C…/G…)'))),
  SECGROUP_DEFAULT_REGION: z.string().trim().min(1).default('ap-guangzhou'),
  SECGROUP_REQUEST_TTL_HOURS: z.coerce
    .number({ error: 'a number of hours' })
    .positive('a positive number of hours')
    .default(24),
  SECGROUP_DB_PATH: z.string().trim().min(1).default('data/secgroup.sqlite'),
  SECGROUP_DATABASE_URL: optionalString.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'a PostgreSQL URL (postgres://user@host:5432/database)')
      .optional(),
  ),
  SECGROUP_DATABASE_SCHEMA: optionalString.pipe(
    z
      .string()
      .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'a PostgreSQL schema name (lowercase letters, digits, underscores)')
      .optional(),
  ),
  SECGROUP_TEMPLATES_FILE: z.string().trim().min(1).default('manifest/templates.yml'),
  SECGROUP_REGIONS_FILE: z.string().trim().min(1).default('manifest/regions.yml'),
  SECGROUP_ACCESS_POLICY_FILE: z.string().trim().min(1).default('manifest/access-policy.yml'),
  SECGROUP_CACHE_TTL_MINUTES: z.coerce
    .number({ error: 'a number of minutes' })
    .positive('a positive number of minutes')
    .default(60),
  SECGROUP_PROJECTS_TTL_MINUTES: z.coerce
    .number({ error: 'a number of minutes' })
    .positive('a positive number of minutes')
    .default(5),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  LOG_FORMAT: z.enum(['text', 'json'], { error: 'text or json' }).default('text'),
  METRICS_PORT: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), portNumber.optional()),
  METRICS_HOST: optionalString,
  SECGROUP_DRAIN_TIMEOUT_SECONDS: z.coerce
    .number({ error: 'a number of seconds' })
    .min(0, 'zero or more seconds')
    .max(3600, 'at most 3600 seconds')
    .default(20),
  TENCENTCLOUD_SECRET_ID: optionalString,
  TENCENTCLOUD_SECRET_KEY: optionalString,
  TENCENTCLOUD_SESSION_TOKEN: optionalString,
  ...credentialsEnv,
  TENCENTCLOUD_ENDPOINT: optionalString.pipe(z.url('an http(s) base URL').optional()),
  TENCENTCLOUD_TIMEOUT_MS: z.coerce
    .number({ error: 'milliseconds' })
    .int()
    .positive('a positive number of milliseconds')
    .default(10_000),
  TENCENTCLOUD_MAX_RETRIES: z.coerce
    .number({ error: 'a whole number' })
    .int()
    .min(0, 'zero or more')
    .max(10, 'at most 10')
    .default(4),
  LOCAL_WORKSPACE_PORT: port(3000),
  LOCAL_WORKSPACE_STATE_FILE: z.string().trim().min(1).default('data/local-workspace.json'),
  LOCAL_WORKSPACE_TRANSPORT: z.enum(['http', 'socket'], { error: 'http or socket' }).default('http'),
  EMULATOR_PORT: port(3002),
  EMULATOR_SECRET_ID: z.string().trim().min(1).default('AKIDLOCALEMULATOR000000000000000000'),
  EMULATOR_SECRET_KEY: z.string().trim().min(1).default('local-emulator-secret-key-not-for-real-use'),
  EMULATOR_STATE_FILE: z.string().trim().min(1).default('data/emulator.json'),
  EMULATOR_LATENCY_MS: z.coerce.number({ error: 'milliseconds' }).int().min(0, 'zero or more milliseconds').default(0),
  EMULATOR_THROTTLE_RATE: fraction,
  EMULATOR_ERROR_5XX_RATE: fraction,
  EMULATOR_GROUP_QUOTA: z.coerce.number().int().positive().default(50),
  EMULATOR_RULE_QUOTA: z.coerce.number().int().positive().default(100),
});

type Env = z.infer<typeof envSchema>;

export interface SlackConfig {
  /** `local`: no SLACK_BOT_TOKEN, so the bot talks to the local workspace. */
  mode: 'real' | 'local';
  botToken?: string;
  signingSecret?: string;
  appToken?: string;
  apiUrl?: string;
  port: number;
}

export interface CloudConfig extends Partial<CredentialsConfig> {
  /** `emulator`: no credentials (keys or a role), so the provider talks to the local emulator. */
  mode: 'real' | 'emulator';
  secretId?: string;
  secretKey?: string;
  sessionToken?: string;
  endpoint?: string;
  timeoutMs: number;
  maxRetries: number;
}

export interface EmulatorConfig {
  port: number;
  secretId: string;
  secretKey: string;
  stateFile: string;
  latencyMs: number;
  throttleRate: number;
  error5xxRate: number;
  groupQuota: number;
  ruleQuota: number;
}

export interface Config {
  slack: SlackConfig;
  cloud: CloudConfig;
  emulator: EmulatorConfig;
  approvers: string[];
  channels: string[];
  defaultRegion: string;
  requestTtlMs: number;
  cacheTtlMs: number;
  /** Projects are added more often than regions: their list is refreshed sooner. */
  projectsTtlMs: number;
  dbPath: string;
  /** PostgreSQL, shared by replicas; unset: the SQLite file at dbPath. */
  databaseUrl?: string;
  /** PostgreSQL schema for secgroup's tables (created when missing); the server's default otherwise. */
  databaseSchema?: string;
  templatesFile: string;
  regionsFile: string;
  /** Temporary access policy: what must expire and how long rules may be kept. */
  accessPolicyFile: string;
  logLevel: Env['LOG_LEVEL'];
  /** `json`: one JSON object per line (time, level, event, request id, actor, message). */
  logFormat: Env['LOG_FORMAT'];
  /** A port of its own for /healthz, /readyz and /metrics (Socket Mode has no HTTP port otherwise). */
  metricsPort?: number;
  /** The interface it listens on; all interfaces by default. */
  metricsHost?: string;
  /** On SIGTERM, how long executions in flight may take before their leases are handed over. */
  drainTimeoutMs: number;
  localWorkspace: {
    port: number;
    /** Where the local workspace keeps its channels' history across restarts. */
    stateFile: string;
    /** How it delivers commands and clicks to the bot: signed HTTP requests, or Socket Mode. */
    transport: 'http' | 'socket';
  };
}

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
