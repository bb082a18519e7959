import type { Log } from '../../../../src/lib/log.js';

/** A Log that keeps every line, for assertions on what was (and was not) logged. */
export function captureLog(): Log & { lines: string[]; text(): string } {
  const lines: string[] = [];
  const at =
    (level: string) =>
    (...msg: unknown[]) => {
      lines.push(`${level} ${msg.map((m) => (m instanceof Error ? `${m.message} ${m.stack}` : String(m))).join(' ')}`);
    };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    lines,
    text: () => lines.join('\n'),
  };
}
