import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callApi, REQUESTER, runCommand, type Setup, snapshot, startWorkspaceWithFakeBot } from './harness.js';
import { reference, shapeDifferences } from './shape.js';

const modal = (title: string, extra: Record<string, unknown> = {}) => ({
  type: 'modal',
  callback_id: 'test_modal',
  title: { type: 'plain_text', text: title },
  submit: { type: 'plain_text', text: 'Save' },
  blocks: [
    {
      type: 'input',
      block_id: 'name_block',
      label: { type: 'plain_text', text: 'Name' },
      element: { type: 'plain_text_input', action_id: 'name' },
    },
  ],
  ...extra,
});

describe('local workspace: modals and trigger ids', () => {
  let setup: Setup;

  beforeEach(async () => {
    setup = await startWorkspaceWithFakeBot();
  });

  afterEach(async () => {
    await setup.stop();
  });

  const open = async (title = 'First') => {
    const command = await runCommand(setup);
    const answer = await callApi(setup.workspace, 'views.open', {
      trigger_id: command.form.get('trigger_id'),
      view: modal(title),
    });
    expect(answer.body.ok).toBe(true);
    return answer.body.view;
  };

  it("opens a modal for the user whose command gave the trigger, answering Slack's views.open shape", async () => {
    const command = await runCommand(setup);
    const answer = await callApi(setup.workspace, 'views.open', {
      trigger_id: command.form.get('trigger_id'),
      view: JSON.stringify(modal('New security group')),
    });
    expect(shapeDifferences(answer.body, reference('api.views.open.json'))).toEqual([]);
    expect(answer.body.view).toMatchObject({
      type: 'modal',
      callback_id: 'test_modal',
      private_metadata: '',
      state: { values: {} },
      root_view_id: answer.body.view.id,
      previous_view_id: null,
    });
    const seen = await snapshot(setup.workspace, REQUESTER);
    expect(seen.modal).toMatchObject({ id: answer.body.view.id, title: { text: 'New security group' }, depth: 1 });
    expect((await snapshot(setup.workspace, 'U0LOCALAP1')).modal).toBeNull();
  });

  it('refuses a trigger older than 3 seconds with expired_trigger_id', async () => {
    const command = await runCommand(setup);
    setup.clock.advance(3_001);
    const answer = await callApi(setup.workspace, 'views.open', {
      trigger_id: command.form.get('trigger_id'),
      view: modal('Late'),
    });
    expect(answer.body).toEqual(reference('api.error.expired_trigger_id.json'));
    expect((await snapshot(setup.workspace, REQUESTER)).modal).toBeNull();
  });

  it('accepts a trigger just inside 3 seconds, once; a second use is exchanged_trigger_id', async () => {
    const command = await runCommand(setup);
    setup.clock.advance(2_999);
    const trigger_id = command.form.get('trigger_id');
    expect((await callApi(setup.workspace, 'views.open', { trigger_id, view: modal('One') })).body.ok).toBe(true);
    const again = await callApi(setup.workspace, 'views.open', { trigger_id, view: modal('Two') });
    expect(again.body).toEqual({ ok: false, error: 'exchanged_trigger_id' });
    expect((await snapshot(setup.workspace, REQUESTER)).modal.title.text).toBe('One');
  });

  it('refuses an unknown trigger with invalid_trigger_id', async () => {
    const answer = await callApi(setup.workspace, 'views.open', { trigger_id: '1.2.abc', view: modal('x') });
    expect(answer.body).toEqual({ ok: false, error: 'invalid_trigger_id' });
  });

  it('refuses a view Slack would refuse with invalid_arguments and the json-pointer, using no trigger', async () => {
    const command = await runCommand(setup);
    const trigger_id = command.form.get('trigger_id');
    const answer = await callApi(setup.workspace, 'views.open', {
      trigger_id,
      view: modal('A title longer than 24 chars'),
    });
    expect(answer.body).toEqual({
      ok: false,
      error: 'invalid_arguments',
      response_metadata: { messages: ['[ERROR] must be less than 25 characters [json-pointer:/view/title/text]'] },
    });
    const tooMany = await callApi(setup.workspace, 'views.open', {
      trigger_id,
      view: modal('Blocks', { blocks: Array.from({ length: 101 }, () => ({ type: 'divider' })) }),
    });
    expect(tooMany.body.response_metadata.messages).toEqual([
      '[ERROR] no more than 100 items allowed [json-pointer:/view/blocks]',
    ]);
    expect((await callApi(setup.workspace, 'views.open', { trigger_id, view: modal('Fine') })).body.ok).toBe(true);
  });

  it('updates a modal by view_id, with a new hash; a stale hash is hash_conflict, an unknown id not_found', async () => {
    const opened = await open();
    const updated = await callApi(setup.workspace, 'views.update', {
      view_id: opened.id,
      hash: opened.hash,
      view: {
        type: 'modal',
        title: { type: 'plain_text', text: 'Second' },
        close: { type: 'plain_text', text: 'Close' },
        blocks: [
          {
            type: 'section',
            text: { type: 'plain_text', text: 'Done' },
            accessory: { type: 'button', action_id: 'again', text: { type: 'plain_text', text: 'Again' } },
          },
        ],
      },
    });
    expect(shapeDifferences(updated.body, reference('api.views.update.json'))).toEqual([]);
    expect(updated.body.view.id).toBe(opened.id);
    expect(updated.body.view.hash).not.toBe(opened.hash);

    const stale = await callApi(setup.workspace, 'views.update', {
      view_id: opened.id,
      hash: opened.hash,
      view: modal('Third'),
    });
    expect(stale.body).toEqual({ ok: false, error: 'hash_conflict' });
    const unknown = await callApi(setup.workspace, 'views.update', { view_id: 'V0NOSUCH', view: modal('x') });
    expect(unknown.body).toEqual({ ok: false, error: 'not_found' });
    expect((await snapshot(setup.workspace, REQUESTER)).modal.title.text).toBe('Second');
  });

  it('pushes views onto the stack with a trigger from the modal, up to 3, then push_limit_reached', async () => {
    const root = await open('Root');
    // The bot keeps the root open (inline error) and pushes with the submission's trigger.
    setup.bot.reply(() => ({ json: { response_action: 'errors', errors: { name_block: 'Pick another' } } }));
    const submitted = await fetch(`${setup.workspace.url}/ui/view-submit`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: REQUESTER, viewId: root.id, values: { name_block: { name: 'x' } } }),
    });
    expect(submitted.status).toBe(200);
    const submissionTrigger = setup.bot.received.at(-1)?.payload.trigger_id as string;

    const push = (trigger_id: string | null, title: string) =>
      callApi(setup.workspace, 'views.push', { trigger_id, view: modal(title) });
    const second = await push(submissionTrigger, 'Second');
    expect(second.body.view).toMatchObject({ root_view_id: root.id, previous_view_id: root.id });
    expect((await push(submissionTrigger, 'Again')).body).toEqual({ ok: false, error: 'exchanged_trigger_id' });

    setup.bot.reply(() => ({ status: 200 }));
    expect((await push((await runCommand(setup)).form.get('trigger_id'), 'Third')).body.ok).toBe(true);
    const fourth = await push((await runCommand(setup)).form.get('trigger_id'), 'Fourth');
    expect(fourth.body).toEqual({ ok: false, error: 'push_limit_reached' });
    expect((await snapshot(setup.workspace, REQUESTER)).modal).toMatchObject({ depth: 3, title: { text: 'Third' } });
  });
});
