/**
 * What each environment variable may hold, grouped by area; src/config.ts reads the environment and
 * parses it with envSchema. The messages complete "expected …" in start-up errors.
 */
import { z } from 'zod';
import { credentialsEnv } from './credentials.js';

/** Variables whose values no error message may echo back. */
export const SECRET_VARS = new Set([
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

const slackEnv = {
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
};

const requestsEnv = {
  SECGROUP_DEFAULT_REGION: z.string().trim().min(1).default('ap-guangzhou'),
  SECGROUP_REQUEST_TTL_HOURS: z.coerce
    .number({ error: 'a number of hours' })
    .positive('a positive number of hours')
    .default(24),
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
};

const storageEnv = {
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
};

const operationsEnv = {
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  LOG_FORMAT: z.enum(['text', 'json'], { error: 'text or json' }).default('text'),
  METRICS_PORT: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), portNumber.optional()),
  METRICS_HOST: optionalString,
  SECGROUP_DRAIN_TIMEOUT_SECONDS: z.coerce
    .number({ error: 'a number of seconds' })
    .min(0, 'zero or more seconds')
    .max(3600, 'at most 3600 seconds')
    .default(20),
};

const tencentEnv = {
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
};

const devtoolsEnv = {
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
};

export const envSchema = z.object({
  ...slackEnv,
  ...requestsEnv,
  ...storageEnv,
  ...operationsEnv,
  ...tencentEnv,
  ...devtoolsEnv,
});

export type Env = z.infer<typeof envSchema>;
