/**
 * The production build (`npm run build`, run by `npm run start:prod`) holds no development tool:
 * no emulator, no local workspace. It starts against a real Slack and Tencent Cloud (here the
 * recording Slack fake and the emulator, reached as real ones) without loading them, and asked
 * for local mode it says plainly that local mode needs the sources.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../../src/devtools/tencent-emulator/emulator.js';
import { type FakeSlackApi, startFakeSlackApi } from '../../helpers/slack-api.js';

const run = promisify(execFile);
/** Inside node_modules, so the compiled files find their dependencies and git ignores them. */
const OUT = join('node_modules', '.cache', `secgroup-build-${process.pid}`);

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

function startCompiled(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, [join(OUT, 'src', 'main.js')], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  return { child, output: () => output };
}

const exitOf = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });

let dir: string;
let slackApi: FakeSlackApi;
let emulator: RunningEmulator;

beforeAll(async () => {
  await run('npx', ['tsc', '-p', 'tsconfig.build.json', '--outDir', OUT]);
  dir = await mkdtemp(join(tmpdir(), 'secgroup-build-'));
  slackApi = await startFakeSlackApi();
  emulator = await startEmulator({
    host: '127.0.0.1',
    port: 0,
    secretId: 'AKIDBUILDTEST',
    secretKey: 'build-test-key',
  });
}, 120_000);

afterAll(async () => {
  await emulator?.stop();
  await slackApi?.stop();
  await rm(OUT, { recursive: true, force: true });
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the production build', () => {
  it('holds no development tool: nothing under src/devtools, and nothing imports one', async () => {
    expect(existsSync(join(OUT, 'src', 'devtools'))).toBe(false);
    const files = (await filesUnder(OUT)).filter((f) => f.endsWith('.js'));
    expect(files.length).toBeGreaterThan(50);
    const naming: string[] = [];
    for (const file of files) {
      if ((await readFile(file, 'utf8')).includes('devtools/')) naming.push(relative(OUT, file));
    }
    // Only the loader that says local mode needs the sources names the folder at all.
    expect(naming).toEqual([join('src', 'local-mode.js')]);
  });

  it('starts against a real Slack and Tencent Cloud without the development tools, and stops cleanly', async () => {
    const app = startCompiled({
      SLACK_BOT_TOKEN: 'xoxb-build-test-not-real',
      SLACK_SIGNING_SECRET: 'build-test-signing-secret',
      SLACK_API_URL: slackApi.apiUrl,
      PORT: '0',
      SECGROUP_APPROVERS: 'U0APPROVER1',
      SECGROUP_DB_PATH: join(dir, 'secgroup.sqlite'),
      TENCENTCLOUD_SECRET_ID: 'AKIDBUILDTEST',
      TENCENTCLOUD_SECRET_KEY: 'build-test-key',
      TENCENTCLOUD_ENDPOINT: emulator.url,
    });
    await vi.waitFor(() => expect(app.output()).toContain('slack: real workspace, HTTP mode'), { timeout: 30_000 });
    expect(app.output()).toContain('cloud: Tencent Cloud (real account; credentials: keys)');
    expect(app.output()).not.toMatch(/local workspace|emulator/i);
    app.child.kill('SIGTERM');
    expect(await exitOf(app.child)).toBe(0);
  });

  it('asked for local mode, stops and says it needs the sources', async () => {
    const app = startCompiled({ SECGROUP_DB_PATH: join(dir, 'local.sqlite'), PORT: '0' });
    expect(await exitOf(app.child)).toBe(1);
    expect(app.output()).toContain('Local mode (no Slack or no Tencent Cloud credentials) needs the development tools');
  });
});
