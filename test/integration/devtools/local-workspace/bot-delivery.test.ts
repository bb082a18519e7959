import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  APPROVER,
  BOT_TOKEN,
  CHANNEL,
  callApi,
  REQUESTER,
  runCommand,
  type Setup,
  SIGNING_SECRET,
  snapshot,
  startWorkspaceWithFakeBot,
  ui,
} from './harness.js';
import { reference, shapeDifferences } from './shape.js';

const button = (action_id: string, value: string, style?: string) => ({
  type: 'button',
  action_id,
  value,
  text: { type: 'plain_text', text: action_id },
  ...(style ? { style } : {}),
});

const newGroupModal = {
  type: 'modal',
  callback_id: 'new_group',
  notify_on_close: true,
  private_metadata: 'sr-1',
  title: { type: 'plain_text', text: 'New security group' },
  submit: { type: 'plain_text', text: 'Submit' },
  close: { type: 'plain_text', text: 'Cancel' },
  blocks: [
    {
      type: 'input',
      block_id: 'region',
      label: { type: 'plain_text', text: 'Region' },
      element: {
        type: 'static_select',
        action_id: 'region',
        options: [
          { text: { type: 'plain_text', text: 'Guangzhou' }, value: 'ap-guangzhou' },
          { text: { type: 'plain_text', text: 'Shanghai' }, value: 'ap-shanghai' },
        ],
        initial_option: { text: { type: 'plain_text', text: 'Guangzhou' }, value: 'ap-guangzhou' },
      },
    },
    {
      type: 'input',
      block_id: 'template',
      label: { type: 'plain_text', text: 'Template' },
      element: {
        type: 'radio_buttons',
        action_id: 'template',
        options: [
          { text: { type: 'mrkdwn', text: '*Open all ports*' }, value: 'open-all' },
          { text: { type: 'plain_text', text: 'Custom' }, value: 'custom' },
        ],
      },
    },
    {
      type: 'input',
      block_id: 'name',
      label: { type: 'plain_text', text: 'Name' },
      element: { type: 'plain_text_input', action_id: 'name', max_length: 60 },
    },
    {
      type: 'input',
      block_id: 'notes',
      optional: true,
      label: { type: 'plain_text', text: 'Notes' },
      element: { type: 'plain_text_input', action_id: 'notes', multiline: true },
    },
  ],
};

