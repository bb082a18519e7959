/**
 * Start-up time: process spawn → the bot's HTTP port answers, with the tsx CLI as `npm start` runs
 * it (no compile step: tsx transforms each TypeScript file as it is loaded, from its cache after
 * the first time).
 */
import { freePort, type Memory, memoryOf, nodeProcessOf, startTsxApp, stopChild } from './processes.js';
import { round } from './stats.js';

export interface StartupResult {
  /** What was started, as a command line. */
  command: string;
  runs: number[];
  median: number;
  max: number;
  /** Memory of the node process right after start-up (the last run). */
  memory?: Memory;
}

export interface StartupCase {
  command: string;
  file: string;
  env: (port: number) => Record<string, string>;
}

export async function measureStartup(startupCase: StartupCase, runs: number, logFile: string): Promise<StartupResult> {
  const times: number[] = [];
  let memory: Memory | undefined;
  for (let run = 0; run < runs; run++) {
    const port = await freePort();
    const app = await startTsxApp(`startup ${run}`, startupCase.file, startupCase.env(port), port, logFile);
    try {
      times.push(round(app.startupMs, 1));
      if (run === runs - 1) {
        const pid = await nodeProcessOf(app);
        if (pid !== undefined) memory = await memoryOf(pid);
      }
    } finally {
      await stopChild(app);
    }
  }
  const sorted = [...times].sort((a, b) => a - b);
  return {
    command: startupCase.command,
    runs: times,
    median: sorted[Math.floor(sorted.length / 2)] ?? Number.NaN,
    max: sorted[sorted.length - 1] ?? Number.NaN,
    ...(memory ? { memory } : {}),
  };
}
