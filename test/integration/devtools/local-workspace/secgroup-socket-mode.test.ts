/**
 * The real secgroup app (startSecgroup with an app-level token, so Bolt's Socket Mode receiver) against the local workspace delivering over Socket Mode: a request is made, refused
 * inline, submitted after the connection was refreshed, and approved; the group is created.
 * Started by the composition root with an app-level token, with the emulator of the integration tests.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LOCAL_APPROVER_IDS } from '../../../../src/devtools/local-workspace/directory.js';
import { type LocalWorkspace, startLocalWorkspace } from '../../../../src/devtools/local-workspace/server.js';
import { recordingLogger } from '../../../helpers/recording-logger.js';
import { startTestSecgroup, type TestSecgroup } from '../../../helpers/test-secgroup.js';
import { APPROVER, BOT_TOKEN, CHANNEL, REQUESTER, snapshot, ui } from './harness.js';

const APP_TOKEN = 'xapp-1-A0LOCALAPP-1-secgroup-socket-test';
const TEMPLATE = 'Open port 22, 80, 443, 3389 and ICMP protocol';

// biome-ignore lint/suspicious/noExplicitAny: Block Kit JSON from the page's snapshot
type Block = any;

/** The form's answers keyed as the page sends them: block id → action id → value. */
function answers(blocks: Block[], name: string) {
  const values: Record<string, Record<string, string>> = {};
  for (const block of blocks) {
    const element = block.element;
    if (block.type !== 'input' || !element) continue;
    if (element.type === 'radio_buttons') {
      const option = element.options.find((o: Block) => String(o.text.text).includes(TEMPLATE));
      if (option) values[block.block_id] = { [element.action_id]: option.value };
    }
    if (element.type === 'plain_text_input' && block.label.text === 'Name') {
      values[block.block_id] = { [element.action_id]: name };
    }
  }
  return values;
}

describe('the secgroup app over Socket Mode, in the local workspace', () => {
  let workspace: LocalWorkspace;
  let app: TestSecgroup;

  beforeEach(async () => {
    workspace = await startLocalWorkspace({
      port: 0,
      transport: 'socket',
      appToken: APP_TOKEN,
      botToken: BOT_TOKEN,
      log: recordingLogger(),
    });
    // The app as npm start composes it, in Socket Mode because an app-level token is set.
    app = await startTestSecgroup({
      approvers: [...LOCAL_APPROVER_IDS],
      realClock: true,
      env: { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_APP_TOKEN: APP_TOKEN, SLACK_API_URL: workspace.apiUrl },
    });
  });

  afterEach(async () => {
    await app.stop();
    await vi.waitFor(() => expect(workspace.socketMode?.connections()).toEqual([]));
    await workspace.stop();
  });

  it('takes a request from /secgroup new to a created group, across a connection refresh', {
    timeout: 45_000,
  }, async () => {
    await ui(workspace, 'compose', { user: REQUESTER, channel: CHANNEL, text: '/secgroup new' });
    const modal = await vi.waitFor(async () => {
      const open = (await snapshot(workspace, REQUESTER)).modal;
      expect(open?.title.text).toBe('New security group');
      return open;
    });

    await ui(workspace, 'view-submit', {
      user: REQUESTER,
      viewId: modal.id,
      values: answers(modal.blocks, 'w'.repeat(61)),
    });
    const refused = (await snapshot(workspace, REQUESTER)).modal;
    expect(Object.values(refused.errors).join(' ')).toContain('60');

    workspace.socketMode?.disconnect('refresh_requested');
    await vi.waitFor(
      () => expect(workspace.socketMode?.connections()).toEqual([expect.objectContaining({ retiring: false })]),
      {
        timeout: 20_000,
      },
    );

    await ui(workspace, 'view-submit', {
      user: REQUESTER,
      viewId: modal.id,
      values: answers(modal.blocks, 'web-prod'),
    });
    expect((await snapshot(workspace, REQUESTER)).modal).toBeNull();
    const card = await vi.waitFor(async () => {
      const found = (await snapshot(workspace, APPROVER)).messages.find((m: { text: string }) =>
        m.text.includes('web-prod'),
      );
      expect(found).toBeDefined();
      return found;
    });

    const prompt = await vi.waitFor(async () => {
      const inThread = (await snapshot(workspace, APPROVER)).messages.find(
        (m: { threadTs: string | null; blocks: Block[] | null }) =>
          m.threadTs === card.ts &&
          (m.blocks ?? []).some(
            (b: Block) => b.type === 'actions' && b.elements.some((e: Block) => e.text?.text === 'Approve'),
          ),
      );
      expect(inThread).toBeDefined();
      return inThread;
    });
    const actions = prompt.blocks.find((b: Block) => b.type === 'actions');
    const approve = actions.elements.find((e: Block) => e.text.text === 'Approve');
    const clicked = await ui(workspace, 'action', {
      user: APPROVER,
      channel: CHANNEL,
      ts: prompt.ts,
      blockId: actions.block_id,
      actionId: approve.action_id,
    });
    expect(clicked.body).toEqual({ ok: true });
    await vi.waitFor(async () => {
      const top = (await snapshot(workspace, REQUESTER)).messages.find((m: { ts: string }) => m.ts === card.ts);
      expect(top.text).toContain('(done)');
      expect(JSON.stringify(top.blocks)).toMatch(/sg-[0-9a-z]{8}/);
    });
  });
});