describe('local workspace: what it sends the bot, and how it honours the answers', () => {
  let setup: Setup;

  beforeEach(async () => {
    setup = await startWorkspaceWithFakeBot();
  });

  afterEach(async () => {
    await setup.stop();
  });

  const openModal = async (view: object = newGroupModal) => {
    const command = await runCommand(setup);
    const opened = await callApi(setup.workspace, 'views.open', { trigger_id: command.form.get('trigger_id'), view });
    expect(opened.body.ok).toBe(true);
    return opened.body.view;
  };

  it('sends a slash command as a signed form with every field Slack sends', async () => {
    const received = await runCommand(setup, '/secgroup   new  web');
    expect(received.signatureValid).toBe(true);
    expect(received.headers['content-type']).toBe('application/x-www-form-urlencoded');
    const referenceFields = [...new URLSearchParams(reference('slash-command.form.bolt-python-test.txt')).keys()];
    const fields = [...received.form.keys()];
    // An enterprise (Enterprise Grid) install adds enterprise_*; the local workspace is not one.
    expect(fields).toEqual(expect.arrayContaining(referenceFields.filter((k) => !k.startsWith('enterprise_'))));
    expect(Object.fromEntries(received.form)).toMatchObject({
      team_id: 'T0LOCAL01',
      channel_id: CHANNEL,
      channel_name: 'cloud-requests',
      user_id: REQUESTER,
      user_name: 'riley',
      command: '/secgroup',
      text: 'new  web',
      api_app_id: 'A0LOCALAPP',
    });
    expect(received.form.get('response_url')).toMatch(new RegExp(`^${setup.workspace.url}/hooks/T0LOCAL01/`));
    expect(received.form.get('trigger_id')).toMatch(/^\d+\.\d+\.[0-9a-f]{32}$/);
  });

  it('signs with the signing secret: a bot with another secret sees an invalid signature', async () => {
    const received = await runCommand(setup);
    const body = received.rawBody;
    expect(body).toContain('command=%2Fsecgroup');
    expect(received.headers['x-slack-signature']).toMatch(/^v0=[0-9a-f]{64}$/);
    const { isValidSlackRequest } = await import('@slack/bolt');
    const headers = {
      'x-slack-signature': String(received.headers['x-slack-signature']),
      'x-slack-request-timestamp': Number(received.headers['x-slack-request-timestamp']),
    };
    expect(isValidSlackRequest({ signingSecret: SIGNING_SECRET, body, headers })).toBe(true);
    expect(isValidSlackRequest({ signingSecret: 'another-secret', body, headers })).toBe(false);
  });

  it("shows a command's immediate text answer to that user only, as Slack does", async () => {
    setup.bot.reply(() => ({ text: 'Usage: /secgroup new' }));
    await runCommand(setup, '/secgroup what');
    expect((await snapshot(setup.workspace, REQUESTER)).messages).toEqual([
      expect.objectContaining({ text: 'Usage: /secgroup new', ephemeral: true, user: 'U0LOCALBOT' }),
    ]);
    expect((await snapshot(setup.workspace, APPROVER)).messages).toEqual([]);
  });

  it('posts a JSON command answer with response_type in_channel for everyone', async () => {
    setup.bot.reply(() => ({ json: { response_type: 'in_channel', text: 'Templates: …' } }));
    await runCommand(setup, '/secgroup templates');
    expect((await snapshot(setup.workspace, APPROVER)).messages).toEqual([
      expect.objectContaining({ text: 'Templates: …', ephemeral: false }),
    ]);
  });

  it("answers an unknown command with Slack's notice and sends the bot nothing", async () => {
    const answer = await ui(setup.workspace, 'compose', { user: REQUESTER, channel: CHANNEL, text: '/deploy now' });
    expect(answer.body).toEqual({ ok: false, error: '/deploy is not a valid command' });
    expect(setup.bot.received).toEqual([]);
    const [notice] = (await snapshot(setup.workspace, REQUESTER)).messages;
    expect(notice).toMatchObject({ user: 'USLACKBOT', ephemeral: true });
    expect(notice.text).toContain('/deploy is not a valid command');
  });

  it('tells the user when the bot fails a command (HTTP 500) or cannot be reached', async () => {
    setup.bot.reply(() => ({ status: 500 }));
    const failed = await ui(setup.workspace, 'compose', { user: REQUESTER, channel: CHANNEL, text: '/secgroup new' });
    expect(failed.body).toEqual({ ok: false, error: '/secgroup failed with the error "http_error_500"' });
    await setup.bot.stop();
    const unreachable = await ui(setup.workspace, 'compose', {
      user: REQUESTER,
      channel: CHANNEL,
      text: '/secgroup new',
    });
    expect(unreachable.body.error).toBe('/secgroup failed with the error "dispatch_failed"');
    const texts = (await snapshot(setup.workspace, REQUESTER)).messages.map((m: { text: string }) => m.text);
    expect(texts).toEqual([
      '/secgroup failed with the error "http_error_500"',
      '/secgroup failed with the error "dispatch_failed"',
    ]);
  });

  it('serves response_url: ephemeral by default, in_channel, at most 5 uses', async () => {
    const received = await runCommand(setup);
    const url = received.form.get('response_url') as string;
    const post = (body: object) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post({ text: 'just you' })).status).toBe(200);
    expect((await post({ response_type: 'in_channel', text: 'everyone' })).status).toBe(200);
    expect((await snapshot(setup.workspace, APPROVER)).messages.map((m: { text: string }) => m.text)).toEqual([
      'everyone',
    ]);
    expect((await snapshot(setup.workspace, REQUESTER)).messages.map((m: { text: string }) => m.text)).toEqual([
      'just you',
      'everyone',
    ]);
    const empty = await post({});
    expect(empty.status).toBe(400);
    expect(await empty.json()).toEqual({ ok: false, error: 'no_text' });
    await post({ text: '4' });
    await post({ text: '5' });
    const sixth = await post({ text: '6' });
    expect(sixth.status).toBe(404);
    expect(await sixth.json()).toEqual({ ok: false, error: 'used_url' });
  });

  it("sends a button click as Slack's block_actions payload, and honours replace_original and delete_original", async () => {
    const posted = await callApi(setup.workspace, 'chat.postMessage', {
      channel: CHANNEL,
      text: 'Request sr-1',
      blocks: [{ type: 'actions', block_id: 'decide', elements: [button('approve', 'sr-1', 'primary')] }],
    });
    const clicked = await ui(setup.workspace, 'action', {
      user: APPROVER,
      channel: CHANNEL,
      ts: posted.body.ts,
      blockId: 'decide',
      actionId: 'approve',
    });
    expect(clicked).toEqual({ status: 200, body: { ok: true } });
    const request = setup.bot.received[0];
    expect(request?.signatureValid).toBe(true);
    const payload = request?.payload;
    expect(
      shapeDifferences(payload, reference('block_actions.button.json'), [
        // The reference's container is a legacy attachment's; a block message's has neither field.
        'container.attachment_id',
        'container.is_app_unfurl',
      ]),
    ).toEqual([]);
    expect(payload).toMatchObject({
      type: 'block_actions',
      user: { id: APPROVER, username: 'alex', team_id: 'T0LOCAL01' },
      container: { type: 'message', message_ts: posted.body.ts, channel_id: CHANNEL, is_ephemeral: false },
      channel: { id: CHANNEL, name: 'cloud-requests' },
      message: { ts: posted.body.ts, text: 'Request sr-1', bot_id: 'B0LOCALBOT' },
      actions: [
        {
          type: 'button',
          action_id: 'approve',
          block_id: 'decide',
          value: 'sr-1',
          style: 'primary',
          text: { type: 'plain_text', text: 'approve', emoji: true },
        },
      ],
    });
    expect(payload.actions[0].action_ts).toMatch(/^\d+\.\d{6}$/);

    const respond = (body: object) =>
      fetch(payload.response_url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await respond({ replace_original: true, text: 'Approved by Alex' })).status).toBe(200);
    const afterReplace = (await snapshot(setup.workspace, REQUESTER)).messages;
    expect(afterReplace).toEqual([expect.objectContaining({ ts: posted.body.ts, text: 'Approved by Alex' })]);
    expect((await respond({ delete_original: true })).status).toBe(200);
    expect((await snapshot(setup.workspace, REQUESTER)).messages).toEqual([]);
  });

  it('sends a click in an ephemeral thread message without the message, as Slack does', async () => {
    const parent = await callApi(setup.workspace, 'chat.postMessage', { channel: CHANNEL, text: 'card' });
    const ephemeral = await callApi(setup.workspace, 'chat.postEphemeral', {
      channel: CHANNEL,
      user: REQUESTER,
      thread_ts: parent.body.ts,
      text: 'choose',
      blocks: [{ type: 'actions', block_id: 'b', elements: [button('retry', 'sr-2')] }],
    });
    await ui(setup.workspace, 'action', {
      user: REQUESTER,
      channel: CHANNEL,
      ts: ephemeral.body.message_ts,
      blockId: 'b',
      actionId: 'retry',
    });
    const payload = setup.bot.received[0]?.payload;
    expect(
      shapeDifferences(payload, reference('block_actions.button.message-ephemeral-thread.json'), [
        // The reference's state holds an external_select; this message has no stateful element.
        'state.values',
      ]),
    ).toEqual([]);
    expect(payload.container).toEqual({
      type: 'message',
      message_ts: ephemeral.body.message_ts,
      channel_id: CHANNEL,
      is_ephemeral: true,
      thread_ts: parent.body.ts,
    });
    expect(payload).not.toHaveProperty('message');
    // Another user cannot click what they cannot see.
    const stranger = await ui(setup.workspace, 'action', {
      user: APPROVER,
      channel: CHANNEL,
      ts: ephemeral.body.message_ts,
      blockId: 'b',
      actionId: 'retry',
    });
    expect(stranger).toEqual({ status: 400, body: { ok: false, error: 'that message no longer exists' } });
    expect(setup.bot.received).toHaveLength(1);
  });

  it('submits a modal as view_submission with state.values, and shows response_action errors inline', async () => {
    const view = await openModal();
    setup.bot.reply(() => ({
      json: { response_action: 'errors', errors: { name: 'Use at most 60 characters (this has 61).' } },
    }));
    const answer = await ui(setup.workspace, 'view-submit', {
      user: REQUESTER,
      viewId: view.id,
      values: { template: { template: 'open-all' }, name: { name: 'x'.repeat(61) }, notes: { notes: '' } },
    });
    expect(answer.body).toEqual({ ok: true });
    const request = setup.bot.received.at(-1);
    expect(request?.signatureValid).toBe(true);
    const payload = request?.payload;
    // The envelope is compared; the blocks and values are the app's own, checked below.
    expect(shapeDifferences(payload, reference('view_submission.json'), ['view.blocks', 'view.state.values'])).toEqual(
      [],
    );
    expect(payload.view).toMatchObject({ id: view.id, callback_id: 'new_group', private_metadata: 'sr-1' });
    expect(payload.view.state.values).toEqual({
      region: {
        region: {
          type: 'static_select',
          selected_option: { text: { type: 'plain_text', text: 'Guangzhou', emoji: true }, value: 'ap-guangzhou' },
        },
      },
      template: {
        template: {
          type: 'radio_buttons',
          selected_option: { text: { type: 'mrkdwn', text: '*Open all ports*' }, value: 'open-all' },
        },
      },
      name: { name: { type: 'plain_text_input', value: 'x'.repeat(61) } },
      notes: { notes: { type: 'plain_text_input', value: null } },
    });
    const shown = (await snapshot(setup.workspace, REQUESTER)).modal;
    expect(shown).toMatchObject({ id: view.id, errors: { name: 'Use at most 60 characters (this has 61).' } });
  });

  it('closes the modal on an empty answer, and follows update, push and clear', async () => {
    const submit = async (viewId: string) =>
      ui(setup.workspace, 'view-submit', { user: REQUESTER, viewId, values: { template: { template: 'custom' } } });
    const step = (title: string) => ({
      type: 'modal',
      title: { type: 'plain_text', text: title },
      submit: { type: 'plain_text', text: 'Next' },
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: title } }],
    });

    const first = await openModal();
    setup.bot.reply(() => ({ json: { response_action: 'update', view: step('Updated') } }));
    await submit(first.id);
    const updated = (await snapshot(setup.workspace, REQUESTER)).modal;
    expect(updated).toMatchObject({ id: first.id, title: { text: 'Updated' }, depth: 1 });
    expect(updated.hash).not.toBe(first.hash);

    setup.bot.reply(() => ({ json: { response_action: 'push', view: step('Pushed') } }));
    await submit(first.id);
    const pushed = (await snapshot(setup.workspace, REQUESTER)).modal;
    expect(pushed).toMatchObject({ title: { text: 'Pushed' }, depth: 2 });

    setup.bot.reply(() => ({ status: 200 }));
    await submit(pushed.id);
    expect((await snapshot(setup.workspace, REQUESTER)).modal).toMatchObject({ id: first.id, depth: 1 });

    setup.bot.reply(() => ({ json: { response_action: 'clear' } }));
    await submit(first.id);
    expect((await snapshot(setup.workspace, REQUESTER)).modal).toBeNull();
  });

  it('keeps the modal open with a notice when the bot fails the submission or answers nonsense', async () => {
    const view = await openModal();
    setup.bot.reply(() => ({ status: 500 }));
    const failed = await ui(setup.workspace, 'view-submit', { user: REQUESTER, viewId: view.id, values: {} });
    expect(failed.body.ok).toBe(false);
    expect((await snapshot(setup.workspace, REQUESTER)).modal.notice).toContain('We had some trouble connecting');

    setup.bot.reply(() => ({ json: { response_action: 'errors', errors: { no_such_block: 'x' } } }));
    await ui(setup.workspace, 'view-submit', { user: REQUESTER, viewId: view.id, values: {} });
    expect((await snapshot(setup.workspace, REQUESTER)).modal.notice).toBe(
      'The app sent errors for blocks that are not inputs of this form: no_such_block',
    );

    setup.bot.reply(() => ({ json: { response_action: 'update', view: { type: 'modal' } } }));
    await ui(setup.workspace, 'view-submit', { user: REQUESTER, viewId: view.id, values: {} });
    const refused = (await snapshot(setup.workspace, REQUESTER)).modal;
    expect(refused.id).toBe(view.id);
    expect(refused.notice).toContain('The app\'s response_action "update" was refused: invalid_arguments');
  });

  it('sends view_closed on Cancel when the view asked for it', async () => {
    const view = await openModal();
    const closed = await ui(setup.workspace, 'view-close', { user: REQUESTER, viewId: view.id });
    expect(closed.body).toEqual({ ok: true });
    const payload = setup.bot.received.at(-1)?.payload;
    expect(shapeDifferences(payload, reference('view_closed.json'), ['view.blocks'])).toEqual([]);
    expect(payload).toMatchObject({ type: 'view_closed', is_cleared: false, view: { id: view.id } });
    expect((await snapshot(setup.workspace, REQUESTER)).modal).toBeNull();
  });

  it('refuses what the page could not have sent, with a message, sending the bot nothing', async () => {
    const view = await openModal();
    const sentBefore = setup.bot.received.length;
    const badOption = await ui(setup.workspace, 'view-submit', {
      user: REQUESTER,
      viewId: view.id,
      values: { region: { region: 'mars-north-1' } },
    });
    expect(badOption).toEqual({
      status: 400,
      body: { ok: false, error: '"mars-north-1" is not one of the options of region' },
    });
    const unknownUser = await ui(setup.workspace, 'compose', { user: 'U0NOBODY', channel: CHANNEL, text: 'hi' });
    expect(unknownUser.status).toBe(400);
    expect(unknownUser.body.error).toBe('user: choose one of the local users');
    const otherUsersModal = await ui(setup.workspace, 'view-submit', { user: APPROVER, viewId: view.id, values: {} });
    expect(otherUsersModal.body).toEqual({ ok: false, error: 'that form is no longer open' });
    expect(setup.bot.received).toHaveLength(sentBefore);
  });

  it("stores what people type with Slack's entities, so <!channel> stays text", async () => {
    await ui(setup.workspace, 'compose', { user: REQUESTER, channel: CHANNEL, text: 'hi <!channel> & co' });
    expect((await snapshot(setup.workspace, REQUESTER)).messages[0].text).toBe('hi &lt;!channel&gt; &amp; co');
  });

  it('never logs the bot token or the signing secret', async () => {
    await runCommand(setup);
    await callApi(setup.workspace, 'chat.postMessage', { channel: CHANNEL, text: 'x' });
    await callApi(setup.workspace, 'auth.test', {}, 'xoxb-wrong');
    const logged = setup.log.texts().join('\n');
    expect(logged).toContain('chat.postMessage');
    expect(logged).not.toContain(BOT_TOKEN);
    expect(logged).not.toContain(SIGNING_SECRET);
  });
});
