/** The configuration every part of the app receives, frozen, from loadConfig (src/config.ts). */
import type { CredentialsConfig } from './credentials.js';
import type { Env } from './env-schema.js';

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
