import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { type RunningSecgroup, startSecgroup } from '../../../src/secgroup.js';
import { type RecordingLogger, recordingLogger } from '../../helpers/recording-logger.js';

interface Snapshot {
  modal: { id: string } | null;
  messages: { ts: string; threadTs: string | null; text: string; blocks: unknown[] | null; ephemeral: boolean }[];
}

let dir: string;
let running: RunningSecgroup | undefined;
let logger: RecordingLogger;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'secgroup-runtime-'));
  logger = recordingLogger();
});
afterEach(async () => {
  await running?.stop();
  running = undefined;
  await rm(dir, { recursive: true, force: true });
});

function localConfig(extra: Record<string, string> = {}) {
  return loadConfig({
    PORT: '0',
    LOCAL_WORKSPACE_PORT: '0',
    EMULATOR_PORT: '0',
    SECGROUP_DB_PATH: join(dir, 'secgroup.sqlite'),
    EMULATOR_STATE_FILE: join(dir, 'emulator.json'),
    LOCAL_WORKSPACE_STATE_FILE: join(dir, 'local-workspace.json'),
    LOG_LEVEL: 'debug',
    ...extra,
  });
}

async function ui(path: string, body: object): Promise<void> {
  const res = await fetch(`${running?.workspaceUrl}/ui/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status, await res.clone().text()).toBe(200);
}

async function snapshot(user: string): Promise<Snapshot> {
  const res = await fetch(`${running?.workspaceUrl}/ui/state?user=${user}&channel=C0LOCALSEC`);
  return (await res.json()) as Snapshot;
}

describe('startSecgroup in local mode', () => {
  it('runs the whole flow on this machine: local workspace, bot, emulator', async () => {
    running = await startSecgroup(localConfig(), { logger });
    expect(running.slackUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/slack\/events$/);
    const lines = logger.texts();
    expect(lines).toContain(`cloud: local emulator at ${running.emulatorUrl} — no real security groups are created`);
    expect(lines.some((l) => l.startsWith(`slack: local workspace at ${running?.workspaceUrl}`))).toBe(true);
    expect(lines).toContain('approvers: U0LOCALAP1, U0LOCALAP2');

    await ui('compose', { user: 'U0LOCALREQ', channel: 'C0LOCALSEC', text: '/secgroup new' });
    const modal = await vi.waitFor(async () => {
      const open = (await snapshot('U0LOCALREQ')).modal;
      if (!open) throw new Error('no modal yet');
      return open;
    });
    await ui('view-submit', {
      user: 'U0LOCALREQ',
      viewId: modal.id,
      values: {
        new_group_region: { region: 'ap-guangzhou' },
        new_group_template: { template: 'web-basic' },
        new_group_name: { name: 'e2e-web' },
        new_group_project: { project: '0' },
        new_group_notes: { notes: 'end to end <!channel>' },
      },
    });
    const prompt = await vi.waitFor(async () => {
      const found = (await snapshot('U0LOCALAP1')).messages.find((m) =>
        JSON.stringify(m.blocks).includes('secgroup_approve'),
      );
      if (!found) throw new Error('no approval prompt yet');
      return found;
    });
    await ui('action', {
      user: 'U0LOCALAP1',
      channel: 'C0LOCALSEC',
      ts: prompt.ts,
      blockId: 'request_decision',
      actionId: 'secgroup_approve',
    });
    await vi.waitFor(async () => {
      const messages = (await snapshot('U0LOCALAP1')).messages;
      expect(messages.some((m) => JSON.stringify(m.blocks).includes('*Created* `sg-'))).toBe(true);
      expect(messages.some((m) => JSON.stringify(m.blocks).includes('as read back from Tencent Cloud'))).toBe(true);
    });

    const admin = (await (await fetch(`${running.emulatorUrl}/__admin/state`)).json()) as {
      state: { groups: unknown[] };
    };
    expect(admin.state.groups).toHaveLength(1);
    expect(JSON.stringify(admin.state.groups)).toContain('e2e-web');

    const all = logger.texts().join('\n');
    expect(all).not.toMatch(/xoxb-local-[0-9a-f]+/);
    expect(all).not.toContain(loadConfig({}).emulator.secretKey);
  });

  it('logs at the configured LOG_LEVEL once the Slack app exists (Bolt would reset its logger to INFO)', async () => {
    const info = vi.spyOn(console, 'info').mockImplementation(() => {});
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      running = await startSecgroup(localConfig({ LOG_LEVEL: 'warn' }));
      const res = await fetch(`${running.workspaceUrl}/`);
      expect(res.status).toBe(200);
      expect(info).not.toHaveBeenCalled();
    } finally {
      info.mockRestore();
      warn.mockRestore();
    }
  });

  it("the first form after start-up already offers the cloud's projects (fetched while starting)", async () => {
    running = await startSecgroup(localConfig(), { logger });
    await ui('compose', { user: 'U0LOCALREQ', channel: 'C0LOCALSEC', text: '/secgroup new' });
    const modal = await vi.waitFor(async () => {
      const open = (await snapshot('U0LOCALREQ')).modal;
      if (!open) throw new Error('no modal yet');
      return open;
    });
    // The emulator's own project: the form would offer only the Default project had the lists
    // been fetched on the form's first opening.
    expect(JSON.stringify(modal)).toContain('Demo project');
  });

  it('refuses to start with a message naming a missing templates file', async () => {
    await expect(
      startSecgroup(localConfig({ SECGROUP_TEMPLATES_FILE: join(dir, 'missing.yml') }), { logger }),
    ).rejects.toThrow(/missing\.yml/);
  });

  it('refuses to start with a template that holds a rule twice, naming the file, the template and the rule', async () => {
    const file = 'test/fixtures/templates/duplicate-rule.yml';
    await expect(startSecgroup(localConfig({ SECGROUP_TEMPLATES_FILE: file }), { logger })).rejects.toThrow(
      `${file}: template web-twice: rules.3: inbound TCP:443 from 0.0.0.0/0, ACCEPT is the same rule as rules.0 (only the notes may differ)`,
    );
  });
});

describe('npm start (src/main.ts)', () => {
  it('stops with exit code 1 and names the problem when the configuration is invalid, without echoing secrets', async () => {
    const tsx = resolve('node_modules/.bin/tsx');
    const main = resolve('src/main.ts');
    // Run from an empty folder so no .env is read; only these variables are set.
    const result = await new Promise<{ code: number | null; output: string }>((done) => {
      execFile(
        tsx,
        [main],
        { cwd: dir, env: { PATH: process.env.PATH, SLACK_BOT_TOKEN: 'xoxb-secret-looking-value' }, timeout: 60_000 },
        (err, stdout, stderr) =>
          done({ code: err ? ((err as { code?: number }).code ?? null) : 0, output: stdout + stderr }),
      );
    });
    expect(result.code).toBe(1);
    expect(result.output).toContain('SLACK_SIGNING_SECRET: required in HTTP mode');
    expect(result.output).toContain('SECGROUP_APPROVERS');
    expect(result.output).not.toContain('xoxb-secret-looking-value');
  });
});
