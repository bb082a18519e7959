/**
 * The bench's child processes: started in their own process group, registered so the
 * orchestrator stops every one of them (by its own id) however the run ends, and measured
 * through /proc.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { type ChildMessage, isChildMessage, preciseNow } from './messages.js';

export const REPO = new URL('../../', import.meta.url).pathname;
const TSX_CLI = `${REPO}node_modules/.bin/tsx`;

export interface BenchChild {
  name: string;
  process: ChildProcess;
  /** Resolves once the process has exited. */
  exited: Promise<void>;
}

const started = new Set<BenchChild>();

function track(name: string, child: ChildProcess): BenchChild {
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  const entry = { name, process: child, exited };
  started.add(entry);
  exited.then(() => started.delete(entry));
  return entry;
}

async function exitedWithin(child: BenchChild, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  const done = await Promise.race([child.exited.then(() => true as const), timeout]);
  clearTimeout(timer);
  return done;
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Stops one child politely (IPC disconnect, or SIGTERM, which tsx passes on to the node process
 * it runs), then whatever is left of its process group.
 */
export async function stopChild(child: BenchChild): Promise<void> {
  const pid = child.process.pid;
  if (pid === undefined) return;
  if (started.has(child)) {
    if (child.process.connected) child.process.disconnect();
    else child.process.kill('SIGTERM');
    await exitedWithin(child, 10_000);
  }
  for (let attempt = 0; attempt < 50 && groupAlive(pid); attempt++) await sleep(20);
  if (groupAlive(pid)) killGroup(pid);
  await exitedWithin(child, 5_000);
}

/** Every child this run started and that still runs, stopped one by one. */
export async function stopAllChildren(): Promise<void> {
  for (const child of [...started].reverse()) await stopChild(child);
}

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/** Last resort on an abrupt exit of the orchestrator: SIGKILL to each started child's own group. */
export function killAllChildrenNow(): void {
  for (const child of started) {
    if (child.process.pid !== undefined) killGroup(child.process.pid);
  }
}

export interface IpcChild extends BenchChild {
  url: string;
  onMessage(listener: (message: ChildMessage) => void): void;
  send(message: object): void;
}

/**
 * Runs a bench child (TypeScript through tsx's loader, one process) with an IPC channel, and
 * waits for its `ready` message.
 */
export async function startIpcChild(
  name: string,
  file: string,
  env: Record<string, string>,
  logFile: string,
  nodeFlags: string[] = [],
): Promise<IpcChild> {
  const log = openSync(logFile, 'a');
  const child = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', file], {
    cwd: REPO,
    env,
    stdio: ['ignore', log, log, 'ipc'],
    detached: true,
  });
  const entry = track(name, child);
  const listeners: ((message: ChildMessage) => void)[] = [];
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} was not ready within 30 s (see ${logFile})`)), 30_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code}) before it was ready (see ${logFile})`));
    });
    child.on('message', (message: unknown) => {
      if (!isChildMessage(message)) return;
      if (message.type === 'ready') {
        clearTimeout(timer);
        resolve(message.url);
      }
      for (const listener of listeners) listener(message);
    });
  });
  return Object.assign(entry, {
    url,
    onMessage: (listener: (message: ChildMessage) => void) => listeners.push(listener),
    send: (message: object) => child.send(message),
  });
}

export interface AppChild extends BenchChild {
  /** POST target of the bot. */
  url: string;
  /** Spawn → first HTTP answer on the bot's port. */
  startupMs: number;
}

/**
 * Starts a TypeScript entry point the way `npm start` does (the tsx CLI, which runs node with
 * its loader in a child process), and waits until the HTTP port answers.
 */
export function startTsxApp(
  name: string,
  file: string,
  env: Record<string, string>,
  port: number,
  logFile: string,
  nodeFlags: string[] = [],
): Promise<AppChild> {
  // tsx hands flags before the file to the node process it starts (NODE_OPTIONS refuses --cpu-prof).
  return startHttpApp(name, [TSX_CLI, ...nodeFlags, file], env, port, logFile);
}

