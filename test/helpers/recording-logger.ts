/** The one logger tests give the app: it keeps every line, for assertions and secret scans. */
import { type Logger, LogLevel } from '@slack/bolt';

export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  text: string;
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
      lines.push({
        level: lineLevel,
        text: msg.map((m) => (m instanceof Error ? (m.stack ?? m.message) : String(m))).join(' '),
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
