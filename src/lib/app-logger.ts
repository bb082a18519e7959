/**
 * The app's one logger (a Bolt `Logger`, so Bolt, its WebClient and Socket Mode client log through
 * it too), in two formats:
 * - `text`: `[INFO]  secgroup <message>`, as Bolt's ConsoleLogger writes (warnings and errors to stderr);
 * - `json`: one JSON object per line on stdout: `time`, `level`, `name`, the fields of the call
 *   (`event`, `requestId`, `actor` … see log.ts) and `message`.
 * The message is formatted as console.log would (util.format), in both formats, so JSON shows no
 * more of an object than the text would. Configured secret values are replaced by `[redacted]`
 * wherever they appear, as a last line of defence.
 */
import { format } from 'node:util';
import type { Logger, LogLevel } from '@slack/logger';
import { type LogFields, splitLogArgs } from './log.js';

export type LogFormat = 'text' | 'json';

type Level = 'debug' | 'info' | 'warn' | 'error';

export interface AppLoggerOptions {
  format: LogFormat;
  level: Level;
  name?: string;
  /** Values never to be written (tokens, keys, passwords). */
  secrets?: readonly string[];
  /** Where a line goes; by default stdout (text: stderr for warnings and errors). */
  write?: (line: string, level: Level) => void;
  now?: () => Date;
}

const RANK: Record<Level, number> = { debug: 0, info: 1, warn: 2, error: 3 };
const TEXT_LABELS: Record<Level, string> = { debug: '[DEBUG]', info: '[INFO] ', warn: '[WARN] ', error: '[ERROR]' };
const RESERVED = new Set(['time', 'level', 'name', 'message']);
/** Shorter values are too likely to occur by chance to be worth replacing. */
const MIN_SECRET_LENGTH = 6;

function levelOf(level: LogLevel): Level {
  return (['debug', 'info', 'warn', 'error'] as const).find((l) => l === level) ?? 'info';
}

export function createAppLogger(options: AppLoggerOptions): Logger {
  let level: Level = options.level;
  let name = options.name ?? 'secgroup';
  const now = options.now ?? (() => new Date());
  const secrets = (options.secrets ?? []).filter((s) => s.length >= MIN_SECRET_LENGTH);
  const redact = (text: string) => secrets.reduce((out, secret) => out.split(secret).join('[redacted]'), text);
  const write =
    options.write ??
    ((line: string, lineLevel: Level) => {
      const toStderr = options.format === 'text' && RANK[lineLevel] >= RANK.warn;
      (toStderr ? process.stderr : process.stdout).write(`${line}\n`);
    });

  const textLine = (lineLevel: Level, message: string) => `${TEXT_LABELS[lineLevel]} ${name} ${message}`;

  const jsonLine = (lineLevel: Level, message: string, fields: LogFields | undefined) => {
    const entry: Record<string, unknown> = { time: now().toISOString(), level: lineLevel, name };
    for (const [key, value] of Object.entries(fields ?? {})) {
      if (value !== undefined && !RESERVED.has(key)) entry[key] = typeof value === 'string' ? redact(value) : value;
    }
    entry.message = message;
    return JSON.stringify(entry);
  };

  const log =
    (lineLevel: Level) =>
    (...args: unknown[]) => {
      if (RANK[lineLevel] < RANK[level]) return;
      const { message, fields } = splitLogArgs(args);
      const text = redact(format(...message));
      write(options.format === 'json' ? jsonLine(lineLevel, text, fields) : textLine(lineLevel, text), lineLevel);
    };

  return {
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    setLevel: (next: LogLevel) => {
      level = levelOf(next);
    },
    getLevel: () => level as LogLevel,
    setName: (next: string) => {
      name = next;
    },
  };
}