/** Runs `command` (executable first) and waits until its HTTP port answers. */
export async function startHttpApp(
  name: string,
  command: string[],
  env: Record<string, string>,
  port: number,
  logFile: string,
): Promise<AppChild> {
  const [executable = '', ...args] = command;
  const log = openSync(logFile, 'a');
  const spawnedAt = preciseNow();
  const child = spawn(executable, args, { cwd: REPO, env, stdio: ['ignore', log, log], detached: true });
  const entry = track(name, child);
  const url = `http://127.0.0.1:${port}/slack/events`;
  const answeredAt = await waitForHttp(`http://127.0.0.1:${port}/`, entry, 30_000);
  if (answeredAt === undefined) {
    await stopChild(entry);
    throw new Error(`${name} did not answer on port ${port} within 30 s (see ${logFile})`);
  }
  return Object.assign(entry, { url, startupMs: answeredAt - spawnedAt });
}

/** Polls until anything answers HTTP at `url`; the answer's time, or undefined on timeout or exit. */
async function waitForHttp(url: string, child: BenchChild, timeoutMs: number): Promise<number | undefined> {
  const deadline = Date.now() + timeoutMs;
  let gone = false;
  child.exited.then(() => {
    gone = true;
  });
  while (Date.now() < deadline && !gone) {
    const at = await new Promise<number | undefined>((resolve) => {
      const req = request(url, { method: 'GET', agent: false, timeout: 1_000 }, (res) => {
        res.resume();
        res.on('end', () => resolve(preciseNow()));
      });
      req.on('error', () => resolve(undefined));
      req.on('timeout', () => req.destroy());
      req.end();
    });
    if (at !== undefined) return at;
    await sleep(5);
  }
  return undefined;
}

/** A port free on 127.0.0.1 right now (for children that must be told their port). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

/**
 * The process that runs `entry` under `child` (itself, tsx's node child, or the end of npm → sh →
 * tsx → node): the deepest descendant whose command line names the entry file.
 */
export async function processRunning(child: BenchChild, entry: string): Promise<number | undefined> {
  const root = child.process.pid;
  if (root === undefined) return undefined;
  const children = new Map<number, number[]>();
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = await readFile(`/proc/${name}/stat`, 'utf8').catch(() => '');
    // Fields after the command name (which may hold spaces) start with state, then ppid.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
  }
  let found: number | undefined;
  const visit = async (pid: number, depth: number, seen: Set<number>): Promise<void> => {
    if (seen.has(pid) || depth > 10) return;
    seen.add(pid);
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes(entry)) found = pid;
    for (const next of children.get(pid) ?? []) await visit(next, depth + 1, seen);
  };
  await visit(root, 0, new Set());
  return found;
}

const CLOCK_TICKS_PER_SECOND = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** CPU time (user + system, every thread) a process has used so far, in milliseconds; 10 ms steps. */
export function cpuTimeMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the command name: state is field 3 of stat(5), utime 14 and stime 15.
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
}

export interface Memory {
  rssMb: number;
  peakRssMb: number;
}

export async function memoryOf(pid: number): Promise<Memory> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rssMb: kb('VmRSS') / 1024, peakRssMb: kb('VmHWM') / 1024 };
}

export interface LiveMemory {
  /** After a full garbage collection (the app runs with --expose-gc). */
  rssMb: number;
  heapUsedMb: number;
  heapTotalMb: number;
  externalMb: number;
  /** Before that collection. */
  rssBeforeGcMb: number;
  heapUsedBeforeGcMb: number;
}

interface MemoryUsageLine {
  before: NodeJS.MemoryUsage;
  after: NodeJS.MemoryUsage;
  collected: boolean;
}

/** Asks the app (bench/children/app-main.ts) for its memory figures with SIGUSR2 and reads them from its log. */
export async function liveMemory(pid: number, logFile: string): Promise<LiveMemory> {
  const lines = async () => (await readFile(logFile, 'utf8')).split('\n').filter((l) => l.startsWith('MEMORY '));
  const seen = (await lines()).length;
  process.kill(pid, 'SIGUSR2');
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const all = await lines();
    const last = all.length > seen ? all[all.length - 1] : undefined;
    if (last) {
      const { before, after, collected } = JSON.parse(last.slice('MEMORY '.length)) as MemoryUsageLine;
      if (!collected) throw new Error('the app was not started with --expose-gc');
      const mb = (bytes: number) => bytes / 2 ** 20;
      return {
        rssMb: mb(after.rss),
        heapUsedMb: mb(after.heapUsed),
        heapTotalMb: mb(after.heapTotal),
        externalMb: mb(after.external),
        rssBeforeGcMb: mb(before.rss),
        heapUsedBeforeGcMb: mb(before.heapUsed),
      };
    }
    await sleep(50);
  }
  throw new Error(`the app did not report its memory (see ${logFile})`);
}
