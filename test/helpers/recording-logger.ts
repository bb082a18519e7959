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
        text: message.map((m) => (m instanceof Error ? (m.stack ?? m.message) : String(m))).join(' '),
        ...(fields ? { fields } : {}),
      });
    };
  return {
    lines,
    dump: () => lines.map((l) => `${l.level} ${l.text}`).join('\n'),
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
