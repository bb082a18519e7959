/** Start-up time: process spawn → the bot's HTTP port answers. */
import { launchApp, type Runner } from './app-launcher.js';
import { freePort, type Memory, memoryOf, stopChild } from './processes.js';
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
  runner: Runner;
  entry: string;
  env: (port: number) => Record<string, string>;
}

export async function measureStartup(
  startupCase: StartupCase,
  runs: number,
  compiledDir: string,
  logFile: string,
): Promise<StartupResult> {
  const times: number[] = [];
  let memory: Memory | undefined;
  for (let run = 0; run < runs; run++) {
    const port = await freePort();
    const app = await launchApp({
      name: `start-up ${run}`,
      runner: startupCase.runner,
      entry: startupCase.entry,
      compiledDir,
      env: startupCase.env(port),
      port,
      logFile,
    });
    try {
      times.push(round(app.startupMs, 1));
      if (run === runs - 1) memory = await memoryOf(app.nodePid);
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
