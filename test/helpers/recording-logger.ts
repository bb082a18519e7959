/** The one logger tests give the app: it keeps every line, for assertions and secret scans. */
import { type Logger, LogLevel } from '@slack/bolt';
import { type LogFields, splitLogArgs } from '../../src/lib/log.js';

export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  /** The message, as the text format writes it. */
  text: string;
  /** The structured fields of the call (`logFields(…)`), as the JSON format writes them. */
  fields?: LogFields;
}

export interface RecordingLogger extends Logger {
  lines: LogLine[];
  /** Every line as `level text`, one string. */
  dump(): string;
  /** The text of every line, oldest first. */
  texts(): string[];
}

/** An error with its stack; an object as JSON, so a secret inside it shows up in a scan. */
function textOf(part: unknown): string {
  if (part instanceof Error) return part.stack ?? part.message;
  if (typeof part !== 'object' || part === null) return String(part);
  try {
    return JSON.stringify(part);
  } catch {
    return String(part);
  }
}

export function recordingLogger(): RecordingLogger {
  const lines: LogLine[] = [];
  let level = LogLevel.DEBUG;
  const record =
    (lineLevel: LogLine['level']) =>
    (...msg: unknown[]) => {
      const { message, fields } = splitLogArgs(msg);
      lines.push({
        level: lineLevel,
        text: message.map(textOf).join(' '),
        ...(fields ? { fields } : {}),
      });
    };
  return {
    lines,
    dump: () => lines.map((l) => `${l.level} ${l.text}`).join('\n'),
    texts: () => lines.map((l) => l.text),
    debug: record('debug'),
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
