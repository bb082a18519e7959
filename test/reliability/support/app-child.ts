/** Runs the app (support/app-process.ts) in a child process that a test can kill -9 and restart. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { SignOptions, SlackRequestKind } from '../../helpers/slack-request.js';
import { sendSlack } from '../../helpers/slack-request.js';
import { FAKE_SECRETS } from './fake-secrets.js';

const ENTRY = fileURLToPath(new URL('./app-process.ts', import.meta.url));
const START_TIMEOUT_MS = 30_000;

export interface AppChild {
  pid: number;
  slackUrl: string;
  /** Everything the process wrote to stdout and stderr. */
  output(): string;
  /** What it wrote to stdout alone (where LOG_FORMAT=json puts every line). */
  stdout(): string;
  /** Resolves with the exit code (null when killed by a signal) once the process has ended. */
  exited: Promise<number | null>;
  send(kind: SlackRequestKind, payload: object, sign?: Partial<SignOptions>): Promise<Response>;
  /** kill -9 of its process group, then waits until the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM (a clean stop), then waits. */
  stop(): Promise<void>;
}

export async function startAppChild(env: Record<string, string>): Promise<AppChild> {
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY], {
    cwd: process.cwd(),
    // Only what the app needs: no .env, nothing inherited that could change its configuration.
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so a kill takes everything it started with it, as kill -9 of `npm start`'s group does.
    detached: true,
  });
  let output = '';
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
    stdout += chunk.toString('utf8');
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const slackUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`app did not start:\n${output}`)), START_TIMEOUT_MS);
    const onData = () => {
      const ready = /^READY (.+)$/m.exec(output);
      if (!ready?.[1]) return;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      resolve((JSON.parse(ready[1]) as { slackUrl: string }).slackUrl);
    };
    child.stdout.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`app exited (${code}) before it was ready:\n${output}`));
    });
  });
  const pid = child.pid ?? -1;
  return {
    pid,
    slackUrl,
    output: () => output,
    stdout: () => stdout,
    exited,
    send: (kind, payload, sign = {}) =>
      sendSlack(slackUrl, kind, payload, { signingSecret: FAKE_SECRETS.slackSigningSecret, ...sign }),
    async kill() {
      process.kill(-pid, 'SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) process.kill(pid, 'SIGTERM');
      await exited;
    },
  };
}
