/**
 * The local workspace keeps its history in a file: a restart finds the channels as they were,
 * so the bot can still update the cards it posted before, and people can still click them.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  APPROVER,
  CHANNEL,
  CHANNEL_WITHOUT_BOT,
  callApi,
  REQUESTER,
  type Setup,
  snapshot,
  startWorkspaceWithFakeBot,
  ui,
} from './harness.js';

const card = {
  channel: CHANNEL,
  text: 'Security group request req-1',
  blocks: [
    { type: 'section', text: { type: 'mrkdwn', text: '*Security group request* req-1' } },
    {
      type: 'actions',
      block_id: 'decide',
      elements: [
        { type: 'button', action_id: 'approve', value: 'req-1', text: { type: 'plain_text', text: 'Approve' } },
      ],
    },
  ],
};

/** What a person sees of the channel, without the parts a restart may renumber. */
// biome-ignore lint/suspicious/noExplicitAny: the page's JSON snapshot
const seen = (messages: any[]) =>
  messages.map((m) => ({ ts: m.ts, threadTs: m.threadTs, user: m.user, text: m.text, edited: m.edited }));

describe('local workspace: history kept across restarts', () => {
  let dir: string;
  let stateFile: string;
  let setup: Setup | undefined;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'local-workspace-state-'));
    stateFile = join(dir, 'data', 'local-workspace.json');
  });

  afterEach(async () => {
    await setup?.stop();
    setup = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  const restart = async () => {
    await setup?.stop();
    setup = await startWorkspaceWithFakeBot({ stateFile });
    return setup;
  };

  it('shows the same messages, threads and edits after a restart, and the bot can still update and be clicked', async () => {
    const first = await restart();
    const posted = await callApi(first.workspace, 'chat.postMessage', card);
    await callApi(first.workspace, 'chat.postMessage', {
      channel: CHANNEL,
      thread_ts: posted.body.ts,
      text: 'Please review',
    });
    await callApi(first.workspace, 'chat.update', {
      ...card,
      ts: posted.body.ts,
      text: 'Security group request req-1 (1 approval)',
    });
    await ui(first.workspace, 'compose', { user: REQUESTER, channel: CHANNEL, text: 'thanks <team>' });
    await callApi(first.workspace, 'chat.postEphemeral', { channel: CHANNEL, user: REQUESTER, text: 'only you' });
    const before = await snapshot(first.workspace, REQUESTER);
    expect(before.messages).toHaveLength(4);

    const second = await restart();
    const after = await snapshot(second.workspace, REQUESTER);
    // Everything but the ephemeral message: Slack does not keep those across reloads either.
    expect(seen(after.messages)).toEqual(seen(before.messages.filter((m: { ephemeral: boolean }) => !m.ephemeral)));
    expect(after.messages[0].edited).toBe(true);

    // The bot's chat.update on a card from before the restart finds it (no channel_not_found or message_not_found).
    const updated = await callApi(second.workspace, 'chat.update', {
      ...card,
      ts: posted.body.ts,
      text: 'Created sg-1',
    });
    expect(updated.body).toMatchObject({ ok: true, ts: posted.body.ts });
    expect((await snapshot(second.workspace, APPROVER)).messages[0].text).toBe('Created sg-1');

    // Its button still reaches the bot, naming the same message.
    const click = await ui(second.workspace, 'action', {
      user: APPROVER,
      channel: CHANNEL,
      ts: posted.body.ts,
      blockId: 'decide',
      actionId: 'approve',
    });
    expect(click.body).toEqual({ ok: true });
    expect(second.bot.received.at(-1)?.payload.message.ts).toBe(posted.body.ts);

    // New messages sort after the restored ones, whatever the clock says.
    const later = await callApi(second.workspace, 'chat.postMessage', { channel: CHANNEL, text: 'after' });
    const tsOf = (ts: string) => Number(ts.replace('.', ''));
    for (const m of after.messages) expect(tsOf(later.body.ts)).toBeGreaterThan(tsOf(m.ts));
  });

  it('has the message in the file by the time the bot is told it was posted, written whole (no temporary files left)', async () => {
    const first = await restart();
    const posted = await callApi(first.workspace, 'chat.postMessage', card);
    const saved = JSON.parse(readFileSync(stateFile, 'utf8'));
    expect(saved.formatVersion).toBe(1);
    expect(saved.messages).toEqual([
      expect.objectContaining({ ts: posted.body.ts, text: card.text, channel: CHANNEL }),
    ]);
    expect(readdirSync(join(dir, 'data'))).toEqual(['local-workspace.json']);
  });

  it('remembers who the page was viewing as, and where, when opened without saying', async () => {
    const first = await restart();
    expect((await ui(first.workspace, 'viewing-as', { user: APPROVER, channel: CHANNEL_WITHOUT_BOT })).body).toEqual({
      ok: true,
    });
    const second = await restart();
    const page = await (await fetch(`${second.workspace.url}/ui/state`)).json();
    expect([page.me, page.channel]).toEqual([APPROVER, CHANNEL_WITHOUT_BOT]);
    // Asking for someone in particular still shows them.
    expect((await snapshot(second.workspace, REQUESTER)).me).toBe(REQUESTER);
    expect((await ui(second.workspace, 'viewing-as', { user: 'U0NOBODY', channel: CHANNEL })).status).toBe(400);
  });

  it('keeps the channels the bot was invited to, and response URLs within their lifetime', async () => {
    const first = await restart();
    first.bot.reply(() => ({ status: 200 }));
    await ui(first.workspace, 'compose', { user: REQUESTER, channel: CHANNEL_WITHOUT_BOT, text: '/invite @secgroup' });
    await ui(first.workspace, 'compose', { user: REQUESTER, channel: CHANNEL, text: '/secgroup help' });
    const responseUrl = first.bot.received.at(-1)?.form.get('response_url') ?? '';
    const path = new URL(responseUrl).pathname;

    const second = await restart();
    const posted = await callApi(second.workspace, 'chat.postMessage', { channel: CHANNEL_WITHOUT_BOT, text: 'hello' });
    expect(posted.body.ok).toBe(true);
    const answer = await fetch(`${second.workspace.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'Usage: /secgroup new' }),
    });
    expect(await answer.json()).toEqual({ ok: true });
    expect((await snapshot(second.workspace, REQUESTER)).messages.map((m: { text: string }) => m.text)).toContain(
      'Usage: /secgroup new',
    );
  });

  it('starts empty with a warning when the file is missing, and moves an unreadable one aside', async () => {
    const first = await restart();
    expect(first.log.texts().some((l) => l.includes(`no saved history at ${stateFile}`))).toBe(true);
    expect((await snapshot(first.workspace, REQUESTER)).messages).toEqual([]);
    await first.stop();
    setup = undefined;

    mkdirSync(join(dir, 'data'));
    writeFileSync(stateFile, '{"formatVersion": 1, "messages": [');
    const second = await restart();
    expect(second.log.texts().find((l) => l.includes('is not valid JSON'))).toMatch(/moved it to .*unreadable-\d+/);
    expect((await snapshot(second.workspace, REQUESTER)).messages).toEqual([]);
    expect(readdirSync(join(dir, 'data')).filter((f) => f.includes('.unreadable-'))).toHaveLength(1);
    await second.stop();
    setup = undefined;

    writeFileSync(stateFile, JSON.stringify({ formatVersion: 1, messages: [{ ts: 'yesterday' }] }));
    const third = await restart();
    expect(third.log.texts().find((l) => l.includes('not in the expected shape'))).toContain('messages.0.ts');
    const posted = await callApi(third.workspace, 'chat.postMessage', { channel: CHANNEL, text: 'fresh start' });
    expect(posted.body.ok).toBe(true);
    expect(JSON.parse(readFileSync(stateFile, 'utf8')).messages).toHaveLength(1);
  });

  it('keeps nothing on disk without a state file', async () => {
    setup = await startWorkspaceWithFakeBot();
    await callApi(setup.workspace, 'chat.postMessage', card);
    expect(readdirSync(dir)).toEqual([]);
    const page = await (await fetch(`${setup.workspace.url}/ui/state`)).json();
    expect(page.workspace.notice).toContain('vanish when it stops');
  });
});
